"""Repost Pro: reposting from hashtags, places and people; settings, targets, activation.

The two API documents name and measure some repost settings differently (the reference:
`remove_delay` in seconds, `metadata_location`/`metadata_user` booleans, flat
`photo_posts` …; the guide: hours, a location id and a username, `data.photo` …).
`validate` accepts either document's names; at plan time a name the installation's
dialect lacks is a problem naming its equivalent, and a duration (`24h`, canonical
`"86400s"`) is converted to the installation's unit.
"""

from __future__ import annotations

import re
from typing import Any

from reconciler import catalog
from reconciler.api.envelope import Dialect
from reconciler.catalog import Kind, SettingSpec
from reconciler.kinds.schedule import ScheduleConfig, SettingsKind

_SECONDS = re.compile(r"^([0-9]+)s$")
_UNIT = {Dialect.REFERENCE: 1, Dialect.GUIDE: 3600}


class RepostScheduleConfig(ScheduleConfig):
    """The `repost:` block of an account."""


class RepostKind(SettingsKind):
    config_model = RepostScheduleConfig
    name = "repost"
    rank = 2
    label = "Repost Pro"
    segment = "repost"
    panel_page = "repost-pro"
    log_path = "/repost/logs"

    def specs(self, dialect: str | None) -> dict[str, SettingSpec]:
        if dialect == Dialect.GUIDE:
            return catalog.GUIDE_REPOST_SETTINGS
        if dialect == Dialect.REFERENCE:
            return catalog.REPOST_SETTINGS
        return {**catalog.GUIDE_REPOST_SETTINGS, **catalog.REPOST_SETTINGS}

    def plan_setting(self, name: str, value: Any, dialect: str | None) -> tuple[Any, str | None]:
        if dialect is None:
            return value, None
        specs = self.specs(dialect)
        spec = specs.get(name)
        if spec is None:
            other = catalog.equivalent_setting(self.name, name)
            hint = f"; its equivalent there is '{other}'" if other else ""
            return value, (f"the {dialect} dialect of this installation has no repost "
                           f"setting '{name}'{hint}")
        if name == "remove_delay" and isinstance(value, str):
            match = _SECONDS.match(value)
            if match:
                seconds, unit = int(match.group(1)), _UNIT.get(Dialect(dialect), 1)
                if seconds % unit:
                    return value, (f"{seconds} s is not a whole number of hours, the unit "
                                   "of remove_delay in this installation")
                return seconds // unit, None
        if name == "remove_delay" and dialect == Dialect.GUIDE and isinstance(value, int) \
                and value > catalog.MAX_REMOVE_DELAY_SECONDS // 3600:
            return value, (f"{value} is more than 7 days in this installation's unit (hours; "
                           "at most 168): write a duration such as 24h or 7d")
        if not _fits(spec, value):
            return value, (f"in this installation's {dialect} dialect, '{name}' is "
                           f"{_described(spec)}")
        return value, None


def _fits(spec: SettingSpec, value: Any) -> bool:
    if spec.kind is Kind.BOOL:
        return isinstance(value, bool)
    if spec.kind is Kind.INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if spec.kind in (Kind.STR, Kind.TIME, Kind.DATETIME):
        return isinstance(value, str)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _described(spec: SettingSpec) -> str:
    return {Kind.BOOL: "true or false", Kind.INT: "an integer", Kind.FLOAT: "a number",
            Kind.STR: "a string", Kind.TIME: 'a time "HH:MM"',
            Kind.DATETIME: "a date and time"}[spec.kind]
