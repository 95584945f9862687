"""Issue 13's acceptance: the content calendar, over real HTTP against the sandbox."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from reconciler.cli import main
from reconciler.sandbox import Sandbox

from .conftest import API_KEY

JPEG = b"\xff\xd8\xff\xe0" + b"jpeg-bytes-" * 50
PNG = b"\x89PNG\r\n\x1a\n" + b"png-bytes-" * 50


def _seed() -> dict[str, Any]:
    return {"accounts": [{"id": 11, "username": "cafe"}, {"id": 12, "username": "bakery"},
                         {"id": 13, "username": "events"}],
            "posts": [{"id": 1, "account_id": 11, "status": "published", "type": "photo",
                       "caption": "Published long ago", "schedule_date": "2026-01-05 10:00:00"},
                      {"id": 2, "account_id": 13, "is_scheduled": True, "type": "photo",
                       "caption": "Not declared", "schedule_date": "2027-03-01 09:00:00"}]}


CALENDAR = """\
version: 1
timezone: Europe/Paris
accounts:
  - username: cafe
  - username: bakery
  - username: events
posts:
  - {account: cafe, at: "2027-01-10 18:00", type: photo, caption: "Opening {soon|now}!",
     media: [media/front.jpg]}
  - {account: bakery, at: "2027-01-10T09:00:00Z", type: album, caption: Croissants,
     media: [media/front.jpg, media/oven.png]}
  - {account: events, at: "2027-02-14 20:30", type: photo, caption: Valentine,
     first_comment: "#love", media: [media/oven.png]}
  - {account: events, at: "2027-02-20 12:00", type: photo, caption: Draft idea, draft: true}
  - {account: cafe, at: "2026-01-05 10:00", type: photo, caption: "Edited after publishing"}
"""


def _cli(sandbox: Sandbox, *args: str) -> Result:
    with sandbox.serve(port=0) as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "media" / "front.jpg").write_bytes(JPEG)
    (tmp_path / "media" / "oven.png").write_bytes(PNG)
    path = tmp_path / "strec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _writes(sandbox: Sandbox) -> Counter[str]:
    return Counter(f"{w.method} {w.path.split('/api/v1')[-1].rstrip('0123456789')}"
                   for w in sandbox.writes())


@pytest.fixture
def calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Sandbox, Path]:
    monkeypatch.setenv("STREC_STATE_DIR", str(tmp_path / ".strec"))
    return Sandbox(_seed(), dialect="guide", api_key=API_KEY), _write(tmp_path, CALENDAR)


def test_the_calendar_applies_with_each_file_uploaded_once(
        calendar: tuple[Sandbox, Path]) -> None:
    sandbox, path = calendar
    applied = _cli(sandbox, "apply", "-f", str(path), "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert _writes(sandbox) == Counter({"POST /media": 2, "POST /posts": 4})
    assert "published posts are never changed" in applied.output  # post 1 differs
    posts = {(p.account_id, p.schedule_date): p for p in sandbox.state.posts.values()}
    assert (12, "2027-01-10 10:00:00") in posts  # 09:00Z is 10:00 in Paris
    assert posts[(11, "2027-01-10 18:00:00")].is_scheduled
    assert not posts[(13, "2027-02-20 12:00:00")].is_scheduled  # the draft
    media = {m.id for m in sandbox.state.media.values()}
    assert set(posts[(12, "2027-01-10 10:00:00")].media_ids.split(",")) == {str(i) for i in media}
    assert posts[(1 + 10, "2026-01-05 10:00:00")].caption == "Published long ago"
    sandbox.clear_log()
    again = _cli(sandbox, "plan", "-f", str(path), "--detailed-exitcode")
    assert again.exit_code == 0, again.output
    assert sandbox.writes() == []


def test_a_move_and_an_edit_are_two_patches_and_no_upload(
        calendar: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, path = calendar
    assert _cli(sandbox, "apply", "-f", str(path), "--auto-approve").exit_code == 0
    sandbox.clear_log()
    edited = CALENDAR.replace('at: "2027-02-14 20:30"', 'at: "2027-02-15 20:30"').replace(
        "caption: Croissants", "caption: Fresh croissants")
    _write(tmp_path, edited)
    planned = _cli(sandbox, "plan", "-f", str(path))
    assert '~ schedule_date: "2027-02-14 20:30:00" -> "2027-02-15 20:30:00"' in planned.output
    applied = _cli(sandbox, "apply", "-f", str(path), "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert _writes(sandbox) == Counter({"PATCH /posts/": 2})
    moved = next(w for w in sandbox.writes() if "schedule_date" in (w.body or {}))
    assert moved.body == {"schedule_date": "2027-02-15 20:30:00"}


def test_pruning_needs_allow_deletes_and_spares_published_posts(
        calendar: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, path = calendar
    _write(tmp_path, CALENDAR.replace("version: 1\n", "version: 1\nprune: {posts: true}\n"))
    refused = _cli(sandbox, "apply", "-f", str(path), "--auto-approve")
    assert refused.exit_code == 1 and "--allow-deletes" in refused.output
    applied = _cli(sandbox, "apply", "-f", str(path), "--auto-approve", "--allow-deletes")
    assert applied.exit_code == 0, applied.output
    assert 2 not in sandbox.state.posts and 1 in sandbox.state.posts  # published stays


def test_the_reference_dialect_converges_with_media_ids(tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(), api_key=API_KEY)
    text = CALENDAR.replace("media: [media/front.jpg]", "media_ids: [41]").replace(
        "media: [media/front.jpg, media/oven.png]", "media_ids: [41, 42]").replace(
        "media: [media/oven.png]", "media_ids: [42]")
    path = _write(tmp_path, text)
    applied = _cli(sandbox, "apply", "-f", str(path), "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert _cli(sandbox, "plan", "-f", str(path), "--detailed-exitcode").exit_code == 0
    files = _write(tmp_path, CALENDAR)
    local = _cli(sandbox, "plan", "-f", str(files))
    assert local.exit_code == 1 and "name existing `media_ids`" in local.output


def test_calendar_mistakes_are_found_offline(tmp_path: Path) -> None:
    text = CALENDAR.replace("timezone: Europe/Paris\n", "timezone: Europe/Paris\n"
                            "video_processing: false\n") + (
        '  - {account: nobody, at: "2027-03-28 02:30", media: [media/missing.jpg, '
        'media/clip.mov]}\n'
        '  - {account: cafe, at: "2027-10-31 02:30"}\n')
    path = _write(tmp_path, text)
    (tmp_path / "media" / "clip.mov").write_bytes(b"x")
    result = CliRunner().invoke(main, ["validate", "-f", str(path)])
    assert result.exit_code == 1
    out = result.output
    assert "no account 'nobody'" in out and "does not exist in Europe/Paris" in out
    assert "happens twice" in out and "+01:00 or +02:00" in out
    assert "missing.jpg' not found" in out and "video processing" in out
    no_zone = _write(tmp_path, CALENDAR.replace("timezone: Europe/Paris\n", ""))
    assert "posts need `timezone:`" in CliRunner().invoke(
        main, ["validate", "-f", str(no_zone)]).output


def test_a_server_that_renames_uploads_is_met_with_the_cache(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setenv("STREC_STATE_DIR", str(tmp_path / ".strec"))
    seed = {**_seed(), "media_settings": {"opaque_names": True}}
    sandbox = Sandbox(seed, dialect="guide", api_key=API_KEY)
    path = _write(tmp_path, CALENDAR)
    assert _cli(sandbox, "apply", "-f", str(path), "--auto-approve").exit_code == 0
    assert all("front" not in m.name for m in sandbox.state.media.values())
    sandbox.clear_log()
    assert _cli(sandbox, "plan", "-f", str(path), "--detailed-exitcode").exit_code == 0
    # a cache entry is believed only when the server shows that id with the same size
    cache = tmp_path / ".strec" / "media.json"
    entries = json.loads(cache.read_text(encoding="utf-8"))
    assert len(entries) == 2  # both parallel uploads were remembered
    first, second = entries
    entries[first], entries[second] = entries[second], entries[first]  # ids of other sizes
    cache.write_text(json.dumps(entries), encoding="utf-8")
    replanned = _cli(sandbox, "plan", "-f", str(path))
    assert 'media["media/front.jpg"] will be uploaded' in replanned.output
    assert 'media["media/oven.png"] will be uploaded' in replanned.output


def test_export_writes_the_future_calendar_and_plans_empty(tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(), dialect="guide", api_key=API_KEY)
    exported = _cli(sandbox, "export").output
    assert "posts:" in exported and "Not declared" in exported
    assert "Published long ago" not in exported  # the past is not a calendar
    path = tmp_path / "strec.yaml"
    path.write_text(exported, encoding="utf-8")
    planned = _cli(sandbox, "plan", "-f", str(path), "--detailed-exitcode")
    assert planned.exit_code == 0, planned.output


def test_two_paths_with_the_same_bytes_are_one_upload(calendar: tuple[Sandbox, Path],
                                                      tmp_path: Path) -> None:
    sandbox, path = calendar
    (tmp_path / "media" / "copy.jpg").write_bytes(JPEG)
    _write(tmp_path, CALENDAR.replace("media: [media/front.jpg]}", "media: [media/copy.jpg]}"))
    (tmp_path / "media" / "copy.jpg").write_bytes(JPEG)
    applied = _cli(sandbox, "apply", "-f", str(path), "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert _writes(sandbox)["POST /media"] == 2  # front/copy once, oven once
    assert _cli(sandbox, "plan", "-f", str(path), "--detailed-exitcode").exit_code == 0
