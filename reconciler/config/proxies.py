"""Proxy values: a literal URL checked for shape, or a pool request `{country: XX}`.

A URL is checked with its `${env:...}` / `${file:...}` references left in place: a part
that holds a reference (typically the password) is not checked, the rest is. Messages
name the part that is wrong, never the value (a proxy URL may carry a password).
"""

from __future__ import annotations

import ipaddress
import re

from reconciler.config.refs import split_refs
from reconciler.config.secrets import is_reference_only
from reconciler.config.suggest import shorten

SCHEMES = ("http", "https", "socks4", "socks5")
_SHAPE = "scheme://[user:pass@]host:port"
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_SCHEME_NAME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,15}")
_REF = "\x00"  # stands for a reference while the URL is checked

#: ISO 3166-1 alpha-2 country codes.
_COUNTRY_TABLE = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
COUNTRIES = frozenset(_COUNTRY_TABLE.split())
#: Common non-ISO spellings and what ISO 3166 calls them.
_ALIASES = {"UK": "GB", "EN": "GB", "EL": "GR"}


def proxy_url_problem(url: str) -> str | None:
    """What is wrong with a proxy URL's shape, or None (also for a reference-only value)."""
    text = url
    if "${" in url:
        if is_reference_only(url):
            return None
        parts = split_refs(url)
        if any(p.problem for p in parts):
            return None  # reported by the reference check
        text = "".join(_REF if p.scheme else p.literal for p in parts)
    scheme, sep, rest = text.partition("://")
    if not sep:
        return f"a proxy must be a URL {_SHAPE}"
    if _REF not in scheme and scheme.lower() not in SCHEMES:
        named = f" {shorten(scheme)}" if _SCHEME_NAME.fullmatch(scheme) else ""
        return f"unsupported proxy scheme{named}; use one of {', '.join(SCHEMES)}"
    rest, _, path = rest.partition("/")
    if path or "?" in rest or "#" in rest:
        return f"a proxy URL has no path or query: {_SHAPE}"
    userinfo, at, hostport = rest.rpartition("@")
    if at and not userinfo.partition(":")[0]:
        return "the proxy URL has an empty user name before '@'"
    return _hostport_problem(hostport)


def _hostport_problem(hostport: str) -> str | None:
    if hostport.startswith("["):
        host, bracket, after = hostport[1:].partition("]")
        port = after[1:] if after.startswith(":") else None
        if not bracket or (after and port is None):
            return f"the proxy URL's host is malformed: {_SHAPE}"
        host_problem = None if _REF in host else _ipv6_problem(host)
    else:
        host, colon, port_text = hostport.rpartition(":")
        if not colon:
            host, port = hostport, None
        else:
            port = port_text
        host_problem = None if _REF in host else _host_problem(host)
    if host_problem:
        return host_problem
    if port is None or port == "":
        return f"the proxy URL needs a port: {_SHAPE}"
    if _REF not in port and not (port.isdigit() and 1 <= int(port) <= 65535):
        return "the proxy URL's port must be a number from 1 to 65535"
    return None


def _host_problem(host: str) -> str | None:
    if not host:
        return f"the proxy URL needs a host: {_SHAPE}"
    try:
        ipaddress.IPv4Address(host)
        return None
    except ValueError:
        pass
    if all(_HOST_LABEL.fullmatch(label) for label in host.rstrip(".").split(".")):
        return None
    return "the proxy URL's host is not a valid host name or IP address"


def _ipv6_problem(host: str) -> str | None:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return "the proxy URL's host is not a valid IPv6 address"
    return None


def country_problem(country: str) -> str | None:
    """What is wrong with a pool request's country code, or None."""
    if country in COUNTRIES:
        return None
    if country.upper() in COUNTRIES:
        return f"write the country code in uppercase: '{country.upper()}'"
    alias = _ALIASES.get(country.upper())
    hint = f" (did you mean '{alias}'?)" if alias else ""
    return f"{shorten(country)} is not an ISO 3166-1 alpha-2 country code{hint}"
