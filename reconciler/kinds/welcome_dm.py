"""Welcome DM: direct messages to new followers. Only activation is writable through the
API; the messages, speed and settings are the web panel's, checkable with `expect:`."""

from __future__ import annotations

from reconciler.kinds.activation import Activation
from reconciler.kinds.toggle import ToggleConfig, ToggleKind


class WelcomeDmConfig(ToggleConfig):
    """The `welcome_dm:` block of an account."""


class WelcomeDmKind(ToggleKind):
    config_model = WelcomeDmConfig
    name = "welcome_dm"
    rank = 2
    label = "Welcome DM"
    segment = "welcomedm"
    log_path = "/welcomedm/logs"
    panel_page = "welcomedm"
    activation = Activation("welcomedm")
