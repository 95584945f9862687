"""`strec render`: print the fully expanded config, each value with its origin.

Also the template options every config-reading command shares: `--var KEY=VALUE` and
`--vars-file FILE` (see `template_options` and `template_args`).
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


def template_options(fn: F) -> F:
    """`--var KEY=VALUE` and `--vars-file FILE`, both repeatable, for `*.j2` templates."""
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


def template_args(var: Sequence[str], vars_file: Sequence[str]) -> dict[str, Any]:
    """The keyword arguments of `load_config` for the values of `template_options`."""
    return {"variables": parse_vars(var), "vars_files": [Path(p) for p in vars_file]}


@click.command()
@config_option
@template_options
def render(path: str, var: tuple[str, ...], vars_file: tuple[str, ...]) -> None:
    """Print the expanded config (templates, defaults, profiles applied) with origins."""
    loaded = load_expanded(path, **template_args(var, vars_file))
    click.echo(render_expanded(loaded), nl=False)
