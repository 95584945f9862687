"""`strec render`: print the fully expanded config, each value with its origin.

Also the options every config-reading command shares: `--var KEY=VALUE`,
`--vars-file FILE` and `--allow-outside-files` (see `template_options` and
`template_args`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from reconciler.cli.common import config_option
from reconciler.config.expanded import render_expanded
from reconciler.config.loader import load_expanded

F = TypeVar("F", bound=Callable[..., Any])


def parse_vars(pairs: Sequence[str]) -> dict[str, str]:
    """`["region=eu", "n=3"]` -> `{"region": "eu", "n": "3"}` (values stay strings)."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise click.BadParameter(
                f"expected KEY=VALUE with KEY a name, got {pair!r}", param_hint="--var"
            )
        out[key] = value
    return out


#: Where `--allow-outside-files` is kept in the click context (see `template_options`).
ALLOW_OUTSIDE_KEY = "strec.allow_outside_files"


def _remember_allow_outside(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta[ALLOW_OUTSIDE_KEY] = value
    return value


def template_options(fn: F) -> F:
    """`--var KEY=VALUE` and `--vars-file FILE` (repeatable, for `*.j2` templates), and
    `--allow-outside-files`.

    The flag is not passed to the command function: it is kept in the click context and
    `template_args` reads it there, so that every command using these options gets it
    without a new parameter.
    """
    fn = click.option(
        "--allow-outside-files",
        is_flag=True,
        expose_value=False,
        callback=_remember_allow_outside,
        help="Let the config read files outside its directory (${file:...} references, "
        "config and vars files that are symbolic links). Off: a config from a pull "
        "request cannot read the machine's other files.",
    )(fn)
    fn = click.option(
        "--vars-file",
        "vars_file",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="YAML/JSON mapping or CSV (rows under the file's name) of template "
        "variables; repeatable, later files win.",
    )(fn)
    return click.option(
        "--var",
        "var",
        multiple=True,
        metavar="KEY=VALUE",
        help="A template variable (a string); repeatable, wins over vars files.",
    )(fn)


def template_args(
    var: Sequence[str], vars_file: Sequence[str], *, allow_outside_files: bool | None = None
) -> dict[str, Any]:
    """The keyword arguments of `load_config` (and `load_desired`) for the values of
    `template_options`; `allow_outside_files` defaults to the current command's flag."""
    if allow_outside_files is None:
        ctx = click.get_current_context(silent=True)
        allow_outside_files = bool(ctx and ctx.meta.get(ALLOW_OUTSIDE_KEY))
    return {
        "variables": parse_vars(var),
        "vars_files": [Path(p) for p in vars_file],
        "allow_outside_files": allow_outside_files,
    }


@click.command()
@config_option
@template_options
def render(path: str, var: tuple[str, ...], vars_file: tuple[str, ...]) -> None:
    """Print the expanded config (templates, defaults, profiles applied) with origins."""
    loaded = load_expanded(path, **template_args(var, vars_file))
    click.echo(render_expanded(loaded), nl=False)
