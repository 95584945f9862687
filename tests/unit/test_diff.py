"""The pure diff: keyed set math and per-field compares, no I/O."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reconciler.diff import diff
from reconciler.kinds.caption import Caption, library
from reconciler.kinds.targets import Schedule, diff_targets
from reconciler.plan import Action
from reconciler.state import Account, State, Target

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


def _desired(**schedules: Schedule) -> State:
    return State(accounts={"one": Account("one", schedules=dict(schedules))})


def _live(**schedules: Schedule) -> State:
    live = State(panel="https://panel.example")
    live.accounts["one"] = Account("one", 11, schedules=dict(schedules))
    live.parts["repost.types"] = {"hashtag": False, "location": True}
    live.parts["reactions.types"] = {"hashtag": False}
    return live


def _captions(state: State, prune: bool = False, **texts: tuple[str, int | None]) -> State:
    lib = library(state)
    lib.prune = prune
    for title, (text, ident) in texts.items():
        lib.captions.setdefault(title, []).append(Caption(title, text, ident))
    return state


def test_only_declared_settings_are_compared() -> None:
    desired = _desired(repost=Schedule(settings={"speed": "fast", "daily_pause_from": "23:00"}))
    live = _live(repost=Schedule(active=False, settings={
        "speed": "slow", "daily_pause_from": "23:00:00", "caption": "x"}))
    plan = diff(desired, live)
    (change,) = plan.changes
    assert change.action is Action.UPDATE and change.object_id == 11
    assert [(f.name, f.before, f.after) for f in change.fields] == [("speed", "slow", "fast")]
    assert change.active is None


def test_activation_and_exact_targets() -> None:
    desired = _desired(reactions=Schedule(active=True, targets=[Target("hashtag", "a")]))
    live = _live(reactions=Schedule(active=False, targets=[Target("hashtag", "b", "b")],
                                    removal_ids={("hashtag", "b"): "77"}))
    (change,) = diff(desired, live).changes
    assert change.active == (False, True)
    assert change.add_targets == (Target("hashtag", "a"),)
    assert change.remove_targets == (Target("hashtag", "b", "b"),)
    assert change.removal_ids == ("77",)


def test_missing_schedule_is_pending_and_a_gate_is_a_problem() -> None:
    desired = _desired(repost=Schedule(active=True), reactions=Schedule(active=True))
    live = _live()
    live.module_errors["reactions"] = "not in plan (403)"
    plan = diff(desired, live)
    assert not plan.changes
    assert [p.address for p in plan.problems] == ['account["one"].reactions']
    (pending,) = plan.pending
    assert pending.address == 'account["one"].repost' and "web panel" in pending.message
    assert pending.link == "https://panel.example/e/repost-pro/11"  # absolute
    strict = diff(desired, live, strict=True)
    assert not strict.pending and len(strict.problems) == 2


def test_captions_create_update_and_prune_only_when_asked() -> None:
    desired = _captions(State(), new=("n", None), old=("v2", None))
    live = _captions(State(), old=("v1", 1), other=("o", 2))
    plan = diff(desired, live)
    assert [(c.action, c.key) for c in plan.changes] == [
        (Action.CREATE, "new"), (Action.UPDATE, "old")]
    library(desired).prune = True
    plan = diff(desired, live)
    assert (Action.DELETE, "other") in [(c.action, c.key) for c in plan.changes]
    assert all(c.kind == "caption" for c in plan.changes)
    assert plan.summary() == "Plan: 1 to create, 1 to update, 1 to delete."


def test_prune_with_nothing_declared_deletes_nothing() -> None:
    desired = _captions(State(), prune=True)
    live = _captions(State(), other=("o", 2))
    plan = diff(desired, live)
    assert not plan.changes and plan.warnings


def test_a_live_post_reads_media_ids_as_a_string_or_a_list() -> None:
    from reconciler.kinds.post_values import live_post

    base = {"id": 1, "schedule_date": "2027-01-01 10:00:00", "status": "scheduled"}
    assert live_post("a", {**base, "media_ids": " 42, 43 "}).values["media_ids"] == "42,43"
    assert live_post("a", {**base, "media_ids": [42, 43]}).values["media_ids"] == "42,43"
    assert live_post("a", {**base, "media_ids": None}).values["media_ids"] == ""
