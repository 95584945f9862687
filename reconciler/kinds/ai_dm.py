"""AI-DM: replies written by an OpenAI model. Only activation is writable through the API;
the prompt, the model and whether a key is set (`settings.api_key_configured`; the key
itself is never returned) are the web panel's, checkable with `expect:`."""

from __future__ import annotations

from reconciler.kinds.activation import Activation
from reconciler.kinds.toggle import ToggleConfig, ToggleKind


class AiDmConfig(ToggleConfig):
    """The `ai_dm:` block of an account."""


class AiDmKind(ToggleKind):
    config_model = AiDmConfig
    name = "ai_dm"
    rank = 2
    label = "AI-DM"
    segment = "ai-dm"
    log_path = "/ai-dm/logs"
    panel_page = "ai-dm"
    activation = Activation("ai-dm")
