"""Config -> desired State: each resource kind turns its part of the config into its model.

Non-secret strings holding `${env:…}`/`${file:…}` references are resolved here, when a
plan needs their values; every failure is reported at once, at the value's own
`file:line:col`. A value that took anything from the environment becomes a `Sourced`
string: compared by value, printed as where it came from. `${file:}` text is shown (it
is part of the reviewed repository). Secrets (password, TOTP secret, IMAP password)
stay references until a login needs them.
"""

from __future__ import annotations

from collections.abc import Mapping

from reconciler.config import Config, LoadedConfig, has_refs, resolve_refs
from reconciler.config.locations import format_path
from reconciler.config.refs import pieces
from reconciler.errors import ConfigError, Diagnostic
from reconciler.kinds import KINDS
from reconciler.kinds.base import Loc
from reconciler.sourced import Sourced
from reconciler.state import RefContext, State


class Resolver:
    """Resolves references of config values, collecting every failure with its position."""

    def __init__(self, loaded: LoadedConfig | None, env: Mapping[str, str] | None,
                 source: str, *, enabled: bool = True, allow_outside: bool = False) -> None:
        self.loaded = loaded
        self.env = env
        self.source = source
        self.enabled = enabled
        self.allow_outside = allow_outside
        self.problems: list[Diagnostic] = []

    def refs_at(self, loc: Loc) -> RefContext:
        """The reference context of the value at `loc`: its own file's directory."""
        if self.loaded is None:
            return RefContext(allow_outside=self.allow_outside)
        return RefContext(self.loaded.file_of(loc).parent, self.loaded.root,
                          self.allow_outside or self.loaded.allow_outside_files)

    def __call__(self, text: str, loc: Loc) -> str:
        if not self.enabled or not has_refs(text):
            return text
        refs = self.refs_at(loc)
        value: list[str] = []
        shown: list[str] = []
        from_env = 0
        try:
            for piece in pieces(text):
                raw = text[piece.start:piece.end]
                if not (piece.scheme or piece.problem):
                    value.append(piece.literal)
                    shown.append(piece.literal)
                    continue
                resolved = resolve_refs(raw, env=self.env, base_dir=refs.base_dir,
                                        root=refs.root, allow_outside=refs.allow_outside,
                                        source=self.source)
                value.append(resolved)
                if piece.scheme == "env":
                    from_env += 1
                    shown.append(raw)
                else:
                    shown.append(resolved)
        except ConfigError as exc:
            for d in exc.diagnostics:
                self.problem(loc, d.message)
            return text
        joined = "".join(value)
        if not from_env:
            return joined
        whole = len(shown) == 1
        return Sourced(joined, f"(from {shown[0]})" if whole else "".join(shown))

    def problem(self, loc: Loc, message: str) -> None:
        if self.loaded is None:
            self.problems.append(Diagnostic(self.source, 1, 1, format_path(loc), message))
        else:
            self.problems.append(self.loaded.smap.diagnostic(loc, message))


def desired_state(config: Config | LoadedConfig, *, env: Mapping[str, str] | None = None,
                  resolve: bool = True, source: str = "<config>",
                  allow_outside: bool = False) -> State:
    """Build the desired state; omitted parts stay None, meaning "leave as it is live".

    With `resolve=False` references stay as written (offline validation needs no env).
    """
    loaded = config if isinstance(config, LoadedConfig) else None
    model = config.config if isinstance(config, LoadedConfig) else config
    resolver = Resolver(loaded, env, source, enabled=resolve, allow_outside=allow_outside)
    state = State()
    for kind in KINDS:
        if not kind.per_account:
            kind.desired_root(model, resolver, state)
    per_account = [k for k in KINDS if k.per_account]
    for i, acc in enumerate(model.accounts):
        account = state.accounts[acc.username]
        for kind in per_account:
            block = getattr(acc, kind.name, None)
            if block is not None:
                account.schedules[kind.name] = kind.desired(block, resolver,
                                                            ("accounts", i, kind.name))
    if resolver.problems:
        raise ConfigError(resolver.problems)
    return state
