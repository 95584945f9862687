"""The example GitOps workflow's own steps, run here with stand-ins for `gh` and `strec`."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

WORKFLOW = Path(__file__).resolve().parents[2] / "examples" / "github" / "strec.yml"

GH = """#!/usr/bin/env bash
# `gh` as the workflow calls it; answers come from the test, already filtered like --jq.
case "$1 $2" in
  "api repos/"*) if [[ "$2" == */pulls ]]; then echo "$GH_PULLS"; else echo "$GH_RUN"; fi ;;
  "run download") mkdir -p reviewed && touch reviewed/plan.bin && echo "planned" > reviewed/plan.md
                  git rev-parse "HEAD:$STREC_CONFIG" > reviewed/config.ref ;;
esac
"""
STREC = """#!/usr/bin/env bash
echo "$*" >> "$STREC_CALLS"
"""


def _workflow() -> dict[str, Any]:
    doc: dict[str, Any] = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    return doc


def _step(job: str, name: str) -> dict[str, Any]:
    return next(s for s in _workflow()["jobs"][job]["steps"] if s.get("name") == name)


def _bash(script: str, env: dict[str, str], cwd: Path) -> None:
    subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                   env=env, cwd=cwd, check=True, timeout=30)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "strec.yaml").write_text("version: 1\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "strec.yaml"],
                 ["-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "c"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("gh", GH), ("strec", STREC)):
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(stat.S_IRWXU)
    return tmp_path


def _apply_on_merge(repo: Path, labels: str) -> list[str]:
    """Run the apply job's steps for a push to main that merged PR #7 with `labels`."""
    out, calls = repo / "output", repo / "calls"
    env = {k: str(v) for k, v in _workflow()["env"].items()}
    env.update(PATH=f"{repo / 'bin'}:{os.environ['PATH']}", HOME=str(repo),
               GITHUB_REPOSITORY="o/r", GITHUB_SHA="abc", GITHUB_EVENT_NAME="push",
               GITHUB_WORKFLOW_REF="o/r/.github/workflows/strec.yml@refs/heads/main",
               GITHUB_OUTPUT=str(out), GITHUB_STEP_SUMMARY=str(repo / "summary"),
               GH_PULLS=f"7 deadbeef ,{labels},", GH_RUN="99", STREC_CALLS=str(calls))
    _bash(_step("apply", "Find the reviewed plan")["run"], env, repo)
    outputs = dict(line.split("=", 1) for line in out.read_text().split())
    env.update(PLANFILE=outputs.get("planfile", ""), FORCE=outputs.get("force", ""))
    _bash(_step("apply", "Apply")["run"], env, repo)
    return calls.read_text().splitlines()


def test_a_labelled_pull_request_applies_its_plan_over_the_limit(repo: Path) -> None:
    (call,) = _apply_on_merge(repo, "docs,strec:force")
    assert call.startswith("apply reviewed/plan.bin") and "--force" in call.split()


def test_an_unlabelled_pull_request_does_not_force(repo: Path) -> None:
    (call,) = _apply_on_merge(repo, "docs,strec:forceful")
    assert call.startswith("apply reviewed/plan.bin") and "--force" not in call.split()


NODE_HARNESS = """
const fs = require('fs');
const posted = [];
const github = {
  paginate: async () => [],
  rest: { issues: { listComments: null,
    createComment: async (c) => posted.push(c.body),
    updateComment: async (c) => posted.push(c.body) } },
};
const context = { repo: { owner: 'o', repo: 'r' }, serverUrl: 'https://github.com', runId: 1,
                  payload: { pull_request: { number: 7, head: { sha: 'abcdef1234' } } } };
(async () => { SCRIPT
  fs.writeFileSync('posted.json', JSON.stringify(posted)); })();
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_comment_shows_a_failed_plans_problems_under_one_marker(tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_text("<!-- strec-plan -->\n### strec plan: no changes\n\n"
                                      "**1 problem(s)** — `account[\"x\"]`: no password\n")
    (tmp_path / "plan.err").write_text("Error: the plan has 1 problem\n")
    script = _step("plan", "Comment the plan on the pull request")["with"]["script"]
    (tmp_path / "run.js").write_text(NODE_HARNESS.replace("SCRIPT", script), encoding="utf-8")
    env = {**os.environ, "VALIDATE_OUTCOME": "success", "PLAN_EXITCODE": "1"}
    subprocess.run(["node", "run.js"], cwd=tmp_path, env=env, check=True, timeout=30)
    (body,) = json.loads((tmp_path / "posted.json").read_text())
    assert body.count("<!-- strec-plan -->") == 1
    assert "no password" in body and "the plan has 1 problem" in body


STATUS_WORKFLOW = WORKFLOW.with_name("strec-status.yml")
STATUS_HARNESS = """
const fs = require('fs');
const calls = [];
const existing = JSON.parse(process.env.OPEN_ISSUES);
const rec = (name) => async (args) => { calls.push([name, args]); return {}; };
const github = {
  paginate: async () => existing,
  rest: { issues: { listForRepo: null, create: rec('create'), update: rec('update'),
                    createComment: rec('comment') } },
};
const context = { repo: { owner: 'o', repo: 'r' }, serverUrl: 'https://github.com', runId: 1 };
(async () => { SCRIPT
})().then(() => fs.writeFileSync('calls.json', JSON.stringify(calls)));
"""


def _status_issue(tmp_path: Path, code: str, open_issues: list[dict[str, Any]]) -> list[Any]:
    doc: dict[str, Any] = YAML(typ="safe").load(STATUS_WORKFLOW.read_text(encoding="utf-8"))
    step = next(s for s in doc["jobs"]["status"]["steps"]
                if s.get("name") == "Open, update or close the status issue")
    (tmp_path / "status.txt").write_text("Needs attention (1):\n  !! ```x``` logged out\n")
    (tmp_path / "run.js").write_text(STATUS_HARNESS.replace("SCRIPT", step["with"]["script"]))
    env = {**os.environ, "EXITCODE": code, "OPEN_ISSUES": json.dumps(open_issues)}
    subprocess.run(["node", "run.js"], cwd=tmp_path, env=env, check=True, timeout=30)
    calls: list[Any] = json.loads((tmp_path / "calls.json").read_text())
    return calls


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_status_workflow_keeps_one_issue(tmp_path: Path) -> None:
    ((name, args),) = _status_issue(tmp_path, "3", [])
    assert name == "create" and "unhealthy" in args["title"] and args["labels"] == ["strec-status"]
    assert "````text" in args["body"]  # a fence longer than the backticks inside
    mine = {"number": 5, "body": "<!-- strec-status -->\nold"}
    ((name, args),) = _status_issue(tmp_path, "2", [mine])
    assert name == "update" and args["issue_number"] == 5 and "drifted" in args["title"]
    names = [n for n, _ in _status_issue(tmp_path, "0", [mine])]
    assert names == ["comment", "update"]
    assert _status_issue(tmp_path, "0", []) == []


def test_sharded_workflow_covers_every_shard_once() -> None:
    doc: dict[str, Any] = YAML(typ="safe").load(
        WORKFLOW.with_name("strec-sharded.yml").read_text(encoding="utf-8"))
    n = int(doc["env"]["STREC_SHARDS"])
    for job in ("plan", "apply"):
        assert doc["jobs"][job]["strategy"]["matrix"]["shard"] == list(range(1, n + 1))
    apply_script = next(s for s in doc["jobs"]["apply"]["steps"] if s.get("name") == "Apply")
    assert '--shard "$SHARD/$STREC_SHARDS"' in apply_script["run"]
