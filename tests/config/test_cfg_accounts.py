"""Account fields: secrets as references, proxies, IMAP login, deletion, protection."""

from __future__ import annotations

import pytest
from cfg_helpers import Errors, Write, only, where

from reconciler.config import SECRET_FIELDS, ProxyPoolRequest, load_config, mask_url_password

HEAD = "version: 1\naccounts:\n  - username: a\n"


def test_secret_fields_are_named() -> None:
    assert frozenset({"password", "twofa_secret", "imap_password"}) == SECRET_FIELDS


def test_all_account_fields_load(write: Write) -> None:
    config = load_config(
        write(
            HEAD + "    password: ${env:A_PW}\n"
            "    twofa_secret: ${file:secrets/a.totp}\n"
            "    imap_server: imap.example.com\n"
            "    imap_username: a@example.com\n"
            "    imap_password: ${env:A_IMAP}\n"
            "    proxy: {country: US}\n"
            "    mobile_proxy: http://10.0.0.2:8080\n"
            "    protect: true\n"
            "max_accounts_per_proxy: 3\n"
            "captions:\n  - {title: t, caption: c, protect: true}\n"
        )
    )
    account = config.accounts[0]
    assert account.twofa_secret == "${file:secrets/a.totp}"
    assert (account.imap_server, account.imap_port) == ("imap.example.com", 993)
    assert account.proxy == ProxyPoolRequest(country="US")
    assert account.mobile_proxy == "http://10.0.0.2:8080"
    assert account.protect is True and config.captions[0].protect is True
    assert config.max_accounts_per_proxy == 3
    assert "A_IMAP" not in repr(account)


def test_defaults_when_omitted(write: Write) -> None:
    config = load_config(write(HEAD + "captions:\n  - {title: t, caption: c}\n"))
    account = config.accounts[0]
    assert (account.protect, account.twofa_secret, account.imap_port, account.proxy) == (
        False,
        None,
        None,
        None,
    )
    assert config.captions[0].protect is False and config.max_accounts_per_proxy is None


@pytest.mark.parametrize("field", sorted(SECRET_FIELDS))
def test_literal_secret_is_an_error_and_not_echoed(errors: Errors, field: str) -> None:
    found = errors(HEAD + f"    {field}: hunter2\n")
    d = next(d for d in found if d.path == f"accounts[0].{field}")
    assert where(d) == (4, 7 + len(field), f"accounts[0].{field}")
    assert d.message == "secrets must come from ${env:...} or ${file:...}"
    assert all("hunter2" not in str(x) for x in found)


def test_secret_with_literal_text_around_a_reference(errors: Errors) -> None:
    d = only(errors(HEAD + "    password: pre-${env:X}\n"))
    assert d.message == "secrets must come from ${env:...} or ${file:...}"


def test_two_references_make_one_secret(write: Write) -> None:
    config = load_config(write(HEAD + "    password: ${env:A}${file:b.txt}\n"))
    assert config.accounts[0].password == "${env:A}${file:b.txt}"


@pytest.mark.parametrize(
    "missing",
    [("imap_username", "imap_password"), ("imap_server",), ("imap_password",)],
)
def test_imap_login_is_all_or_nothing(errors: Errors, missing: tuple[str, ...]) -> None:
    given = {
        "imap_server": "imap.example.com",
        "imap_username": "u",
        "imap_password": "${env:P}",
    }
    text = "".join(f"    {k}: {v}\n" for k, v in given.items() if k not in missing)
    d = only(errors(HEAD + text))
    assert where(d) == (3, 5, "accounts[0]")
    assert d.message == (
        "IMAP needs imap_server, imap_username, imap_password together; "
        f"missing: {', '.join(missing)}"
    )


def test_imap_port_alone_needs_the_login(errors: Errors) -> None:
    d = only(errors(HEAD + "    imap_port: 143\n"))
    assert d.message.endswith("missing: imap_server, imap_username, imap_password")


@pytest.mark.parametrize("port", ["0", "70000", '"143"'])
def test_imap_port_range(errors: Errors, port: str) -> None:
    login = "    imap_server: s\n    imap_username: u\n    imap_password: ${env:P}\n"
    d = only(errors(HEAD + login + f"    imap_port: {port}\n"))
    assert d.path == "accounts[0].imap_port"


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1:8080",
        "https://proxy.example.com:443",
        "socks4://10.0.0.1:1080",
        "socks5://user:pass@10.0.0.1:1080",
        "socks5://user:${env:PROXY_PASS}@10.0.0.1:1080",
        "socks5://${env:PROXY_USER}:${env:PROXY_PASS}@host-1.example:1080",
        "http://[2001:db8::1]:3128",
        "${env:WHOLE_PROXY_URL}",
        "http://10.0.0.1:${env:PORT}",
    ],
)
def test_valid_proxy_urls(write: Write, url: str) -> None:
    config = load_config(write(HEAD + f'    proxy: "{url}"\n    mobile_proxy: "{url}"\n'))
    assert config.accounts[0].proxy == url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://h:21", "unsupported proxy scheme 'ftp'; use one of http, https, socks4, socks5"),
        ("10.0.0.1:8080", "a proxy must be a URL scheme://[user:pass@]host:port"),
        ("http://10.0.0.1", "the proxy URL needs a port: scheme://[user:pass@]host:port"),
        ("http://10.0.0.1:0", "the proxy URL's port must be a number from 1 to 65535"),
        ("http://10.0.0.1:99999", "the proxy URL's port must be a number from 1 to 65535"),
        ("http://bad_host!:80", "the proxy URL's host is not a valid host name or IP address"),
        ("http://:80", "the proxy URL needs a host: scheme://[user:pass@]host:port"),
        ("http://h:80/path", "a proxy URL has no path or query: scheme://[user:pass@]host:port"),
        ("socks5://:secret@h:80", "the proxy URL has an empty user name before '@'"),
        ("http://[::zz]:80", "the proxy URL's host is not a valid IPv6 address"),
    ],
)
def test_invalid_proxy_urls(errors: Errors, url: str, message: str) -> None:
    for field in ("proxy", "mobile_proxy"):
        d = only(errors(HEAD + f'    {field}: "{url}"\n'))
        assert (d.path, d.message) == (f"accounts[0].{field}", message)
        assert "secret" not in d.message


@pytest.mark.parametrize(
    ("value", "path", "message"),
    [
        ("{country: us}", "accounts[0].proxy.country", "write the country code in uppercase: 'US'"),
        (
            "{country: UK}",
            "accounts[0].proxy.country",
            "'UK' is not an ISO 3166-1 alpha-2 country code (did you mean 'GB'?)",
        ),
        (
            "{country: XX}",
            "accounts[0].proxy.country",
            "'XX' is not an ISO 3166-1 alpha-2 country code",
        ),
        ("{country: 1}", "accounts[0].proxy.country", "expected a string, got an integer"),
        ("{}", "accounts[0].proxy", "missing required field 'country'"),
        (
            "{country: US, cuontry: FR}",
            "accounts[0].proxy.cuontry",
            "unknown field 'cuontry' (did you mean 'country'?)",
        ),
        (
            "5",
            "accounts[0].proxy",
            "expected a URL string or a pool request {country: XX}, got an integer",
        ),
    ],
)
def test_pool_request(errors: Errors, value: str, path: str, message: str) -> None:
    d = only(errors(HEAD + f"    proxy: {value}\n"))
    assert (d.path, d.message) == (path, message)


def test_mobile_proxy_takes_no_pool_request(errors: Errors) -> None:
    d = only(errors(HEAD + "    mobile_proxy: {country: US}\n"))
    assert (d.path, d.message) == (
        "accounts[0].mobile_proxy",
        "expected a URL string, got a mapping",
    )


def test_absent_account_declares_nothing_else(errors: Errors) -> None:
    found = errors(
        HEAD + "    state: absent\n    proxy: http://h:80\n    repost: {active: true}\n"
        "    reactions: {}\n    password: ${env:STILL_FINE}\n    protect: false\n"
    )
    assert [(where(d), d.message) for d in found] == [
        (
            (5, 5, "accounts[0].proxy"),
            "an account with state: absent is deleted and may not declare 'proxy'",
        ),
        (
            (6, 5, "accounts[0].repost"),
            "an account with state: absent is deleted and may not declare 'repost'",
        ),
        (
            (7, 5, "accounts[0].reactions"),
            "an account with state: absent is deleted and may not declare 'reactions'",
        ),
    ]


def test_protected_absent_account_loads(write: Write) -> None:
    """The plan refuses to delete it; the config itself is valid."""
    config = load_config(write(HEAD + "    state: absent\n    protect: true\n"))
    assert (config.accounts[0].state, config.accounts[0].protect) == ("absent", True)


@pytest.mark.parametrize(
    ("caption", "message"), [('""', "must not be empty"), ('"  "', "must not be blank")]
)
def test_caption_text_must_not_be_blank(errors: Errors, caption: str, message: str) -> None:
    d = only(errors(f"version: 1\ncaptions:\n  - title: t\n    caption: {caption}\n"))
    assert (where(d), d.message) == ((4, 14, "captions[0].caption"), message)


def test_blank_title(errors: Errors) -> None:
    d = only(errors('version: 1\ncaptions:\n  - {title: " ", caption: c}\n'))
    assert (d.path, d.message) == ("captions[0].title", "must not be blank")


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "must be at least 1"), ('"2"', "expected an integer, got a string (remove the quotes)")],
)
def test_max_accounts_per_proxy(errors: Errors, value: str, message: str) -> None:
    d = only(errors(f"version: 1\nmax_accounts_per_proxy: {value}\n"))
    assert (where(d), d.message) == ((2, 25, "max_accounts_per_proxy"), message)


def test_a_literal_proxy_shared_beyond_the_limit(errors: Errors) -> None:
    found = errors(
        """\
        version: 1
        max_accounts_per_proxy: 2
        accounts:
          - {username: a, proxy: "http://10.0.0.1:80"}
          - {username: b, proxy: "HTTP://10.0.0.1:80"}
          - {username: c, proxy: "http://10.0.0.1:80", state: absent}
          - {username: d, proxy: "http://10.0.0.2:80"}
          - {username: e, proxy: "http://10.0.0.1:80"}
        """
    )
    assert [d.path for d in found] == ["accounts[2].proxy", "accounts[4].proxy"]
    assert found[1].message.startswith(
        "this proxy is already used by max_accounts_per_proxy (2) accounts (at "
    )


def test_mask_url_password() -> None:
    assert mask_url_password("socks5://u:pw@h:1") == "socks5://u:(sensitive)@h:1"
    assert mask_url_password("http://h:1") == "http://h:1"
    assert mask_url_password("http://u@h:1") == "http://u@h:1"
    assert mask_url_password("http://u:${env:P}@h:1") == "http://u:${env:P}@h:1"
    assert mask_url_password("http://u:p@s/s@h:1") == "http://u:(sensitive)@h:1"
