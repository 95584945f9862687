"""Property: a mutated valid document either loads or raises ConfigError, positioned.

Never any other exception, and every diagnostic has line >= 1 and col >= 1.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cfg_helpers import EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler.config import Config, load_config
from reconciler.errors import ConfigError

JUNK = st.text(
    alphabet=st.sampled_from(list(":{}[]-#&*!|>'\"\n\t %@`,?$~=\\abcxyz019_é\u00a0\x07")),
    min_size=1,
    max_size=8,
)
WRONG_VALUES = st.sampled_from(
    [
        "yes",
        '"true"',
        '"3"',
        "3",
        "2.5",
        "null",
        "[]",
        "{}",
        "[a, b]",
        '"25:00"',
        "23:00",
        "2024-13-45",
        "!tag x",
        "&a x",
        "*nope",
        '"${vault:x}"',
        '"${env:"',
        "- x",
        "''",
        "~",
        "sht_" + "ab" * 32,
        "0x1F",
        ".nan",
        "{type: location}",
    ]
)
UNKNOWN_KEYS = st.sampled_from(["speeed", "zzz", "is_active", "usernme", "targets", "id", "1"])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = EXAMPLE
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "value", "key"]))
        lines = text.split("\n")
        if kind == "delete" and text:
            start = draw(st.integers(0, len(text) - 1))
            text = text[:start] + text[start + draw(st.integers(1, 6)) :]
        elif kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(JUNK) + text[at:]
        elif kind == "value":
            with_value = [i for i, line in enumerate(lines) if ": " in line]
            if with_value:
                i = draw(st.sampled_from(with_value))
                head = lines[i].split(": ", 1)[0]
                lines[i] = f"{head}: {draw(WRONG_VALUES)}"
                text = "\n".join(lines)
        else:
            i = draw(st.integers(0, len(lines) - 1))
            indent = len(lines[i]) - len(lines[i].lstrip(" -"))
            lines.insert(i + 1, " " * indent + f"{draw(UNKNOWN_KEYS)}: {draw(WRONG_VALUES)}")
            text = "\n".join(lines)
    return text


_DIR = Path(tempfile.mkdtemp(prefix="strec-prop-"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_load_or_raise_positioned_config_error(text: str) -> None:
    path = _DIR / "strec.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        config = load_config(path)
    except ConfigError as exc:
        assert exc.diagnostics
        for d in exc.diagnostics:
            assert d.line >= 1 and d.col >= 1, str(d)
            assert d.file == str(path)
            assert d.message
    else:
        assert isinstance(config, Config)
