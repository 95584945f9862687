"""The `strec` command: parses arguments, calls the core, maps its errors to exit codes.

Exit codes: 0 success (with --detailed-exitcode: and no changes), 1 error,
2 changes pending (plan --detailed-exitcode only).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from reconciler import __version__
from reconciler.errors import ConfigError, StrecError
from reconciler.textsafe import printable

#: Each command is imported only when it runs (or help lists it): `strec --version` and
#: one command's start-up do not pay for the others' imports.
_LAZY = {
    "apply": ("reconciler.cli.apply_cmd", "apply"),
    "export": ("reconciler.cli.export_cmd", "export"),
    "login": ("reconciler.cli.login_cmd", "login"),
    "plan": ("reconciler.cli.plan_cmd", "plan"),
    "render": ("reconciler.cli.render_cmd", "render"),
    "sandbox": ("reconciler.sandbox.cli", "sandbox_command"),
    "schema": ("reconciler.cli.schema_cmd", "schema"),
    "status": ("reconciler.cli.status_cmd", "status"),
    "validate": ("reconciler.cli.validate_cmd", "validate"),
}


class _Group(click.Group):
    """Loads a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY:
            import importlib

            module, attr = _LAZY[name]
            cmd = getattr(importlib.import_module(module), attr)
            assert isinstance(cmd, click.Command)
            return cmd
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:  # every line already says file:line:col
            click.echo(printable(str(exc), keep_newlines=True), err=True)
            ctx.exit(1)
        except StrecError as exc:
            click.echo(printable(f"Error: {exc}", keep_newlines=True), err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="strec")
@click.option("--debug", is_flag=True, help="Log API traffic (secrets redacted) to stderr.")
@click.option("--allow-insecure-http", is_flag=True,
              help="Permit plain http to a non-loopback API (never do this over a network).")
@click.pass_context
def main(ctx: click.Context, debug: bool, allow_insecure_http: bool) -> None:
    """Keep a Sharingtools installation in the state a Git repository describes."""
    ctx.ensure_object(dict)
    ctx.obj["allow_insecure_http"] = allow_insecure_http
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s", force=True)
    for noisy in ("httpx", "httpcore", "hpack"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
