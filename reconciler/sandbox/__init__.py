"""A stateful, in-memory simulator of the Sharingtools REST API, for tests and demos.

It speaks either dialect ("reference": the plugin reference, the primary one; "guide":
the public developer guide) and covers accounts (create, update, delete, the live login
with scripted Instagram outcomes and its challenge step, the guide's change-proxy and
password actions), proxies, captions, the user and its subscription, and six gated
modules (modules.py, the sandbox's own table read from the documents):

- Repost Pro and Reactions Pro: schedules by account id, activate/pause, bulk (reactions
  bulk stop clears is_running), targets, settings (repost in the guide dialect with the
  guide's own names and units: guide_repost.py), run logs;
- Welcome DM, AI-DM and Leads Finder: schedules by schedule id (several per account),
  activate/pause or start/stop, run logs (routes_modules.py);
- First Comment, in the guide dialect only: full CRUD, activate/pause, logs
  (routes_first_comment.py; in the reference its paths are unknown endpoints, 404);

and, not gated, posts in both dialects (list with filters, create, read, update, delete;
published posts refuse updates: routes_posts.py, posts.py) and, in the guide dialect
only, uploaded media (multipart upload, list, read, delete: routes_media.py, media.py).

Every module route is gated: 503 when its plugin is not installed, then 403 when the
user's package lacks the module. Where the two documents are silent it does what a
PHP/MySQL backend plausibly would, and where they leave a choice it takes the stricter
reading; each module's docstring lists its choices. The reconciler core never imports
this package.

    sb = Sandbox(seed, dialect="reference", api_key=None, latency_ms=0,
                 fault_rate=0.0, fault_seed=0, clock=None)   # clock: default time.time
    httpx.Client(base_url="http://sandbox/api/v1", transport=sb.transport())
    with sb.serve(port=0) as base_url: ...        # real HTTP on 127.0.0.1
    sb.log / sb.writes() / sb.clear_log()         # RequestRecord per request
    sb.state                                      # the Store; mutate it to simulate drift
    sb.force_faults("drop-after", None, …)        # exact faults for the next requests
    sb.advance_time(601) / sb.clock = fn          # the clock (token TTL, expiry, statuses)

Request bodies are logged with the values of password, imap_password, twofa_secret and
code replaced by "(redacted)"; no answer ever holds a password.

Seed format (YAML or JSON; every key optional unless marked). Datetimes are
"Y-m-d H:i:s" or relative to the clock at load: "now", "now-6h", "now+3d" (s m h d w).

    api_key: sht_…            # the default user's key; better given by STREC_API_KEY
    plugins: [repost-pro, reactions, welcomedm, ai-dm, parser, first-comment]
                              # installed plugins (default: all six) → else 503
    users:                    # default: one user {id: 1, username: agency}
      - id: 1                 # ids are auto-assigned when omitted, here and below
        username: agency
        account_type: user
        modules: [repost-pro, reactions]   # the package's modules (default: all six) → else 403
        api_keys: [sht_…]     # extra keys of this user
        revoked_keys: [sht_…] # keys that answer 401
        account_limit: 10     # accounts allowed by the package (default: no limit) → 403
        email: "", firstname: "", lastname: "", is_active: true, is_online: false,
        expire_date: "now+3d" # subscription end (default 2200-12-12 23:59:59)
        max_upload_bytes: 10485760   # the plan's limit per uploaded file (default 10 MiB)
        package: {id: 1, title: Agency, monthly_price: 49, annual_price: 490, is_public: true}
        package_subscription: false, date_joined: "…", last_activity_time: null
    accounts:
      - id: 11
        username: brand_one   # required
        user_id: 1            # default: the first user
        instagram_id: "5000000011"   # default 5000000000 + id
        full_name: "", proxy: "", mobile_proxy: "", password: ""
        login_required: false, is_active: true, slave: false, child: false, rpa: false,
        engagement_mod: false, counter: 0, date: "…", last_login: "…"
        repost:               # the account's schedule (absent = none; `true` = defaults)
          id: 1
          is_active: false
          status: running     # running | active | inactive (running = is_running: true)
          settings: {speed: slow, daily_pause: true, daily_pause_from: "23:00"}
          guide_settings: {remove_delay: 24, metadata_user: natgeo, data.photo: true}
          targets: [{type: hashtag, value: nature}, {type: location, value: Paris, id: "213"}]
          schedule_date: "…", end_date: "…", last_action_date: null
          private_only: false # the guide's data.private_only
        reactions:            # same keys but status/guide_settings, plus:
          is_running: false, is_executed: false, speed: 3, messages: [], next_check_date: null
        welcome_dm:           # a mapping, a list of mappings (two schedules), or true
          id: 1, is_active: true, messages: ["Hi {username}!"], speed: auto,
          daily_pause: {enabled: true, from: "22:00", to: "08:00"},
          settings: {skip_opened: true, mute_thread: false, has_attachment: false,
                     debug_mode: false},
          schedule_date: "…", end_date: "…", last_action_date: "now-15m"
        ai_dm:                # same forms; process_id > 0 = running
          process_id: 0, account_name: brand_one, daily_pause: {…},
          cta: {platform: whatsapp, username: "+1…", spintax: null},
          settings: {system_prompt: "", api_key_configured: true, model: gpt-4, folder: "0",
                     max_per_conversation: 5, max_per_day_requests: …, max_time: 300}
        leads:                # same forms
          task_name: spring, is_running: false, targets: [{type: hashtag, value: x}],
          speed: 3, estimated_speed: 0, estimated_speed_parsed: 0, analyzed_percentage: 0,
          parser_data_type: username, data_fields: {nickname: true, …15 bools},
          filters: {followers_min: 0, …}, language_filter: {…}, telegram: {…},
          accelerators: {…}, custom_delays: {…}
        first_comment:        # same forms (served in the guide dialect only)
          id: 1, is_active: true, running: false, comment_mode: random,
          targets: [{username: nike, user_pk: "19038780"}], comments: ["Nice!"],
          schedule_date: "…", last_action_date: "…"
        logs:                 # run logs per module: repost, reactions, welcome_dm, ai_dm,
          repost:             # leads, first_comment (logs.py has each one's columns)
            - {status: error, message: "Media not found", date: "now-20m",
               original_media_code: "C0ffee"}
          ai_dm: [{status: success, type: messages_sent, data: {sent: 3}}]
    captions: [{id: 1, user_id: 1, title: t, caption: c, date: "…"}]
    proxies: [{id: 1, proxy: "http://1.2.3.4:8080", country_code: US, use_count: 0}]
    media_settings:           # the installation's uploads (guide dialect)
      video_processing: false # true: mov, m4v and mpg are allowed too
      opaque_names: false     # true: files are stored under an opaque name
      base_url: https://sandbox.invalid   # the start of every file's url
    media:                    # uploaded files: the name's extension gives the type
      - {id: 42, user_id: 1, name: beach.jpg, filesize: 204800, date: "now-2d"}
    posts:
      - id: 1
        account_id: 11        # required; the post belongs to the account's user
        status: published     # saved | scheduled | publishing | published | failed
                              # (default: scheduled when is_scheduled, else saved)
        type: photo           # photo | video | album | story | reels
        caption: "", first_comment: "", location: "", link: "",
        media_ids: "42,43"    # or [42, 43]; not checked against media (may be stale)
        is_scheduled: false, schedule_date: "now+2d",
        publish_date: "…"     # default for a published post: schedule_date, else create_date
        create_date: "…"
    logins:                   # scripted /accounts/login outcomes (logins.py has them all)
      new_brand: {outcome: success, password: "right-pass"}
      mail_brand: {outcome: email_challenge, imap_polls: 2, code: "123456"}

Defaults chosen so that old seeds behave as before: when a seed names no `plugins` or a
user no `modules`, everything the sandbox serves is installed and in the package (the
newer modules then answer with empty lists). Module names are the packages' own; the
module keys ("repost", "welcome_dm", …) are aliases; an unknown name is a SeedError
with a did-you-mean. The modules' own seed fields and their defaults: module_fields.py,
seed_modules.py, seed_schedules.py, seed_users.py.

A proxy's `use_count` is live: the seeded value is the count at load time (accounts of
the seed that use the proxy included), and it follows accounts as they take or leave it.

Repost and reactions settings are the reference catalog's fields (reconciler.catalog);
unset ones default to false, 0, 0.0, "", "00:00", null (datetimes) or "medium" (repost
speed). The guide's repost names and units are the sandbox's own table (guide_repost.py).
Seed values are read leniently (0/1, "07:00:00"); unknown keys, settings, modules and
users are a SeedError. Target types are not checked in a seed; `id` defaults to
`value`, `link` to the value for instagram_post/tiktok_post. The API key is resolved as:
the `api_key` argument, then the seed's `api_key`, then the first user's first
`api_keys` entry, else a generated one.

Every list is read from an index kept per user (table.py): an unfiltered page costs
O(page) however many rows the installation holds; a filtered one scans the caller's rows.

Not simulated: statistics, stats, wallet, keys, packages, admin, the Leads export, AI-DM
threads, post actions, inbox and direct; the uploaded files' bytes (only their metadata
and digest are kept, and their URLs are not served); no cron runs (a schedule is
"running" only when seeded so and stays so until stopped, and a scheduled post is never
published).
"""

from reconciler.sandbox.faults import RequestRecord
from reconciler.sandbox.seed import SeedError
from reconciler.sandbox.simulator import Sandbox

__all__ = ["RequestRecord", "Sandbox", "SeedError"]
