"""`load_config`: files -> one validated `Config`, or a ConfigError listing every problem.

Stages, each adding to one report: template variables, rendering `*.j2` files, YAML
syntax and duplicate keys per file, merging the files, merging `defaults` and profiles
into accounts, catalog checks (settings, targets, unique keys, references, API keys),
account rules (secrets, proxies, IMAP), then the strict pydantic schema. The Config is
returned only when no stage found anything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reconciler.config.account_checks import check_accounts
from reconciler.config.checks import check_api_keys, check_document
from reconciler.config.locations import Loc
from reconciler.config.merge import SourceMap, merge_sources
from reconciler.config.profiles import expand_accounts
from reconciler.config.report import Report
from reconciler.config.schema import Config
from reconciler.config.validation_messages import report_validation_error
from reconciler.config.variables import find_vars_files, load_variables
from reconciler.config.yaml_source import SourceFile, parse_text, read_source
from reconciler.errors import ConfigError, Diagnostic

CONFIG_SUFFIXES = (".yaml", ".yml", ".j2")
TEMPLATE_SUFFIX = ".j2"


def find_config_files(path: str | Path) -> list[Path]:
    """The file itself, or a directory's config files sorted by name.

    Config files are `*.yaml`, `*.yml` and `*.j2`; hidden files are skipped, and so are
    `_*.j2` files: partials for `{% include %}` / `{% import %}`, not configs.
    """
    path = Path(path)
    if not path.is_dir():
        return [path]
    return sorted(
        p
        for p in path.iterdir()
        if p.suffix in CONFIG_SUFFIXES
        and not p.name.startswith(".")
        and not (p.suffix == TEMPLATE_SUFFIX and p.name.startswith("_"))
        and p.is_file()
    )


@dataclass
class LoadedConfig:
    """A loaded config with the document it was validated from, for `strec render`."""

    config: Config
    #: The merged document: templates rendered, defaults and profiles merged into
    #: accounts, settings in canonical form.
    data: dict[str, Any]
    smap: SourceMap

    def origin(self, loc: Loc) -> str:
        """`file:line` where the value at `loc` of `data` was written."""
        return self.smap.where(loc)


def load_config(
    path: str | Path,
    *,
    variables: Mapping[str, object] | None = None,
    vars_files: Sequence[Path] = (),
) -> Config:
    """Load and validate a config file or directory; ConfigError lists every problem.

    `variables` (e.g. from `--var`) and `vars_files` feed `*.j2` templates, after the
    config directory's own `vars/` files (see `reconciler.config.variables`).
    """
    return load_expanded(path, variables=variables, vars_files=vars_files).config


def load_expanded(
    path: str | Path,
    *,
    variables: Mapping[str, object] | None = None,
    vars_files: Sequence[Path] = (),
) -> LoadedConfig:
    """`load_config`, also returning the merged document and where its values came from."""
    with _collector_paused():
        return _load(Path(path), variables, vars_files)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds many small containers and no cycles: GC passes would only slow it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(
    path: Path, variables: Mapping[str, object] | None, vars_files: Sequence[Path]
) -> LoadedConfig:
    if not path.exists():
        raise ConfigError([Diagnostic(str(path), 1, 1, "", "no such file or directory")])
    files = find_config_files(path)
    if not files:
        raise ConfigError(
            [Diagnostic(str(path), 1, 1, "", "no *.yaml, *.yml or *.j2 config files here")]
        )
    all_vars = [*find_vars_files(path), *(Path(p) for p in vars_files)]
    context, var_problems = load_variables(all_vars, variables)
    sources = [_read(p, context, template_ok=not var_problems) for p in files]
    data, smap = merge_sources(sources)
    report = Report(smap)
    for diagnostic in var_problems:
        report.add(diagnostic)
    for source in sources:
        for diagnostic in source.problems:
            report.add(diagnostic)
    expand_accounts(data, smap, report)
    check_document(data, report)
    check_api_keys(data, smap, report)
    check_accounts(data, report)
    config: Config | None = None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        report_validation_error(exc, data, report)
    if report.diagnostics or config is None:
        raise ConfigError(report.diagnostics)
    return LoadedConfig(config, data, smap)


def _read(path: Path, variables: Mapping[str, Any], *, template_ok: bool) -> SourceFile:
    if path.suffix != TEMPLATE_SUFFIX:
        return read_source(path)
    source = SourceFile(str(path), broken=True)
    if not template_ok:
        return source  # the vars files' problems are reported; rendering would only guess
    from reconciler.config.templating import render_template  # Jinja2 only when needed

    rendered = render_template(path, variables)
    if rendered.problems:
        source.problems.extend(rendered.problems)
        return source
    source.broken = False
    source.line_map = rendered.line_map
    parse_text(source, rendered.text)
    return source
