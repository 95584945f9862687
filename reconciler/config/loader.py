"""`load_config`: files -> one validated `Config`, or a ConfigError listing every problem.

Stages, each adding to one report: template variables, rendering `*.j2` files, YAML
syntax and duplicate keys per file, merging the files, merging `defaults` and profiles
into accounts, catalog checks (settings, targets, unique keys, references, API keys),
account rules (secrets, proxies, IMAP), then the strict pydantic schema. The Config is
returned only when no stage found anything.

The config's root directory is the `-f` directory, or the directory of the `-f` file.
Nothing a config reads may lie outside it: config and `vars/` files that are symbolic
links out of it are refused, and so is a `${file:PATH}` reference leading out of it,
unless `allow_outside_files` (`--allow-outside-files`) says otherwise. Files named on the
command line (`--vars-file`) are the operator's choice and are read wherever they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reconciler.config.account_checks import check_accounts
from reconciler.config.checks import check_api_keys, check_document, check_file_refs
from reconciler.config.file_refs import ALLOW_HINT, is_inside
from reconciler.config.locations import Loc
from reconciler.config.merge import SourceMap, merge_sources
from reconciler.config.profiles import expand_accounts
from reconciler.config.refs import RefError, resolve_refs
from reconciler.config.report import Report
from reconciler.config.schema import Config
from reconciler.config.validation_messages import report_validation_error
from reconciler.config.variables import find_vars_files, load_variables
from reconciler.config.yaml_source import SourceFile, format_path, parse_text, read_source
from reconciler.errors import ConfigError, Diagnostic
from reconciler.gcpause import collector_paused

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
    """A loaded config with the document it was validated from, and where each value of
    it was written: for `strec render`, and to resolve and position references per value.
    """

    config: Config
    #: The merged document: templates rendered, defaults and profiles merged into
    #: accounts, settings in canonical form.
    data: dict[str, Any]
    smap: SourceMap
    #: The config's root directory: `${file:}` references stay inside it.
    root: Path = Path(".")
    #: `--allow-outside-files`: references may lead outside `root`.
    allow_outside_files: bool = False

    def origin(self, loc: Loc) -> str:
        """`file:line` where the value at `loc` of `data` was written."""
        return self.smap.where(loc)

    def position(self, loc: Loc) -> tuple[str, int, int]:
        """(file, line, col) where the value at `loc` of `data` was written.

        A value from `defaults` or a profile points there; a template's value points at
        the template's line; a location the files do not have (a default) points at its
        nearest written ancestor.
        """
        source, local = self.smap.locate(loc)
        line, col = source.position(local)
        return source.name, line, col

    def file_of(self, loc: Loc) -> Path:
        """The file that wrote the value at `loc`: its directory is the base of a relative
        `${file:PATH}` in that value."""
        return Path(self.smap.locate(loc)[0].name)

    def resolve(self, text: str, loc: Loc, *, env: Mapping[str, str] | None = None) -> str:
        """`resolve_refs` for the value at `loc`: relative to the file that wrote it, held
        inside `root` (unless allowed), a RefError positioned at the value."""
        try:
            return resolve_refs(
                text,
                env=env,
                base_dir=self.file_of(loc).parent,
                root=self.root,
                allow_outside=self.allow_outside_files,
            )
        except RefError as exc:
            file, line, col = self.position(loc)
            raise RefError(
                exc.problem, source=file, path=format_path(loc), line=line, col=col
            ) from None


def load_config(
    path: str | Path,
    *,
    variables: Mapping[str, object] | None = None,
    vars_files: Sequence[Path] = (),
    allow_outside_files: bool = False,
) -> Config:
    """Load and validate a config file or directory; ConfigError lists every problem.

    `variables` (e.g. from `--var`) and `vars_files` feed `*.j2` templates, after the
    config directory's own `vars/` files (see `reconciler.config.variables`).
    `allow_outside_files` lets config files and references lead outside the config's
    root directory (see the module docstring).
    """
    return load_expanded(
        path,
        variables=variables,
        vars_files=vars_files,
        allow_outside_files=allow_outside_files,
    ).config


def load_expanded(
    path: str | Path,
    *,
    variables: Mapping[str, object] | None = None,
    vars_files: Sequence[Path] = (),
    allow_outside_files: bool = False,
) -> LoadedConfig:
    """`load_config`, also returning the merged document and where its values came from."""
    with collector_paused():  # many small containers, no cycles
        return _load(Path(path), variables, vars_files, allow_outside_files)


def _load(
    path: Path,
    variables: Mapping[str, object] | None,
    vars_files: Sequence[Path],
    allow_outside: bool,
) -> LoadedConfig:
    if not path.exists():
        raise ConfigError([Diagnostic(str(path), 1, 1, "", "no such file or directory")])
    root = path if path.is_dir() else path.parent
    files = find_config_files(path)
    if not files:
        raise ConfigError(
            [Diagnostic(str(path), 1, 1, "", "no *.yaml, *.yml or *.j2 config files here")]
        )
    refused_configs: list[Diagnostic] = []
    refused_vars: list[Diagnostic] = []
    own_vars = find_vars_files(path)
    if not allow_outside:
        if path.is_dir():
            files = _inside(files, root, "config file", refused_configs)
            if not files:
                raise ConfigError(refused_configs)
        own_vars = _inside(own_vars, root, "vars file", refused_vars)
    all_vars = [*own_vars, *(Path(p) for p in vars_files)]
    context, var_problems = load_variables(all_vars, variables)
    var_problems = [*refused_vars, *var_problems]
    sources = [_read(p, context, root, template_ok=not var_problems) for p in files]
    data, smap = merge_sources(sources)
    report = Report(smap)
    for diagnostic in [*refused_configs, *var_problems]:
        report.add(diagnostic)
    for source in sources:
        for diagnostic in source.problems:
            report.add(diagnostic)
    expand_accounts(data, smap, report)
    marked = check_document(data, report)
    if not allow_outside:
        check_file_refs(marked, smap, root, report)
    check_api_keys(marked, smap, report)
    check_accounts(data, report)
    config: Config | None = None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        report_validation_error(exc, data, report)
    if report.diagnostics or config is None:
        raise ConfigError(report.diagnostics)
    return LoadedConfig(config, data, smap, root, allow_outside)


def _inside(files: list[Path], root: Path, what: str, problems: list[Diagnostic]) -> list[Path]:
    """The files whose real path is inside `root`; each other one is a problem."""
    kept: list[Path] = []
    for file in files:
        if is_inside(file, root):
            kept.append(file)
        else:
            message = f"this {what} is a symbolic link out of the config directory; {ALLOW_HINT}"
            problems.append(Diagnostic(str(file), 1, 1, "", message))
    return kept


def _read(path: Path, variables: Mapping[str, Any], root: Path, *, template_ok: bool) -> SourceFile:
    if path.suffix != TEMPLATE_SUFFIX:
        return read_source(path)
    source = SourceFile(str(path), broken=True)
    if not template_ok:
        return source  # the vars files' problems are reported; rendering would only guess
    from reconciler.config.templating import render_template  # Jinja2 only when needed

    rendered = render_template(path, variables, root=root)
    if rendered.problems:
        source.problems.extend(rendered.problems)
        return source
    source.broken = False
    source.line_map = rendered.line_map
    parse_text(source, rendered.text)
    return source
