"""The sandbox's own module table: gates of every module route, defaults, names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sandbox_helpers import KEY, OTHER_KEY, client_for, data, items, make_seed, modules_seed

from reconciler.sandbox import Sandbox, SeedError
from reconciler.sandbox.modules import ALL_PACKAGES

SANDBOX_DIR = Path(__file__).resolve().parents[2] / "reconciler" / "sandbox"

#: (package, a path of that module, dialect) — one per route family.
GATED = [
    ("repost-pro", "/repost/logs", "reference"),
    ("reactions", "/reactions/logs/11", "guide"),
    ("welcomedm", "/welcomedm/schedules", "reference"),
    ("welcomedm", "/welcomedm/logs/1", "guide"),
    ("ai-dm", "/ai-dm/schedules/5", "reference"),
    ("ai-dm", "/ai-dm/logs", "guide"),
    ("parser", "/leads/schedules", "guide"),
    ("parser", "/leads/logs", "reference"),
    ("first-comment", "/first-comment/schedules", "guide"),
    ("first-comment", "/first-comment/logs/11", "guide"),
]


@pytest.mark.parametrize(("package", "path", "dialect"), GATED)
def test_plugin_missing_is_503(package: str, path: str, dialect: str) -> None:
    seed = modules_seed()
    seed["plugins"] = sorted(ALL_PACKAGES - {package})
    with client_for(Sandbox(seed, dialect=dialect)) as c:
        assert c.get(path).status_code == 503


@pytest.mark.parametrize(("package", "path", "dialect"), GATED)
def test_module_missing_from_package_is_403(package: str, path: str, dialect: str) -> None:
    seed = modules_seed()
    seed["users"][0]["modules"] = sorted(ALL_PACKAGES - {package})
    with client_for(Sandbox(seed, dialect=dialect)) as c:
        r = c.get(path)
        assert r.status_code == 403 and r.json()["errors"] == {"module": package}
        assert c.get("/accounts").status_code == 200  # the core is not gated


def test_first_comment_paths_are_unknown_in_the_reference() -> None:
    with client_for(Sandbox(modules_seed())) as c:
        for path in ("/first-comment/schedules", "/first-comment/logs", "/first-comment/logs/11"):
            r = c.get(path)
            assert r.status_code == 404 and r.json()["message"] == "Endpoint not found"
        assert c.post("/first-comment/schedules", json={}).status_code == 404


def test_old_seeds_get_every_module_installed_and_in_the_package() -> None:
    sb = Sandbox(make_seed())
    assert sb.state.plugins == set(ALL_PACKAGES)
    assert sb.state.users[1].modules == set(ALL_PACKAGES)
    with client_for(sb) as c:
        assert c.get("/welcomedm/schedules").json()["data"] == []
        assert c.get("/leads/logs").status_code == 200
    with client_for(Sandbox(make_seed(), dialect="guide")) as g:
        assert items(g.get("/first-comment/schedules")) == []


def test_module_keys_are_aliases_and_other_documented_packages_are_accepted() -> None:
    seed = make_seed()
    seed["plugins"] = ["repost", "welcome_dm", "leads", "post-actions-api"]
    seed["users"][0]["modules"] = ["first_comment", "ai_dm", "inbox"]
    sb = Sandbox(seed)
    assert sb.state.plugins == {"repost-pro", "welcomedm", "parser", "post-actions-api"}
    assert sb.state.users[1].modules == {"first-comment", "ai-dm", "inbox"}


@pytest.mark.parametrize(
    ("where", "names", "hint"),
    [
        ("plugins", ["welcomdm"], "did you mean 'welcomedm'"),
        ("modules", ["repost-pro", "lead"], "did you mean 'leads'"),
        ("plugins", "repost-pro", "must be a list"),
    ],
)
def test_unknown_module_names_are_seed_errors(where: str, names: object, hint: str) -> None:
    seed = make_seed()
    if where == "plugins":
        seed["plugins"] = names
    else:
        seed["users"][0]["modules"] = names
    with pytest.raises(SeedError, match=hint):
        Sandbox(seed)


def test_the_sandbox_keeps_its_own_module_table() -> None:
    """An independent reading of the documents: nothing imports strec's catalog.MODULES."""
    for source in SANDBOX_DIR.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "reconciler.catalog":
                assert "MODULES" not in {a.name for a in node.names}, source.name


def test_gates_apply_to_writes_too() -> None:
    seed = modules_seed()
    seed["users"][0]["modules"] = ["repost-pro", "reactions"]
    sb = Sandbox(seed, dialect="guide")
    with client_for(sb) as c:
        assert c.post("/welcomedm/schedules/1/pause").status_code == 403
        assert c.post("/leads/schedules/7/stop").status_code == 403
        assert c.post("/first-comment/schedules", json={"account_id": 11}).status_code == 403
    assert sb.state.module_rows("welcome_dm")[1].is_active
    assert sb.state.module_rows("leads")[7].is_active


def test_each_user_lists_only_its_own_rows() -> None:
    sb = Sandbox(modules_seed())
    with client_for(sb, KEY) as mine, client_for(sb, OTHER_KEY) as theirs:
        assert [s["id"] for s in data(mine.get("/welcomedm/schedules"))] == [1, 2]
        assert [s["id"] for s in data(theirs.get("/welcomedm/schedules"))] == [3]
        assert [e["id"] for e in data(theirs.get("/welcomedm/logs"))] == [90]
        assert data(mine.get("/welcomedm/logs")) == []
