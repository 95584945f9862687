"""Jinja2 templates (`*.j2`): platform syntax untouched, variables, errors at template lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from cfg_helpers import Write, only, where

from reconciler.config import find_config_files, load_config
from reconciler.config.templating import line_map, mark_lines
from reconciler.errors import ConfigError, Diagnostic


def _errors(path: Path, **kwargs: object) -> list[Diagnostic]:
    with pytest.raises(ConfigError) as info:
        load_config(path, **kwargs)  # type: ignore[arg-type]
    return info.value.diagnostics


def test_platform_syntax_passes_through_a_template(write: Write) -> None:
    path = write(
        """\
        version: 1
        {## a Jinja comment: {{ not_rendered }} ##}
        captions:
          - title: {{ name }}
            caption: "{{original_caption}} {{ original_caption }} {#a|#b} {x|y} {Hot|Sunny} ${5|10}"
        accounts:
          - username: a
            repost:
              settings: {caption: "{Wow|Nice} {#x|#y}: {{original_caption}}"}
        """,
        "strec.yaml.j2",
    )
    config = load_config(path, variables={"name": "promo"})
    assert config.captions[0].title == "promo"
    assert config.captions[0].caption == (
        "{{original_caption}} {{ original_caption }} {#a|#b} {x|y} {Hot|Sunny} ${5|10}"
    )
    repost = config.accounts[0].repost
    assert repost is not None and repost.settings is not None
    assert repost.settings["caption"] == "{Wow|Nice} {#x|#y}: {{original_caption}}"


def test_undefined_variable_points_at_its_line(write: Write) -> None:
    path = write("version: 1\naccounts:\n  - username: {{ usrname }}\n", "a.yaml.j2")
    d = only(_errors(path, variables={"username": "x"}))
    assert (d.file, d.line) == (str(path), 3)
    assert d.message == "undefined variable: 'usrname' is undefined (did you mean 'username'?)"


def test_undefined_attribute_of_a_row(write: Write) -> None:
    path = write(
        "version: 1\naccounts:\n{% for a in rows %}\n  - username: {{ a.usrname }}\n{% endfor %}\n",
        "a.yaml.j2",
    )
    d = only(_errors(path, variables={"rows": [{"username": "x"}]}))
    assert (d.line, d.message) == (
        4,
        "undefined variable: 'dict object' has no attribute 'usrname'",
    )


def test_syntax_error_points_at_its_line(write: Write) -> None:
    path = write("version: 1\n\n{% for a in rows %\n", "a.yaml.j2")
    d = only(_errors(path))
    assert (d.file, d.line) == (str(path), 3)
    assert d.message.startswith("template syntax error: ")


def test_csv_rows_generate_accounts(write: Write, tmp_path: Path) -> None:
    write("username,profile,speed\nalice,fast,3\nbob,slow,1\n", "vars/accounts.csv")
    write("version: 1\nprofiles: {fast: {protect: true}, slow: {}}\n", "base.yaml")
    write(
        """\
        accounts:
        {% for a in accounts %}
          - username: {{ a.username }}
            profile: {{ a.profile }}
            reactions: {settings: {likes_speed: {{ a.speed }}}}
        {% endfor %}
        """,
        "accounts.yaml.j2",
    )
    config = load_config(tmp_path)
    assert [(a.username, a.protect) for a in config.accounts] == [
        ("alice", True),
        ("bob", False),
    ]
    assert config.accounts[1].reactions is not None
    assert config.accounts[1].reactions.settings == {"likes_speed": 1}


def test_problem_in_rendered_yaml_points_at_the_template_line(write: Write, tmp_path: Path) -> None:
    write("username\nalice\nbob\n", "vars/rows.csv")
    write(
        """\
        version: 1
        {## one account per row ##}
        accounts:
        {% for a in rows %}
          - username: {{ a.username }}
            proxi: x
        {% endfor %}
        """,
        "strec.yaml.j2",
    )
    found = _errors(tmp_path)
    assert [(Path(d.file).name, *where(d)) for d in found] == [
        ("strec.yaml.j2", 6, 5, "accounts[0].proxi"),
        ("strec.yaml.j2", 6, 5, "accounts[1].proxi"),
    ]


def test_yaml_syntax_error_after_rendering(write: Write) -> None:
    path = write("version: 1\n{% if true %}\naccounts: [{{ v }}\n{% endif %}\n", "a.j2")
    d = only(_errors(path, variables={"v": "x"}))
    assert d.file == str(path) and d.message.startswith("YAML syntax error")
    assert d.line == 3


def test_vars_precedence(write: Write, tmp_path: Path) -> None:
    write("a: from-dir\nb: from-dir\nc: from-dir\n", "vars/1.yaml")
    extra = write('{"b": "from-file", "c": "from-file"}', "extra.json")
    write("version: 1\ncaptions:\n  - {title: t, caption: '{{a}} {{b}} {{c}}'}\n", "c.yaml.j2")
    config = load_config(tmp_path, vars_files=[extra], variables={"c": "from-var"})
    assert config.captions[0].caption == "from-dir from-file from-var"


def test_csv_variable_name(write: Write, tmp_path: Path) -> None:
    csv = write("title,text\nt1,one\n", "my-captions.csv")
    path = write(
        "version: 1\ncaptions:\n{% for c in my_captions %}\n"
        "  - {title: {{c.title}}, caption: {{c.text}}}\n{% endfor %}\n",
        "c.yaml.j2",
    )
    assert load_config(path, vars_files=[csv]).captions[0].caption == "one"


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("bad.csv", "a,b\n1,2\n3\n", 3, "this row has 1 fields, the header has 2"),
        ("bad.csv", "a,a\n1,2\n", 1, "column 2 ('a') appears twice"),
        ("bad.json", '{"a": 1,}', 1, "invalid JSON: Expecting property name enclosed in"),
        ("bad.json", "[1]", 1, "a vars file holds a mapping, not a list"),
        ("bad.yaml", "a: [1\n", 1, "YAML syntax error: this '[' is not closed"),
    ],
)
def test_vars_file_problems(
    write: Write, tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    vars_file = write(text, name)
    path = write("version: 1\ncaptions:\n  - {title: t, caption: '{{ a }}'}\n", "c.yaml.j2")
    d = only(_errors(path, vars_files=[vars_file]))  # the template is not rendered
    assert (d.file, d.line) == (str(vars_file), line)
    assert d.message.startswith(message)


def test_missing_vars_file(write: Write, tmp_path: Path) -> None:
    path = write("version: 1\n", "c.yaml.j2")
    d = only(_errors(path, vars_files=[tmp_path / "nope.yaml"]))
    assert d.message == "vars file: no such file"


def test_partials_are_not_configs_but_can_be_included(write: Write, tmp_path: Path) -> None:
    write("  - {title: {{ t }}, caption: included}\n", "_caption.j2")
    write("version: 1\ncaptions:\n{% set t = 'x' %}\n{% include '_caption.j2' %}\n", "c.j2")
    assert [p.name for p in find_config_files(tmp_path)] == ["c.j2"]
    assert load_config(tmp_path).captions[0].caption == "included"


def test_missing_include(write: Write) -> None:
    path = write("version: 1\n\n{% include '_nope.j2' %}\n", "c.j2")
    d = only(_errors(path))
    assert (d.line, d.message) == (3, "template error: no template named '_nope.j2'")


def test_placeholder_inside_an_included_partial(write: Write, tmp_path: Path) -> None:
    write('  - {title: t, caption: "{{original_caption}} {{ v }}"}\n', "_c.j2")
    write("version: 1\ncaptions:\n{% include '_c.j2' %}\n", "c.j2")
    config = load_config(tmp_path, variables={"v": "ok"})
    assert config.captions[0].caption == "{{original_caption}} ok"


def test_unusual_whitespace_falls_back_to_rendered_lines(write: Write) -> None:
    """A set block whose text is measured: markers would change it, so none are used."""
    path = write(
        "version: 1\n{% set block %}\nab\ncd\n{% endset %}\n"
        "prune: {captions: {{ block | length }}}\n",
        "c.j2",
    )
    d = only(_errors(path))
    assert d.path == "prune.captions" and d.line == 2  # the rendered text's line


def test_mark_lines_and_line_map() -> None:
    source = "a: 1\n{% if x %}\nb: {{ y -}}\n  c\n\n{## note ##}\nd: 2\n"
    assert mark_lines(source) == (
        "a: 1\ue0021\ue003\n{% if x %}\nb: {{ y -}}\n  c\ue0024\ue003\n\n{## note ##}\n"
        "d: 2\ue0027\ue003\n"
    )
    assert line_map("x\ue0022\ue003\ny\nz\ue0025\ue003\n") == [2, 5, 5, 5]


def test_a_duplicate_from_a_loop_names_the_first_item(write: Write) -> None:
    path = write(
        "version: 1\naccounts:\n{% for u in ['a', 'b', 'a'] %}\n  - username: {{ u }}\n"
        "{% endfor %}\n",
        "a.yaml.j2",
    )
    d = only(_errors(path))
    assert (d.line, d.path) == (4, "accounts[2].username")
    assert d.message == f"duplicate username 'a' (first declared at {path}:4, accounts[0])"
