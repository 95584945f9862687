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

_LAZY = {"sandbox": ("reconciler.sandbox.cli", "sandbox_command")}


class _Group(click.Group):
    """Loads the sandbox command only when it is asked for: plan/apply stay lean."""

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
        except ConfigError as exc:
            click.echo(str(exc), err=True)  # every line already says file:line:col
            ctx.exit(1)
        except StrecError as exc:
            click.echo(f"Error: {exc}", err=True)
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


def _register() -> None:
    from reconciler.cli import (
        apply_cmd,
        export_cmd,
        login_cmd,
        plan_cmd,
        render_cmd,
        schema_cmd,
        status_cmd,
        validate_cmd,
    )

    main.add_command(validate_cmd.validate)
    main.add_command(plan_cmd.plan)
    main.add_command(apply_cmd.apply)
    main.add_command(export_cmd.export)
    main.add_command(login_cmd.login)
    main.add_command(schema_cmd.schema)
    main.add_command(render_cmd.render)
    main.add_command(status_cmd.status)


_register()
