"""Reactions Pro: like/follow/comment campaigns; settings, targets, bulk activation."""

from __future__ import annotations

import json

from reconciler import catalog
from reconciler.api.envelope import Dialect
from reconciler.catalog import SettingSpec
from reconciler.kinds.schedule import ScheduleConfig, SettingsKind
from reconciler.state import State


class ReactionsScheduleConfig(ScheduleConfig):
    """The `reactions:` block of an account."""


class ReactionsKind(SettingsKind):
    config_model = ReactionsScheduleConfig
    name = "reactions"
    rank = 2
    label = "Reactions Pro"
    segment = "reactions"
    panel_page = "reactions"

    log_path = "/reactions/logs"

    def specs(self, dialect: str | None) -> dict[str, SettingSpec]:
        return catalog.REACTIONS_SETTINGS

    def stop_hint(self, ids: list[int], live: State) -> str:
        where = "/reactions/bulk/stop" if live.dialect == Dialect.GUIDE else \
            "/reactions/schedules/bulk/stop"
        return (f"stop them in one call: POST {where} with "
                f'{{"account_ids": {json.dumps(sorted(ids))}}} (clears is_running)')
