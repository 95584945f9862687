"""Templates render sandboxed and bounded: no code execution, no file outside the config's
directory, and caps on output, value sizes and time, each refused at the template's line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cfg_helpers import Write, only
from hypothesis import given, settings
from hypothesis import strategies as st

from reconciler.config import template_budget
from reconciler.config.templating import Rendered, render_template


def _render(write: Write, body: str, **variables: object) -> Rendered:
    path = write("version: 1\ncaptions:\n" + body, "t.yaml.j2")
    return render_template(path, variables)


def _problem(write: Write, body: str) -> tuple[int, str]:
    d = only(_render(write, body).problems)
    return d.line, d.message


def test_no_code_runs_from_a_template(write: Write, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    attack = "cycler.__init__.__globals__.os.popen('touch %s').read()"
    body = '  - {title: x, caption: "{{ ' + attack + ' }}"}\n'
    line, message = _problem(write, body % marker)
    assert line == 3
    assert message.startswith("template refused: access to attribute '__init__'")
    assert not marker.exists()


def test_lists_and_dicts_cannot_be_changed_in_place(write: Write) -> None:
    line, message = _problem(write, "# {{ [1].append(2) }}\n")
    assert (line, message) == (
        3,
        "template refused: access to attribute 'append' of 'list' object is unsafe.",
    )


def test_lipsum_is_gone(write: Write) -> None:
    assert _problem(write, "# {{ lipsum(100000) }}\n")[1] == (
        "undefined variable: 'lipsum' is undefined"
    )


VALUE_CAP = "would be longer than 4 MiB (the cap on one value)"


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("'A' * 10**9", f"a repeated string {VALUE_CAP}"),
        ("10 ** (10 ** 9)", "an integer of more than 4096 bits (the cap on numbers)"),
        ("(2 ** 4000) * (2 ** 4000)", "an integer of more than 4096 bits (the cap on numbers)"),
        (
            "['a'] * 10**6",
            "a repeated list would have more than 100,000 items (the cap on one list)",
        ),
        ("range(10**6)", "range() would have more than 100,000 items (the cap on one list)"),
        ("'a'|center(999999999)", f"the filter 'center' {VALUE_CAP}"),
        ("'a'.zfill(999999999)", f"str.zfill() {VALUE_CAP}"),
        ("'%999999999s' % 'a'", f"a '%' format {VALUE_CAP}"),
        ("'%.999999999d'|format(1)", f"the filter 'format' {VALUE_CAP}"),
        ("'{:>999999999}'.format(1)", f"str.format() {VALUE_CAP}"),
        ("('x' * 4000000)|replace('x', 'yy')", f"the filter 'replace' {VALUE_CAP}"),
        ("('x' * 4000000).replace('x', 'yy')", f"str.replace() {VALUE_CAP}"),
        ("('x' * 4000000) ~ ('x' * 4000000)", f"a '~' join {VALUE_CAP}"),
        ("('x' * 4000000) + 'xx' * 200000", f"a joined string {VALUE_CAP}"),
        ("(['x' * 4000000] * 2)|join", f"the filter 'join' {VALUE_CAP}"),
        ("''.join(['x' * 4000000] * 2)", f"str.join() {VALUE_CAP}"),
        ("['x' * 4000000] * 2", f"a printed value {VALUE_CAP}"),
        ("('a\\tb' * 1000).expandtabs(100000)", f"str.expandtabs() {VALUE_CAP}"),
        ("range(10)|slice(999999999)", "the filter 'slice' would have more than 100,000 items"),
    ],
)
def test_value_caps_are_checked_before_the_value_is_made(
    write: Write, expression: str, message: str
) -> None:
    line, found = _problem(write, "# a comment line\n# {{ " + expression + " }}\n")
    assert line == 4
    assert found.startswith(f"template too costly: {message}")


def test_output_cap_points_at_the_line_being_rendered(write: Write) -> None:
    body = "# one\n{% for i in range(10) %}\n# {{ 'x' * 4000000 }}\n{% endfor %}\n"
    assert _problem(write, body) == (
        5,
        "template too costly: the output would be longer than 16 MiB (the cap on a "
        "template's output, or on one block or macro)",
    )


def test_a_block_is_capped_like_the_output(write: Write) -> None:
    body = "{% set s %}{% for i in range(10) %}{{ 'x' * 4000000 }}{% endfor %}{% endset %}\n"
    line, message = _problem(write, body)
    assert line == 3 and message.startswith("template too costly: the output would be longer")


def test_what_a_template_builds_is_added_up(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_budget, "MAX_TEMPLATE_BUILT", 100_000)
    body = (
        "{% set ns = namespace(kept=[]) %}\n"
        "{% for i in range(1000) %}\n"
        "{% set ns.kept = ns.kept + ['x' * 1000 ~ i] %}\n"
        "{% endfor %}\n"
    )
    line, message = _problem(write, body)
    assert line == 5
    assert message.startswith("template too costly: the template built more than")


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (
            "{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}\n"
            "{% endfor %}\n",
            4,
        ),
        (
            "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}\n"
            "# {{ f(40) }}\n",
            3,
        ),
    ],
    ids=["nested-loops-printing-nothing", "exponential-macro"],
)
def test_render_time_is_capped(
    write: Write, monkeypatch: pytest.MonkeyPatch, body: str, line: int
) -> None:
    monkeypatch.setattr(template_budget, "MAX_TEMPLATE_SECONDS", 0.2)
    assert _problem(write, body) == (
        line,
        "template too costly: rendering took longer than 0.2 seconds "
        "(the cap on rendering one template)",
    )


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 3000))
def test_repeat_cap_holds_for_every_count(count: int) -> None:
    import tempfile

    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as tmp:
        patch.setattr(template_budget, "MAX_TEMPLATE_VALUE", 2000)
        path = Path(tmp) / "t.yaml.j2"
        path.write_text("version: 1\n# {{ 'ab' * n }}\n", encoding="utf-8")
        rendered = render_template(path, {"n": count})
    assert (not rendered.problems) == (2 * count <= 2000)
    if not rendered.problems:
        assert rendered.text == f"version: 1\n# {'ab' * count}\n"


def test_ordinary_templates_still_render(write: Write) -> None:
    body = (
        "{% set ns = namespace(n=0) %}\n"
        "{% for row in rows if row.on %}\n"
        "{% set ns.n = ns.n + 1 %}\n"
        "  - {title: {{ row.name ~ '-' ~ loop.index }}, caption: \"{{ row.name|upper|center(9) }}"
        " {{ '%03d'|format(ns.n) }} {{ '{}!'.format(row.name) }} {{ [1, 2]|join(',') }}\"}\n"
        "{% endfor %}\n"
    )
    rows = [{"name": "a", "on": True}, {"name": "b", "on": False}, {"name": "c", "on": True}]
    rendered = _render(write, body, rows=rows)
    assert rendered.problems == []
    assert rendered.text.splitlines()[2:] == [
        '  - {title: a-1, caption: "    A     001 a! 1,2"}',
        '  - {title: c-2, caption: "    C     002 c! 1,2"}',
    ]


def test_include_cannot_follow_a_link_out(write: Write, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.j2").write_text("  - {title: s, caption: leaked}\n", encoding="utf-8")
    config = tmp_path / "cfg"
    config.mkdir()
    os.symlink(outside / "secret.j2", config / "_part.j2")
    path = config / "main.yaml.j2"
    path.write_text("version: 1\ncaptions:\n{% include '_part.j2' %}\n", encoding="utf-8")
    d = only(render_template(path, {}).problems)
    assert (d.file, d.line) == (str(path), 3)
    assert d.message == (
        "template refused: template '_part.j2' is a symbolic link out of the config directory"
    )


def test_include_cannot_climb_out(write: Write, tmp_path: Path) -> None:
    (tmp_path / "up.j2").write_text("x: 1\n", encoding="utf-8")
    path = write("version: 1\n{% include '../up.j2' %}\n", "cfg/main.yaml.j2")
    d = only(render_template(path, {}).problems)
    assert (d.line, d.message) == (2, "template error: no template named '../up.j2'")


def test_include_inside_the_directory_still_works(write: Write, tmp_path: Path) -> None:
    write("  - {title: p, caption: part}\n", "cfg/parts/_p.j2")
    path = write("version: 1\ncaptions:\n{% include 'parts/_p.j2' %}\n", "cfg/main.yaml.j2")
    rendered = render_template(path, {})
    assert rendered.problems == []
    assert "caption: part" in rendered.text


def test_template_files_are_size_checked_before_reading(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reconciler.config import template_sandbox

    monkeypatch.setattr(template_sandbox, "MAX_FILE_BYTES", 100)
    write("# " + "x" * 100 + "\n", "cfg/_big.j2")
    path = write("version: 1\n{% include '_big.j2' %}\n", "cfg/main.yaml.j2")
    d = only(render_template(path, {}).problems)
    assert (d.line, d.message) == (
        2,
        "template too costly: template '_big.j2' is larger than 100 bytes "
        "(the cap on a config file)",
    )
    path.write_text("version: 1\n" + "#" * 100 + "\n", encoding="utf-8")
    d = only(render_template(path, {}).problems)
    assert (d.line, d.message) == (
        1,
        "template too costly: template 'main.yaml.j2' is larger than 100 bytes "
        "(the cap on a config file)",
    )


def test_a_macro_may_render_more_than_one_value_but_not_more_than_the_output(
    write: Write,
) -> None:
    macro = "{% macro m(n) %}{% for i in range(n) %}{{ 'x' * 1000000 }}{% endfor %}{% endmacro %}\n"
    five = _render(write, macro + "# {{ m(5) }}\n")
    assert five.problems == [] and len(five.text) > 5_000_000
    line, message = _problem(write, macro + "# {{ m(17) }}\n")
    assert line == 3
    assert message.startswith("template too costly: the output would be longer than 16 MiB")
