"""Leads Finder: profile scraping. Switched by start and stop, which do more than a
switch: start sets `schedule_date` to now (the schedule triggers again from now), stop
also clears `is_running`, killing a parse that is running. The plan says which."""

from __future__ import annotations

from typing import Any

import reconciler.kinds.fields as fields
from reconciler.kinds.activation import Activation
from reconciler.kinds.toggle import Toggle, ToggleConfig, ToggleKind


class LeadsConfig(ToggleConfig):
    """The `leads:` block of an account."""


class LeadsKind(ToggleKind):
    config_model = LeadsConfig
    name = "leads"
    rank = 2
    label = "Leads Finder"
    segment = "leads"
    log_path = "/leads/logs"
    panel_page = "parser"
    activation = Activation("leads", on="start", off="stop")

    def notes(self, active: bool, have: Toggle) -> tuple[str, ...]:
        if active:
            return ("start sets schedule_date to now: the schedule is triggered again "
                    "from now",)
        running = fields.flag(have.item.get("is_running", False), "/leads/schedules",
                              "is_running")
        if running:
            return ("stop kills the parse that is running now (is_running -> false)",)
        return ("stop sets is_active and is_running to false",)

    def read(self, item: dict[str, Any], where: str) -> Any:
        found = super().read(item, where)
        fields.flag(item.get("is_running", False), where, "is_running")  # readable
        return found
