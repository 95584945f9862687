"""`strec render`: the expanded config with each value's origin; the template CLI options."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from cfg_helpers import EXAMPLE, Write
from click.testing import CliRunner

from reconciler.cli.render_cmd import parse_vars, render, template_args
from reconciler.config import load_config, load_expanded
from reconciler.config.expanded import render_expanded

PROFILES = """\
version: 1
defaults:
  reactions: {active: true}
profiles:
  fast:
    repost:
      settings: {speed: fast, caption: "{{original_caption}} {#a|#b}"}
"""
ACCOUNTS = """\
accounts:
{% for name in names.split(',') %}
  - username: {{ name }}
    profile: fast
    proxy: "socks5://u:${env:PROXY_PASS}@10.0.0.{{ loop.index }}:1080"
{% endfor %}
"""


@pytest.fixture
def config_dir(write: Write, tmp_path: Path) -> Path:
    write(PROFILES, "base.yaml")
    write(ACCOUNTS, "accounts.yaml.j2")
    return tmp_path


def test_each_value_names_its_origin(config_dir: Path) -> None:
    text = render_expanded(load_expanded(config_dir, variables={"names": "ann,bob"}))
    base, accounts = config_dir / "base.yaml", config_dir / "accounts.yaml.j2"
    lines = text.splitlines()
    assert lines[0] == f"version: 1  # {base}:1"
    assert f"  - username: ann  # {accounts}:3" in lines
    assert f"  - username: bob  # {accounts}:3" in lines
    assert f"        speed: fast  # {base}:7" in lines
    assert f'        caption: "{{{{original_caption}}}} {{#a|#b}}"  # {base}:7' in lines
    assert f"      active: true  # {base}:3" in lines
    assert "defaults" not in text and "profiles" not in text


def test_the_output_is_the_same_config(config_dir: Path, tmp_path: Path) -> None:
    variables = {"names": "ann,bob"}
    text = render_expanded(load_expanded(config_dir, variables=variables))
    again = tmp_path / "rendered" / "strec.yaml"
    again.parent.mkdir()
    again.write_text(text, encoding="utf-8")
    original = load_config(config_dir, variables=variables)
    rendered = load_config(again)
    without_profile = {"profile"}  # applied: not in the output
    assert [a.model_dump(exclude=without_profile) for a in rendered.accounts] == [
        a.model_dump(exclude=without_profile) for a in original.accounts
    ]
    assert (rendered.captions, rendered.prune) == (original.captions, original.prune)


def test_the_product_example_round_trips(write: Write, tmp_path: Path) -> None:
    path = write(EXAMPLE.replace("user:pass@", "user:${env:P}@"))
    text = render_expanded(load_expanded(path))
    assert load_config(write(text, "again.yaml")) == load_config(path)


def test_a_literal_proxy_password_is_masked(write: Write) -> None:
    path = write("version: 1\naccounts:\n  - {username: a, proxy: 'socks5://u:pw@h:1'}\n")
    text = render_expanded(load_expanded(path))
    assert "socks5://u:(sensitive)@h:1" in text and ":pw@" not in text


def test_render_command(config_dir: Path, write: Write) -> None:
    names = write("names: carl\n", "other/names.yaml")
    result = CliRunner().invoke(render, ["-f", str(config_dir), "--vars-file", str(names)])
    assert result.exit_code == 0, result.output
    assert "username: carl  #" in result.output
    result = CliRunner().invoke(
        render, ["-f", str(config_dir), "--vars-file", str(names), "--var", "names=dan"]
    )
    assert "username: dan  #" in result.output and "carl" not in result.output


def test_render_command_bad_var(config_dir: Path) -> None:
    result = CliRunner().invoke(render, ["-f", str(config_dir), "--var", "names"])
    assert result.exit_code == 2
    assert "expected KEY=VALUE" in result.output


def test_parse_vars_and_template_args() -> None:
    assert parse_vars(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    with pytest.raises(click.BadParameter):
        parse_vars(["1a=x"])
    assert template_args(("a=1",), ("v.yaml",)) == {
        "variables": {"a": "1"},
        "vars_files": [Path("v.yaml")],
        "allow_outside_files": False,  # no command running: the flag is off
    }
    assert template_args((), (), allow_outside_files=True)["allow_outside_files"] is True
