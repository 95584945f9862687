"""`load_config`: files -> one validated `Config`, or a ConfigError listing every problem.

Stages, each adding to one report: YAML syntax and duplicate keys per file, merging the
files, catalog checks (settings, targets, unique keys, references, API keys), then the
strict pydantic schema. The Config is returned only when no stage found anything.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from reconciler.config.checks import check_api_keys, check_document
from reconciler.config.merge import merge_sources
from reconciler.config.report import Report
from reconciler.config.schema import Config
from reconciler.config.validation_messages import report_validation_error
from reconciler.config.yaml_source import SourceFile, read_source
from reconciler.errors import ConfigError, Diagnostic

CONFIG_SUFFIXES = (".yaml", ".yml")


def find_config_files(path: str | Path) -> list[Path]:
    """The file itself, or a directory's `*.yaml` / `*.yml` files sorted by name."""
    path = Path(path)
    if not path.is_dir():
        return [path]
    return sorted(
        p
        for p in path.iterdir()
        if p.suffix in CONFIG_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def load_config(path: str | Path) -> Config:
    """Load and validate a config file or directory; ConfigError lists every problem."""
    path = Path(path)
    if not path.exists():
        raise ConfigError([Diagnostic(str(path), 1, 1, "", "no such file or directory")])
    files = find_config_files(path)
    if not files:
        raise ConfigError(
            [Diagnostic(str(path), 1, 1, "", "no *.yaml or *.yml config files in this directory")]
        )
    sources = [_read(p) for p in files]
    data, smap = merge_sources(sources)
    report = Report(smap)
    for source in sources:
        for diagnostic in source.problems:
            report.add(diagnostic)
    check_document(data, report)
    check_api_keys(data, smap, report)
    config: Config | None = None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        report_validation_error(exc, data, report)
    if report.diagnostics or config is None:
        raise ConfigError(report.diagnostics)
    return config


def _read(path: Path) -> SourceFile:
    if path.suffix == ".j2":
        source = SourceFile(str(path), broken=True)
        source.problems.append(
            Diagnostic(source.name, 1, 1, "", "Jinja2 templates (*.j2) are not supported yet")
        )
        return source
    return read_source(path)
