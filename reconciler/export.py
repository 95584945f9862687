"""Live state -> a strec config that `plan` then reports as no change.

Every kind writes its own part (`Kind.export_account`, `Kind.export_root`); values most
accounts share are then lifted into `defaults:` or a profile (`export_compact`), so the
file says only what differs. Secrets never come back from the API, and proxy credentials
must not be printed, so both are written as `${env:…}` placeholders whose names are
unique and stable, listed in the header with how to set them. Order is stable
(captions by title, accounts by username, settings by name): an export diffs cleanly.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler import __version__
from reconciler.api.client import ApiClient
from reconciler.export_compact import compact
from reconciler.kinds import KINDS
from reconciler.kinds.account import read_account
from reconciler.live import fetch_live
from reconciler.redact import redact_text
from reconciler.state import Account, State
from reconciler.textsafe import printable


@dataclass
class Export:
    """The exported config as data, the variables it needs, and notes for the header."""

    config: dict[str, Any]
    variables: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: username -> the unique upper-case stem of its placeholder names
    stems: dict[str, str] = field(default_factory=dict)

    def placeholder(self, prefix: str, username: str, what: str) -> str:
        """A `${env:…}` placeholder for one secret of one account, recorded for the header."""
        name = f"STREC_{prefix}_{self.stems.get(username) or stem(username)}"
        self.variables.append((name, what))
        return f"${{env:{name}}}"


def stem(username: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "_", username).upper()


def unique_stems(usernames: list[str]) -> dict[str, str]:
    """Placeholder stems, unique among `usernames` (`brand.one` and `brand_one` both
    read BRAND_ONE: each then gets a suffix from a hash of its own name, so a name
    never changes with the order of the list)."""
    by_stem: dict[str, list[str]] = {}
    for username in usernames:
        by_stem.setdefault(stem(username), []).append(username)
    out: dict[str, str] = {}
    for base, names in by_stem.items():
        for username in names:
            suffix = hashlib.sha256(username.encode()).hexdigest()[:6].upper()
            out[username] = base if len(names) == 1 else f"{base}_{suffix}"
    return out


def wanted_state(usernames: list[str]) -> State:
    """A desired state that asks every kind to read everything of these accounts."""
    state = State()
    for kind in KINDS:
        kind.want_everything(state, usernames)
    return state


def build_export(client: ApiClient, usernames: list[str] | None = None, *,
                 compact_values: bool = True) -> Export:
    """Read the live state (all accounts, or just `usernames`) into a config."""
    # The account list is read once more by fetch_live, which needs the usernames first
    # to ask for their schedules; one extra list read keeps export on the shared reader.
    accounts = [read_account(a).username for a in client.list_all("/accounts")]
    chosen = sorted(u for u in accounts if usernames is None or u in usernames)
    live = fetch_live(client, wanted_state(chosen))
    out = Export({"version": 1}, stems=unique_stems(chosen))
    for kind in KINDS:
        out.config.update(kind.export_root(live, out.notes, chosen))
    for name, why in sorted(live.module_errors.items()):
        out.notes.append(f"{name} not exported: {why}")
    entries = []
    for username in chosen:
        account = live.accounts.get(username)
        if account is not None:
            entries.append(_account(live, account, out))
    missing = sorted(set(usernames or []) - set(chosen))
    if missing:
        out.notes.append(f"not found live: {', '.join(missing)}")
    if compact_values:
        defaults, profiles, entries = compact(entries)
        if defaults:
            out.config["defaults"] = defaults
        if profiles:
            out.config["profiles"] = profiles
    out.config["accounts"] = entries
    return out


def _account(live: State, account: Account, out: Export) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for kind in KINDS:
        entry.update(kind.export_account(live, account, out))
    return entry


def render_export(export: Export, source: str) -> str:
    """The export as YAML text with a header saying what, from where, when, and how to
    set the secrets it needs."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    n_acc = len(export.config.get("accounts", []))
    n_cap = len(export.config.get("captions", []))
    width = max((len(n) for n, _ in export.variables), default=0)
    header = [
        f"Exported by strec {__version__} from {redact_text(source)} at {stamp}.",
        f"Contents: {n_acc} account(s) with their module schedules, and {n_cap} caption(s);",
        "values most accounts share are under `defaults:` (or a profile named after the",
        "module), and an account lists only what differs.",
        "Secrets are not exported. Before a login or a proxy comparison needs them, set",
        "these environment variables (a shell: `export NAME=value`; CI: a repository",
        "secret mapped in the workflow's `env:` block):",
        *[f"  {name.ljust(width)}  {what}" for name, what in export.variables],
        *[f"Note: {n}" for n in export.notes],
    ]
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(_flow_lists(export.config), buf)
    return "".join(f"# {printable(line)}\n" for line in header) + buf.getvalue()


def _flow_lists(data: Any, key: str = "") -> Any:
    """Target lists as one line per target: `- {type: hashtag, value: nature}` reads at
    a glance and keeps a large export short."""
    if isinstance(data, dict):
        return {k: _flow_lists(v, k) for k, v in data.items()}
    if isinstance(data, list):
        items = [_flow_lists(v) for v in data]
        if key == "targets" and data and all(_small_flat(v) for v in data):
            seq = CommentedSeq()
            for item in data:
                flow = CommentedMap(item)
                flow.fa.set_flow_style()
                seq.append(flow)
            return seq
        return items
    return data


def _small_flat(item: Any) -> bool:
    return (isinstance(item, dict) and 0 < len(item) <= 4
            and all((isinstance(v, str | int | float | bool) and not isinstance(v, str))
                    or (isinstance(v, str) and len(v) <= 80 and "\n" not in v)
                    for v in item.values()))
