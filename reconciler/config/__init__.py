"""The config: YAML files -> a validated `Config`, or every problem at once, positioned.

Names are loaded on first use (PEP 562): the resource kinds import parts of this package
(model bases, references), and `schema` imports the kinds to assemble the account
model, so importing the package must not import `schema` eagerly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reconciler.config.loader import (
        LoadedConfig,
        find_config_files,
        load_config,
        load_expanded,
    )
    from reconciler.config.model_base import SettingValue, TargetConfig
    from reconciler.config.refs import RefError, has_refs, resolve_refs
    from reconciler.config.schema import (
        AccountConfig,
        AccountTemplate,
        CaptionConfig,
        Config,
        ProxyPoolRequest,
        PruneConfig,
    )
    from reconciler.config.secrets import SECRET_FIELDS, mask_url_password

_WHERE = {
    "LoadedConfig": "loader", "find_config_files": "loader", "load_config": "loader",
    "load_expanded": "loader",
    "SettingValue": "model_base", "TargetConfig": "model_base",
    "RefError": "refs", "has_refs": "refs", "resolve_refs": "refs",
    "AccountConfig": "schema", "AccountTemplate": "schema", "CaptionConfig": "schema",
    "Config": "schema", "ProxyPoolRequest": "schema", "PruneConfig": "schema",
    "SECRET_FIELDS": "secrets", "mask_url_password": "secrets",
}

__all__ = [
    "SECRET_FIELDS", "AccountConfig", "AccountTemplate", "CaptionConfig", "Config",
    "LoadedConfig", "ProxyPoolRequest", "PruneConfig", "RefError", "SettingValue",
    "TargetConfig", "find_config_files", "has_refs", "load_config", "load_expanded",
    "mask_url_password", "resolve_refs",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'reconciler.config' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"reconciler.config.{module}"), name)
    globals()[name] = value
    return value
