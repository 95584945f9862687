"""Config -> desired State: the config's own shape turned into the shared model.

Non-secret strings holding `${env:…}`/`${file:…}` references are resolved here, when
a plan needs their values; every missing variable is reported at once. Secrets
(password, TOTP secret, IMAP password) stay references until a login needs them.
"""

from __future__ import annotations

from collections.abc import Mapping

from reconciler.config import Config, has_refs, resolve_refs
from reconciler.errors import ConfigError, Diagnostic
from reconciler.normalize import Scalar
from reconciler.state import Account, Caption, Login, PoolRequest, Schedule, State, Target


class _Resolver:
    """Resolves references, collecting every failure instead of stopping at the first."""

    def __init__(self, env: Mapping[str, str] | None, source: str) -> None:
        self.env = env
        self.source = source
        self.problems: list[Diagnostic] = []

    def __call__(self, text: str, where: str) -> str:
        if not has_refs(text):
            return text
        try:
            return resolve_refs(text, env=self.env, path=where, source=self.source)
        except ConfigError as exc:
            self.problems.extend(exc.diagnostics)
            return text


def desired_state(config: Config, *, env: Mapping[str, str] | None = None,
                  resolve: bool = True, source: str = "<config>") -> State:
    """Build the desired state; omitted parts stay None, meaning "leave as it is live".

    With `resolve=False` references stay as written (offline validation needs no env).
    """
    res = _Resolver(env, source)
    ref = res if resolve else (lambda text, where: text)
    state = State(prune_captions=config.prune.captions,
                  max_accounts_per_proxy=config.max_accounts_per_proxy)
    for i, cap in enumerate(config.captions):
        text = ref(cap.caption, f"captions[{i}].caption")
        state.captions[cap.title] = [Caption(cap.title, text, protect=cap.protect)]
    for i, acc in enumerate(config.accounts):
        where = f"accounts[{i}]"
        account = Account(acc.username, present=acc.state == "present", protect=acc.protect)
        if isinstance(acc.proxy, str):
            account.proxy = ref(acc.proxy, f"{where}.proxy")
        elif acc.proxy is not None:
            account.proxy = PoolRequest(acc.proxy.country)
        if acc.mobile_proxy is not None:
            account.mobile_proxy = ref(acc.mobile_proxy, f"{where}.mobile_proxy")
        if acc.password is not None:
            account.login = Login(
                password=acc.password, twofa_secret=acc.twofa_secret,
                imap_server=acc.imap_server, imap_port=acc.imap_port,
                imap_username=acc.imap_username, imap_password=acc.imap_password,
            )
        for module, sched in acc.schedules().items():
            at = f"{where}.{module}"
            targets = None
            if sched.targets is not None:
                targets = [Target(t.type, ref(t.value, f"{at}.targets[{j}].value"), t.id)
                           for j, t in enumerate(sched.targets)]
            settings: dict[str, Scalar] | None = None
            if sched.settings is not None:
                settings = {
                    name: ref(value, f"{at}.settings.{name}") if isinstance(value, str) else value
                    for name, value in sched.settings.items()
                }
            account.schedules[module] = Schedule(sched.active, settings, targets)
        state.accounts[acc.username] = account
    if res.problems:
        raise ConfigError(res.problems)
    return state
