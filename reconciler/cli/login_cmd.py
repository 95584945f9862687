"""`strec login USERNAME`: finish a pending challenge, or log an account in now."""

from __future__ import annotations

import sys

import click

from reconciler.challenges import ChallengeStore
from reconciler.cli.common import client_for, config_option
from reconciler.errors import StrecError
from reconciler.kinds.account import read_account
from reconciler.login import LoginFlow, login_body
from reconciler.pipeline import load_desired


@click.command()
@click.argument("username")
@click.option("--code", help="The verification code Instagram sent (e-mail or SMS).")
@config_option
@click.pass_context
def login(ctx: click.Context, username: str, code: str | None, path: str) -> None:
    """Complete USERNAME's pending login challenge with --code, or log it in now."""
    store = ChallengeStore()
    with client_for(ctx, 1) as client:
        flow = LoginFlow(client, store)
        pending = store.get(username)
        if code and pending is not None and not pending.expired:
            result = flow.finish(username, pending.token, code)
        else:
            if code:
                click.echo(f"No live challenge is waiting for {username}: logging in again "
                           "(a new code will be sent).", err=True)
            account = load_desired(path).accounts.get(username)
            if account is None or account.login is None:
                raise StrecError(f"{username} is not declared with a password in {path}")
            found = client.list_all("/accounts", {"search": username})
            exists = any(read_account(a).username == username for a in found)
            body = login_body(username, account.login,
                              account.proxy if isinstance(account.proxy, str) else None, None)
            result = flow.run(body, account.login, create=not exists)
            pending = store.get(username)
            if result.pending and pending is not None and sys.stdin.isatty():
                entered = click.prompt("Verification code", default="", show_default=False)
                if entered.strip():
                    result = flow.finish(username, pending.token, entered.strip())
    click.echo(f"{username}: {result.detail}")
    if not result.ok:
        ctx.exit(1)
