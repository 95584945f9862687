"""Several config files as one document, and the way back from a merged location to a file.

Lists (`captions`, `accounts`) are concatenated in file order, `prune` and `profiles` are
merged key by key, `version` must agree, and any other key may be declared in one file
only. The `SourceMap` remembers, per merged list item, which file and index it came from,
and per value an account took from `defaults` or a profile, where that value was written;
positions themselves are looked up only when a problem is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reconciler.config.suggest import describe
from reconciler.config.yaml_source import Loc, SourceFile, format_path
from reconciler.errors import Diagnostic

LIST_KEYS = ("captions", "accounts")
MAPPING_KEYS = ("prune", "profiles")


@dataclass
class SourceMap:
    """Maps a location in the merged document to a file and a location in that file."""

    files: list[SourceFile]
    owner: dict[str, int] = field(default_factory=dict)  # top key -> first declaring file
    items: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    sub_owner: dict[str, dict[str, int]] = field(default_factory=dict)
    #: An expanded account's value -> where it was written (in `defaults` or a profile).
    origins: dict[Loc, Loc] = field(default_factory=dict)

    def written_at(self, loc: Loc) -> Loc:
        """The merged-document location where the value at `loc` was written."""
        if self.origins:
            for n in range(len(loc), 2, -1):
                origin = self.origins.get(loc[:n])
                if origin is not None:
                    return (*origin, *loc[n:])
        return loc

    def locate(self, loc: Loc) -> tuple[SourceFile, Loc]:
        """The file holding `loc` and the location of that spot within the file."""
        loc = self.written_at(loc)
        if not loc or not isinstance(loc[0], str):
            return self.files[0], loc
        top = loc[0]
        if len(loc) > 1 and isinstance(loc[1], int) and top in self.items:
            origins = self.items[top]
            if 0 <= loc[1] < len(origins):
                index, local = origins[loc[1]]
                return self.files[index], (top, local, *loc[2:])
        if len(loc) > 1 and isinstance(loc[1], str) and loc[1] in self.sub_owner.get(top, {}):
            return self.files[self.sub_owner[top][loc[1]]], loc
        return self.files[self.owner.get(top, 0)], loc

    def diagnostic(self, loc: Loc, message: str, *, at_key: bool = False) -> Diagnostic:
        source, local = self.locate(loc)
        return source.diagnostic(local, message, at_key=at_key)

    def quoted(self, loc: Loc) -> bool:
        """Whether the scalar at `loc` was written in quotes (so a hint may mention them)."""
        source, local = self.locate(loc)
        return source.quoted(local)

    def where(self, loc: Loc) -> str:
        """`file:line` of `loc`, to name an earlier declaration in a message."""
        source, local = self.locate(loc)
        return f"{source.name}:{source.position(local)[0]}"


def merge_sources(files: list[SourceFile]) -> tuple[dict[str, Any], SourceMap]:
    """Merge parsed files; merge conflicts are added to the files' `problems`."""
    smap = SourceMap(files)
    merged: dict[str, Any] = {}
    for index, source in enumerate(files):
        if not isinstance(source.data, dict):
            continue
        for key, value in source.data.items():
            if key in LIST_KEYS:
                _merge_list(merged, smap, index, source, key, value)
            elif key in MAPPING_KEYS:
                _merge_mapping(merged, smap, index, source, key, value)
            elif key in merged:
                first = smap.where((key,))
                if key == "version" and _same(merged[key], value):
                    continue
                what = (
                    f"version differs from the one in {first}"
                    if key == "version"
                    else f"'{key}' is declared in two files: {first} and here"
                )
                source.add((key,), what, at_key=key != "version")
            else:
                merged[key] = value
                smap.owner[key] = index
    if "version" not in merged and any(f.broken for f in files):
        # The unreadable file may hold it: do not add a "missing version" guess.
        merged["version"] = 1
    return merged, smap


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def _merge_list(
    merged: dict[str, Any], smap: SourceMap, index: int, source: SourceFile, key: str, value: Any
) -> None:
    smap.owner.setdefault(key, index)
    if value is None:  # `accounts:` with every entry commented out
        return
    if not isinstance(value, list):
        source.add((key,), f"expected a list, got {describe(value)}")
        return
    merged.setdefault(key, []).extend(value)
    smap.items.setdefault(key, []).extend((index, i) for i in range(len(value)))


def _merge_mapping(
    merged: dict[str, Any], smap: SourceMap, index: int, source: SourceFile, key: str, value: Any
) -> None:
    smap.owner.setdefault(key, index)
    if value is None:
        return
    if not isinstance(value, dict):
        source.add((key,), f"expected a mapping, got {describe(value)}")
        return
    target = merged.setdefault(key, {})
    owners = smap.sub_owner.setdefault(key, {})
    for sub, sub_value in value.items():
        if sub in target:
            first = smap.where((key, sub))
            source.add(
                (key, sub),
                f"'{format_path((key, sub))}' is declared in two files: {first} and here",
                at_key=True,
            )
            continue
        target[sub] = sub_value
        owners[sub] = index
