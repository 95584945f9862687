"""What the text plan prints: masked secrets, changed secrets, origins, no escapes."""

from __future__ import annotations

from reconciler.kinds import kind_of
from reconciler.plan import Action, FieldChange, Plan, Problem
from reconciler.plan_json import change_json, json_text
from reconciler.render.markdown import render_markdown
from reconciler.render.text import render_plan
from reconciler.sourced import Sourced


def _proxy_change(before: str, after: str) -> Plan:
    change = kind_of("account").change(Action.UPDATE, "brand_one", object_id=11,
                                       fields=(FieldChange("proxy", before, after),))
    return Plan([change])


def test_a_changed_secret_part_is_said_to_change_not_shown_twice() -> None:
    plan = _proxy_change("http://a:old@10.0.0.9:80", "http://a:new@10.0.0.9:80")
    text = render_plan(plan)
    assert '~ proxy: "http://(sensitive)@10.0.0.9:80" (sensitive value changed)' in text
    assert "->" not in text.split("proxy:")[1].splitlines()[0]
    assert "old" not in text and "new@" not in text
    (field,) = change_json(plan.changes[0], "reference")["fields"]
    assert field["sensitive_changed"] is True


def test_a_visible_difference_is_shown_as_before_and_after() -> None:
    text = render_plan(_proxy_change("http://a:pw@10.0.0.9:80", "http://a:pw@10.0.0.10:80"))
    assert '"http://(sensitive)@10.0.0.9:80" -> "http://(sensitive)@10.0.0.10:80"' in text


def test_environment_values_print_as_their_origin() -> None:
    after = Sourced("http://u:s3cr3t@10.0.0.9:80", "http://u:${env:P}@10.0.0.9:80")
    text = render_plan(_proxy_change("http://u:other@10.0.0.9:80", after))
    assert "s3cr3t" not in text and "(sensitive value changed)" in text


def test_server_text_cannot_drive_the_terminal_or_the_comment() -> None:
    evil = "boom\x1b[2J\x1b]52;c;ZXZpbA==\x07 <script>alert(1)</script> `x` @team"
    plan = Plan([], [Problem('account["a`b"].repost', evil)])
    text = render_plan(plan)
    assert "\x1b" not in text and "\x07" not in text and "\\x1b[2J" in text
    markdown = render_markdown(plan)
    assert "\x1b" not in markdown and "<script>" not in markdown
    assert "``account[\"a`b\"].repost``" in markdown
    assert "\x1b" not in json_text({"message": evil}) and "\\u001b" in json_text({"m": evil})


def test_errors_reach_the_terminal_escaped(tmp_path: object) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from reconciler.cli import main

    assert isinstance(tmp_path, Path)
    bad = tmp_path / "evil\x1b[2J.yaml"
    bad.write_text("version: 1\naccounts: [{username: 'a\x1b]52;c;x\x07'}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-f", str(bad)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[2J" in result.output
