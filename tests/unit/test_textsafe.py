"""Escaping of outside text: nothing a terminal or a Markdown renderer would obey."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reconciler.textsafe import has_unsafe, md_code, md_text, printable


def test_escape_sequences_are_shown_not_obeyed() -> None:
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    osc52 = "\x1b]52;c;ZXZpbA==\x07"
    assert "\x1b" not in printable(osc52) and "\x07" not in printable(osc52)
    assert printable("\u202eevil") == "\\u202eevil"
    assert printable("x\x9by") == "x\\x9by"  # C1 CSI


def test_ordinary_text_passes() -> None:
    text = "Café {Love|Great} this! 👏 #tag"
    assert printable(text) == text and not has_unsafe(text)


def test_newlines_kept_only_when_asked() -> None:
    assert printable("a\nb") == "a\\x0ab"
    assert printable("a\nb\x1b", keep_newlines=True) == "a\nb\\x1b"


@given(st.text())
def test_printable_output_has_no_control_characters(text: str) -> None:
    out = printable(text)
    assert not has_unsafe(out)
    assert not re.search("[\x00-\x1f\x7f-\x9f]", out)


@given(st.text(min_size=1))
def test_code_span_cannot_be_closed_from_inside(text: str) -> None:
    span = md_code(text)
    fence = re.match("`+", span)
    assert fence is not None
    inner = span[len(fence.group(0)) : -len(fence.group(0))]
    assert fence.group(0) not in inner  # no run of the fence's length inside


def test_markdown_prose_escapes_html_and_markup() -> None:
    out = md_text("<img src=x onerror=alert(1)> **bold** [link](http://x)")
    assert "<" not in out and "**" not in out and "\\[link\\]" in out
