"""The config: YAML files -> a validated `Config`, or every problem at once, positioned."""

from reconciler.config.loader import find_config_files, load_config
from reconciler.config.refs import RefError, has_refs, resolve_refs
from reconciler.config.schema import (
    AccountConfig,
    CaptionConfig,
    Config,
    PruneConfig,
    ReactionsScheduleConfig,
    RepostScheduleConfig,
    ScheduleConfig,
    SettingValue,
    TargetConfig,
)

__all__ = [
    "AccountConfig",
    "CaptionConfig",
    "Config",
    "PruneConfig",
    "ReactionsScheduleConfig",
    "RefError",
    "RepostScheduleConfig",
    "ScheduleConfig",
    "SettingValue",
    "TargetConfig",
    "find_config_files",
    "has_refs",
    "load_config",
    "resolve_refs",
]
