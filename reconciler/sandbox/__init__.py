"""A stateful, in-memory simulator of the Sharingtools REST API, for tests and demos.

It speaks either dialect ("reference": the plugin reference, the primary one; "guide":
the public developer guide) and covers accounts (create, update, delete, the live login
with scripted Instagram outcomes and its challenge step, the guide's change-proxy and
password actions), proxies, captions and the Repost Pro and Reactions Pro schedules
(activate/pause, bulk, targets, settings). Where the two documents are silent it does
what a PHP/MySQL backend plausibly would; each module's docstring lists its choices.
The reconciler core never imports this package.

    sb = Sandbox(seed, dialect="reference", api_key=None, latency_ms=0,
                 fault_rate=0.0, fault_seed=0)
    httpx.Client(base_url="http://sandbox/api/v1", transport=sb.transport())
    with sb.serve(port=0) as base_url: ...        # real HTTP on 127.0.0.1
    sb.log / sb.writes() / sb.clear_log()         # RequestRecord per request
    sb.state                                      # the Store; mutate it to simulate drift
    sb.force_faults("drop-after", None, …)        # exact faults for the next requests
    sb.advance_time(601) / sb.clock = fn          # the clock (challenge token TTL)

Request bodies are logged with the values of password, imap_password, twofa_secret and
code replaced by "(redacted)"; no answer ever holds a password.

Seed format (YAML or JSON; every key optional unless marked):

    api_key: sht_…            # the default user's key; better given by STREC_API_KEY
    plugins: [repost-pro, reactions]   # installed plugins (default: both) → else 503
    users:                    # default: one user {id: 1, username: agency}
      - id: 1                 # ids are auto-assigned when omitted, here and below
        username: agency
        account_type: user
        modules: [repost-pro, reactions]   # the package's modules (default: both) → else 403
        api_keys: [sht_…]     # extra keys of this user
        revoked_keys: [sht_…] # keys that answer 401
        account_limit: 10     # accounts allowed by the package (default: no limit) → 403
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
          settings: {speed: slow, daily_pause: true, daily_pause_from: "23:00"}
          targets: [{type: hashtag, value: nature}, {type: location, value: Paris, id: "213"}]
          schedule_date: "…", end_date: "…", last_action_date: null
          private_only: false # the guide's data.private_only
        reactions:            # same keys, plus:
          is_running: false, is_executed: false, speed: 3, messages: [], next_check_date: null
    captions: [{id: 1, user_id: 1, title: t, caption: c, date: "…"}]
    proxies: [{id: 1, proxy: "http://1.2.3.4:8080", country_code: US, use_count: 0}]
    logins:                   # scripted /accounts/login outcomes (logins.py has them all)
      new_brand: {outcome: success, password: "right-pass"}
      mail_brand: {outcome: email_challenge, imap_polls: 2, code: "123456"}

A proxy's `use_count` is live: the seeded value is the count at load time (accounts of
the seed that use the proxy included), and it follows accounts as they take or leave it.

Settings are the catalog's fields (reconciler.catalog); unset ones default to false, 0,
0.0, "", "00:00", null (datetimes) or "medium" (repost speed). Seed values are read
leniently (0/1, "07:00:00"); unknown keys, settings and users are a SeedError. Target
types are not checked in a seed; `id` defaults to `value`, `link` to the value for
instagram_post/tiktok_post. The API key is resolved as: the `api_key` argument, then the
seed's `api_key`, then the first user's first `api_keys` entry, else a generated one.

Not simulated: the guide's own repost settings names (remove_delay in hours,
metadata_location/metadata_user as id/username, data.photo… as PATCH fields); the
sandbox takes the reference's settings fields in both dialects.
"""

from reconciler.sandbox.faults import RequestRecord
from reconciler.sandbox.seed import SeedError
from reconciler.sandbox.simulator import Sandbox

__all__ = ["RequestRecord", "Sandbox", "SeedError"]
