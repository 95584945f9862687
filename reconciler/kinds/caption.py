"""Captions: the installation's caption library, keyed by title, with full CRUD.

The server enforces no uniqueness, so live titles may repeat: strec manages the copy
with the lowest id and, with `prune.captions: true`, deletes the others. A create whose
answer is lost is re-read by title before it is sent again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import reconciler.kinds.fields as fields
from reconciler.api.client import path
from reconciler.calls import Call, send
from reconciler.errors import ApiError
from reconciler.kinds.base import DiffContext, Kind, Read, Resolve, Scope, part_of
from reconciler.kinds.exporting import literal
from reconciler.outcomes import Outcome
from reconciler.plan import Action, Change, FieldChange
from reconciler.state import State

if TYPE_CHECKING:
    from reconciler.api.client import ApiClient
    from reconciler.outcomes import ApplyContext


@dataclass
class Caption:
    """A caption of the library, keyed by title; `id` is known on the live side."""

    title: str
    caption: str
    id: int | None = None
    protect: bool = False


@dataclass
class Library:
    """Every caption by title (live titles may repeat: a list each, by id)."""

    captions: dict[str, list[Caption]] = field(default_factory=dict)
    #: desired only: delete live captions that the config does not declare
    prune: bool = False


def library(state: State) -> Library:
    return part_of(state, CaptionKind.name, Library)


class CaptionKind(Kind):
    name = "caption"
    rank = 1
    family = "caption"
    label = "Caption"
    per_account = False

    def desired_root(self, config: Any, resolve: Resolve, state: State) -> None:
        lib = library(state)
        lib.prune = bool(config.prune.captions)
        for i, cap in enumerate(config.captions):
            text = resolve(cap.caption, ("captions", i, "caption"))
            lib.captions[cap.title] = [Caption(cap.title, text, protect=cap.protect)]

    def want_everything(self, state: State, usernames: list[str]) -> None:
        library(state).prune = True

    def reads(self, desired: State) -> list[Read]:
        lib = library(desired)
        return [Read("captions", "/captions")] if lib.captions or lib.prune else []

    def ingest(self, desired: State, live: State, results: dict[str, Any]) -> None:
        lib = library(live)
        for item in results.get("captions", []):
            title = str(fields.required(item, "title", "/captions"))
            copies = lib.captions.setdefault(title, [])
            copies.append(Caption(title, fields.text(item, "caption"),
                                  fields.ident(item, "id", "/captions")))
            copies.sort(key=lambda c: c.id or 0)

    def narrow(self, desired: State, out: State, scope: Scope) -> None:
        lib = library(desired)
        out.parts[self.name] = Library(
            {t: c for t, c in lib.captions.items() if scope.selects("caption", t)},
            prune=lib.prune and scope.names_captions and scope.first_shard)

    def diff(self, ctx: DiffContext) -> None:
        want, have = library(ctx.desired), library(ctx.live)
        for title, wanted in want.captions.items():
            new = wanted[0]
            copies = have.captions.get(title, [])
            if not copies:
                ctx.changes.append(self.change(Action.CREATE, title, fields=(
                    FieldChange("caption", None, new.caption),)))
                continue
            old = copies[0]
            if len(copies) > 1 and not want.prune:
                ctx.warnings.append(
                    f'caption "{title}" exists {len(copies)} times live; strec manages the '
                    f"one with id {old.id} (prune.captions: true removes the others)")
            if old.caption != new.caption:
                ctx.changes.append(self.change(Action.UPDATE, title, object_id=old.id, fields=(
                    FieldChange("caption", old.caption, new.caption),)))
        if want.prune:
            self._prune(ctx, want, have)

    def _prune(self, ctx: DiffContext, want: Library, have: Library) -> None:
        if not want.captions:
            ctx.warnings.append("prune.captions is true but the config declares no caption: "
                                "nothing is pruned (declare at least one caption)")
            return
        for title, copies in have.captions.items():
            extra = copies if title not in want.captions else copies[1:]
            declared = want.captions.get(title)
            if extra and declared and declared[0].protect:
                ctx.problem(self.address(title), f"{len(extra)} extra copies are not pruned: "
                                                 "the caption is protected")
                continue
            for cap in extra:
                ctx.changes.append(self.change(Action.DELETE, title, object_id=cap.id, fields=(
                    FieldChange("caption", cap.caption, None),)))

    def existing(self, desired: State, live: State) -> int:
        want, have = library(desired), library(live)
        if want.prune:
            return sum(len(c) for c in have.captions.values())
        return sum(len(have.captions.get(t, [])) for t in want.captions)

    def calls(self, change: Change, dialect: str) -> list[Call]:
        after = {f.name: f.after for f in change.fields}
        if change.action is Action.CREATE:
            return [Call("POST", "/captions", {"title": change.key, **after}, kind="create")]
        if change.action is Action.UPDATE:
            return [Call("PATCH", path("captions", change.object_id), after)]
        return [Call("DELETE", path("captions", change.object_id))]

    def phase(self, change: Change) -> int:
        return 1

    def run(self, client: ApiClient, change: Change, ctx: ApplyContext) -> Outcome:
        (call,) = self.calls(change, client.dialect or "reference")
        try:
            send(client, call, exists=lambda: _exists(client, change.key))
        except ApiError as exc:
            return Outcome(change.address, False, str(exc))
        return Outcome(change.address, True, f"{change.action.value}d")

    def noun(self, change: Change) -> str:
        return f'caption "{change.key}"'

    def address(self, key: str) -> str:
        return f'caption["{key}"]'

    def export_root(self, live: State, notes: list[str],
                    usernames: list[str]) -> dict[str, Any]:
        out = []
        lib = library(live)
        for title in sorted(lib.captions):
            copies = lib.captions[title]
            if len(copies) > 1:
                notes.append(f'caption "{title}" exists {len(copies)} times; exported once')
            out.append({"title": title, "caption": literal(copies[0].caption)})
        return {"captions": out}

    def fingerprints(self, desired: State, live: State) -> dict[str, Any]:
        want, have = library(desired), library(live)
        titles = set(want.captions) | (set(have.captions) if want.prune else set())
        return {self.address(t): [(c.id, c.caption) for c in have.captions.get(t, [])]
                for t in sorted(titles)}


def _exists(client: ApiClient, title: str) -> bool:
    found = client.list_all("/captions", {"search": title})
    return any(item.get("title") == title for item in found)
