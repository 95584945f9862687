"""Reactions Pro: like/follow/comment campaigns; settings, targets, bulk activation."""

from __future__ import annotations

from reconciler import catalog
from reconciler.catalog import SettingSpec
from reconciler.kinds.schedule import ScheduleConfig, SettingsKind


class ReactionsScheduleConfig(ScheduleConfig):
    """The `reactions:` block of an account."""


class ReactionsKind(SettingsKind):
    config_model = ReactionsScheduleConfig
    name = "reactions"
    rank = 2
    label = "Reactions Pro"
    segment = "reactions"
    panel_page = "reactions"

    def specs(self, dialect: str | None) -> dict[str, SettingSpec]:
        return catalog.REACTIONS_SETTINGS
