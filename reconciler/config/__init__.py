"""The config: YAML files -> a validated `Config`, or every problem at once, positioned."""

from reconciler.config.loader import LoadedConfig, find_config_files, load_config, load_expanded
from reconciler.config.refs import RefError, has_refs, resolve_refs
from reconciler.config.schema import (
    AccountConfig,
    AccountTemplate,
    CaptionConfig,
    Config,
    ProxyPoolRequest,
    PruneConfig,
    ReactionsScheduleConfig,
    RepostScheduleConfig,
    ScheduleConfig,
    SettingValue,
    TargetConfig,
)
from reconciler.config.secrets import SECRET_FIELDS, mask_url_password

__all__ = [
    "SECRET_FIELDS",
    "AccountConfig",
    "AccountTemplate",
    "CaptionConfig",
    "Config",
    "LoadedConfig",
    "ProxyPoolRequest",
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
    "load_expanded",
    "mask_url_password",
    "resolve_refs",
]
