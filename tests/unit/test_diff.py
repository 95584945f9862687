"""The pure diff: keyed set math and per-field compares, no I/O."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reconciler.diff import diff, diff_targets
from reconciler.plan import Action, ResourceKind
from reconciler.state import Account, Caption, Schedule, State, Target

targets = st.builds(Target, st.sampled_from(["hashtag", "people", "location"]),
                    st.sampled_from(["a", "b", "c", "d"]),
                    st.one_of(st.none(), st.sampled_from(["1", "2"])))


def _apply_targets(have: list[Target], add: list[Target], remove: list[Target]) -> list[Target]:
    removed = {t.key for t in remove}
    return [t for t in have if t.key not in removed] + add


@given(st.lists(targets, unique_by=lambda t: t.key), st.lists(targets))
def test_target_diff_converges(want: list[Target], have: list[Target]) -> None:
    add, remove = diff_targets(want, have)
    after = _apply_targets(have, add, remove)
    assert sorted(t.key for t in after) == sorted(t.key for t in want)
    assert diff_targets(want, after) == ([], [])


def _live(**schedules: Schedule) -> State:
    live = State()
    live.accounts["one"] = Account("one", 11, schedules=dict(schedules))
    live.target_types = {"repost": {"hashtag": False, "location": True},
                         "reactions": {"hashtag": False}}
    return live


def test_only_declared_settings_are_compared() -> None:
    desired = State(accounts={"one": Account("one", schedules={
        "repost": Schedule(settings={"speed": "fast", "daily_pause_from": "23:00"})})})
    live = _live(repost=Schedule(active=False, settings={
        "speed": "slow", "daily_pause_from": "23:00:00", "caption": "x"}))
    plan = diff(desired, live)
    (change,) = plan.changes
    assert change.action is Action.UPDATE and change.object_id == 11
    assert [(f.name, f.before, f.after) for f in change.fields] == [("speed", "slow", "fast")]
    assert change.active is None


def test_activation_and_exact_targets() -> None:
    desired = State(accounts={"one": Account("one", schedules={
        "reactions": Schedule(active=True, targets=[Target("hashtag", "a")])})})
    live = _live(reactions=Schedule(active=False, targets=[Target("hashtag", "b", "b")],
                                    removal_ids={("hashtag", "b"): "77"}))
    (change,) = diff(desired, live).changes
    assert change.active == (False, True)
    assert change.add_targets == (Target("hashtag", "a"),)
    assert change.remove_targets == (Target("hashtag", "b", "b"),)
    assert change.removal_ids == ("77",)


def test_missing_schedule_and_gate_are_problems_not_crashes() -> None:
    desired = State(accounts={"one": Account("one", schedules={
        "repost": Schedule(active=True), "reactions": Schedule(active=True)})})
    live = _live()
    live.module_errors["reactions"] = "not in plan (403)"
    plan = diff(desired, live)
    assert not plan.changes
    assert [p.address for p in plan.problems] == ['account["one"].reactions',
                                                  'account["one"].repost']
    assert "web panel" in plan.problems[1].message


def test_captions_create_update_and_prune_only_when_asked() -> None:
    desired = State(captions={"new": [Caption("new", "n")], "old": [Caption("old", "v2")]})
    live = State(captions={"old": [Caption("old", "v1", 1)], "other": [Caption("other", "o", 2)]})
    plan = diff(desired, live)
    assert [(c.action, c.key) for c in plan.changes] == [
        (Action.CREATE, "new"), (Action.UPDATE, "old")]
    desired.prune_captions = True
    plan = diff(desired, live)
    assert (Action.DELETE, "other") in [(c.action, c.key) for c in plan.changes]
    assert all(c.kind is ResourceKind.CAPTION for c in plan.changes)
    assert plan.summary() == "Plan: 1 to create, 1 to update, 1 to delete."


def test_prune_with_nothing_declared_deletes_nothing() -> None:
    desired = State(prune_captions=True)
    live = State(captions={"other": [Caption("other", "o", 2)]})
    plan = diff(desired, live)
    assert not plan.changes and plan.warnings
