"""Shared text and helpers of the config tests (fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reconciler.errors import Diagnostic

EXAMPLE = """\
version: 1

captions:                     # caption library, keyed by title
  - title: summer-promo
    caption: "{Hot|Sunny} deals all week"

prune:
  captions: false             # true: captions not declared here are deleted

accounts:                     # keyed by username
  - username: brand_one
    password: ${env:BRAND_ONE_PASSWORD}   # write-only: used to create / re-login, never shown
    proxy: socks5://user:pass@10.0.0.1:1080   # or {country: US} to take one from the pool
    repost:
      active: true                        # schedule activation
      settings:                           # only the fields named here are managed
        speed: medium
        daily_pause: true
        daily_pause_from: "23:00"
        daily_pause_to: "07:00"
        caption: "{{original_caption}}"
      targets:                            # when given, the complete list
        - {type: hashtag, value: nature}
        - {type: location, value: paris, id: "213385402"}
    reactions:
      active: false
      settings: {is_likes: true, likes_speed: 3}
      targets:
        - {type: hashtag, value: photography}
"""

Write = Callable[..., Path]
Errors = Callable[..., list[Diagnostic]]


def where(d: Diagnostic) -> tuple[int, int, str]:
    """(line, col, path) of a diagnostic, for compact asserts."""
    return d.line, d.col, d.path


def only(diagnostics: list[Diagnostic]) -> Diagnostic:
    """The single diagnostic of a list (fails showing them all otherwise)."""
    assert len(diagnostics) == 1, "\n".join(map(str, diagnostics))
    return diagnostics[0]
