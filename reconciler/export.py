"""Live state -> a strec config that `plan` then reports as no change.

Secrets never come back from the API, and proxy credentials must not be printed, so
both are written as `${env:…}` placeholders whose names the header lists. Order is
stable (captions by title, accounts by username, settings by name), so an export diffs
cleanly in Git.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ruamel.yaml import YAML

from reconciler import __version__
from reconciler.api.client import ApiClient
from reconciler.catalog import SETTINGS, Kind
from reconciler.live import fetch_live, read_account
from reconciler.redact import redact_text
from reconciler.state import Account, Schedule, State

_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^@/]*@")


@dataclass
class Export:
    """The exported config as data, the variables it needs, and notes for the header."""

    config: dict[str, Any]
    variables: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _var(prefix: str, username: str) -> str:
    return f"STREC_{prefix}_" + re.sub(r"[^A-Za-z0-9]", "_", username).upper()


def _escape(text: str) -> str:
    """Literal `${` in live text must not read as a reference."""
    return text.replace("${", "$${")


def wanted_state(live_accounts: list[str], modules: tuple[str, ...]) -> State:
    """A desired state that asks the live reader for everything of these accounts."""
    state = State(prune_captions=True)
    for username in live_accounts:
        state.accounts[username] = Account(username, schedules={
            m: Schedule(settings={}, targets=[]) for m in modules})
    return state


def build_export(client: ApiClient, usernames: list[str] | None = None) -> Export:
    """Read the live state (all accounts, or just `usernames`) into a config."""
    # The account list is read once more by fetch_live, which needs the usernames first
    # to ask for their schedules; one extra list read keeps export on the shared reader.
    accounts = [read_account(a).username for a in client.list_all("/accounts")]
    chosen = sorted(u for u in accounts if usernames is None or u in usernames)
    live = fetch_live(client, wanted_state(chosen, ("repost", "reactions")))
    out = Export({"version": 1})
    captions = []
    for title in sorted(live.captions):
        copies = live.captions[title]
        if len(copies) > 1:
            out.notes.append(f'caption "{title}" exists {len(copies)} times; exported once')
        captions.append({"title": title, "caption": _escape(copies[0].caption)})
    out.config["captions"] = captions
    for module, why in sorted(live.module_errors.items()):
        out.notes.append(f"{module} schedules not exported: {why}")
    out.config["accounts"] = [_account(live.accounts[u], out) for u in chosen
                              if u in live.accounts]
    missing = sorted(set(usernames or []) - set(chosen))
    if missing:
        out.notes.append(f"not found live: {', '.join(missing)}")
    return out


def _account(acc: Account, out: Export) -> dict[str, Any]:
    password = _var("PASSWORD", acc.username)
    out.variables.append(password)
    entry: dict[str, Any] = {"username": acc.username, "password": f"${{env:{password}}}"}
    for name, value in (("proxy", acc.proxy), ("mobile_proxy", acc.mobile_proxy)):
        if isinstance(value, str) and value:
            if _USERINFO.match(value):
                auth = _var(f"{name.upper()}_AUTH", acc.username)
                out.variables.append(auth)
                scheme = value.split("://", 1)[0]
                value = f"{scheme}://${{env:{auth}}}@" + value.split("@", 1)[1]
            entry[name] = value
    if acc.login_required:
        out.notes.append(f"{acc.username} needs a re-login (login_required=1): plan shows it")
    for module in ("repost", "reactions"):
        sched = acc.schedules.get(module)
        if sched is not None:
            entry[module] = _schedule(module, sched)
    return entry


def _schedule(module: str, sched: Schedule) -> dict[str, Any]:
    catalog = SETTINGS[module]
    settings: dict[str, Any] = {}
    for name in sorted(sched.settings or {}):
        spec, value = catalog.get(name), (sched.settings or {})[name]
        if spec is None or value is None:
            continue  # read-only or unknown fields are not config
        if value == "" and spec.kind in (Kind.TIME, Kind.DATETIME):
            continue
        settings[name] = _escape(value) if isinstance(value, str) else value
    targets = []
    for t in sched.targets or []:
        item = {"type": t.type, "value": t.value}
        if t.id is not None and t.id != t.value:
            item["id"] = t.id
        targets.append(item)
    return {"active": bool(sched.active), "settings": settings, "targets": targets}


def render_export(export: Export, source: str) -> str:
    """The export as YAML text with a header saying what, from where and when."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    n_acc, n_cap = len(export.config["accounts"]), len(export.config["captions"])
    header = [
        f"Exported by strec {__version__} from {redact_text(source)} at {stamp}.",
        f"Contents: {n_acc} account(s) with their Repost Pro and Reactions Pro schedules "
        f"(active, settings, targets), and {n_cap} caption(s).",
        "Secrets are not exported. Set these environment variables before a login or a",
        "proxy comparison needs them:",
        *[f"  {v}" for v in export.variables],
        *[f"Note: {n}" for n in export.notes],
    ]
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(export.config, buf)
    return "".join(f"# {line}\n" for line in header) + buf.getvalue()
