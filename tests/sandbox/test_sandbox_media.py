"""Media upload (guide dialect): multipart parsing, types, sizes, names, list and delete."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sandbox_helpers import KEY, OTHER_KEY, client_for, data, items, make_seed

from reconciler.sandbox import Sandbox, SeedError, media
from reconciler.sandbox.faults import MAX_REQUEST_BYTES

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 60
MP4 = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 60
MOV = b"\x00\x00\x00\x14ftypqt  " + b"\x00" * 60


def media_seed(**user: Any) -> dict[str, Any]:
    seed = make_seed()
    seed["users"][0].update(user)
    seed["media"] = [{"id": 42, "name": "beach.jpg", "filesize": 2048, "date": "now-1d"},
                     {"id": 43, "user_id": 2, "name": "theirs.png"}]  # fmt: skip
    return seed


@pytest.fixture
def msb() -> Sandbox:
    return Sandbox(media_seed(max_upload_bytes=1000), dialect="guide")


@pytest.fixture
def mc(msb: Sandbox) -> Iterator[httpx.Client]:
    with client_for(msb) as c:
        yield c


def _upload(c: httpx.Client, name: str, content: bytes) -> httpx.Response:
    return c.post("/media", files={"file": (name, content, "application/octet-stream")})


def _file_error(r: httpx.Response) -> str:
    assert r.status_code == 422, r.text
    return str(r.json()["errors"]["file"])


def test_upload_answers_201_and_the_file_is_listed(msb: Sandbox, mc: httpx.Client) -> None:
    r = _upload(mc, "Summer Sale!.JPG", JPEG)
    assert r.status_code == 201, r.text
    file = data(r)
    assert set(file) == {"id", "url", "type", "filesize"}
    assert file == {"id": 44, "type": "image", "filesize": len(JPEG),
                    "url": "https://sandbox.invalid/uploads/1/44-Summer_Sale.jpg"}  # fmt: skip
    shown = data(mc.get("/media/44"))
    assert shown == {**file, "date": msb.state.now()}
    assert [m["id"] for m in items(mc.get("/media"))] == [42, 44]
    assert [m["id"] for m in items(mc.get("/media", params={"per_page": 1, "page": 2}))] == [44]
    assert msb.state.media[44].sha256 and msb.state.media[44].original_name == "Summer_Sale.jpg"
    uploads = [rec for rec in msb.log if rec.method == "POST" and rec.path == "/media"]
    assert len(uploads) == 1 and uploads[0].status == 201


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("C:\\Users\\me\\café photo.png", "caf_photo.png"),
        ("...png", "file.png"),
        ("<script>.png", "script.png"),
        ("a" * 300 + ".PNG", "a" * 100 + ".png"),
    ],
)
def test_stored_names_are_sanitized(mc: httpx.Client, name: str, stored: str) -> None:
    r = _upload(mc, name, PNG)
    assert r.status_code == 201, r.text
    assert data(r)["url"].rsplit("/", 1)[1] == f"{data(r)['id']}-{stored}"


def test_an_installation_may_rename_uploads_to_opaque_names() -> None:
    seed = media_seed()
    seed["media_settings"] = {"opaque_names": True, "base_url": "https://cdn.example/"}
    with client_for(Sandbox(seed, dialect="guide")) as c:
        url = data(_upload(c, "my holiday.jpg", JPEG))["url"]
        assert re.fullmatch(r"https://cdn\.example/uploads/1/[0-9a-f]{32}\.jpg", url), url
        seeded = data(c.get("/media/42"))["url"]
        assert re.fullmatch(r"https://cdn\.example/uploads/1/[0-9a-f]{32}\.jpg", seeded)


def test_types_outside_the_list_are_refused_naming_the_allowed_ones(mc: httpx.Client) -> None:
    for name in ("tool.exe", "clip.mov", "noext", "photo.webp"):
        reason = _file_error(_upload(mc, name, JPEG))
        assert "allowed types: jpg, jpeg, png, mp4, gif" in reason and "mov" not in reason[-30:]
    assert data(_upload(mc, "clip.mp4", MP4))["type"] == "video"


def test_video_processing_allows_mov_m4v_mpg() -> None:
    seed = media_seed()
    seed["media_settings"] = {"video_processing": True}
    with client_for(Sandbox(seed, dialect="guide")) as c:
        assert data(_upload(c, "clip.mov", MOV))["type"] == "video"
        assert data(_upload(c, "clip.m4v", MP4))["type"] == "video"
        assert data(_upload(c, "clip.mpg", b"\x00\x00\x01\xba" + b"\x00" * 20))["type"] == "video"
        assert "mov, m4v, mpg" in _file_error(_upload(c, "x.avi", MP4))


def test_content_must_be_of_the_extensions_kind(mc: httpx.Client) -> None:
    assert "not PNG data" in _file_error(_upload(mc, "fake.png", JPEG))
    assert "not JPEG data" in _file_error(_upload(mc, "fake.jpg", b"<?php system($_GET[1]);"))
    assert "not MP4/QuickTime data" in _file_error(_upload(mc, "fake.mp4", PNG))
    assert "is empty" in _file_error(_upload(mc, "empty.jpg", b""))


def test_the_users_size_limit_is_422_naming_it(msb: Sandbox, mc: httpx.Client) -> None:
    exact = JPEG + b"\x00" * (1000 - len(JPEG))
    assert _upload(mc, "ok.jpg", exact).status_code == 201
    assert "limit of 1,000 bytes" in _file_error(_upload(mc, "big.jpg", exact + b"\x00"))
    huge = _upload(mc, "huge.jpg", exact * 200)  # past the body bound: werkzeug stops early
    assert "limit of 1,000 bytes" in _file_error(huge)
    assert sorted(msb.state.media) == [42, 43, 44]


def test_multipart_parsing_refusals(mc: httpx.Client) -> None:
    assert mc.post("/media", json={"file": "x"}).status_code == 400
    no_boundary = mc.post("/media", content=b"x", headers={"Content-Type": "multipart/form-data"})
    assert no_boundary.status_code == 400
    assert "is required" in _file_error(mc.post("/media", files={"photo": ("a.jpg", JPEG)}))
    assert "not a text field" in _file_error(mc.post("/media", data={"file": "a.jpg"},
                                                     files={"other": ("b.jpg", JPEG)}))
    two = mc.post("/media", files=[("file", ("a.jpg", JPEG)), ("file", ("b.jpg", JPEG))])
    assert "one file" in _file_error(two)
    many = mc.post("/media", files=[(f"f{i}", (f"{i}.jpg", JPEG)) for i in range(9)])
    assert many.status_code == 422 and "at most 8 parts" in many.json()["errors"]["body"]
    extra = mc.post("/media", data={"title": "ignored"}, files={"file": ("a.jpg", JPEG)})
    assert extra.status_code == 201


def test_delete_refuses_a_file_a_pending_post_uses(msb: Sandbox, mc: httpx.Client) -> None:
    post = data(mc.post("/posts", json={"account_id": 11, "media_ids": "42"}))
    r = mc.delete("/media/42")
    assert r.status_code == 409 and r.json()["errors"] == {"posts": [post["id"]]}
    msb.state.posts[post["id"]].status = "published"
    assert data(mc.delete("/media/42")) == {"id": 42}
    assert mc.get("/media/42").status_code == 404 and mc.delete("/media/42").status_code == 404


def test_only_the_callers_files(msb: Sandbox, mc: httpx.Client) -> None:
    assert mc.get("/media/43").status_code == 404 and mc.delete("/media/43").status_code == 404
    with client_for(msb, OTHER_KEY) as other:
        assert [m["id"] for m in items(other.get("/media"))] == [43]


def test_the_reference_has_no_media_endpoints(client: httpx.Client) -> None:
    assert client.get("/media").status_code == 404
    assert _upload(client, "a.jpg", JPEG).status_code == 404


def test_a_body_over_the_servers_cap_is_413_and_never_read(msb: Sandbox) -> None:
    class Unreadable(io.BytesIO):
        def read(self, *args: Any) -> bytes:
            raise AssertionError("the body was read")

    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/api/v1/media", "QUERY_STRING": "",
        "CONTENT_LENGTH": str(MAX_REQUEST_BYTES + 1), "CONTENT_TYPE": "multipart/form-data",
        "HTTP_AUTHORIZATION": f"Bearer {KEY}", "wsgi.input": Unreadable(),
        "SERVER_NAME": "t", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
    }  # fmt: skip
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        statuses.append(status)

    body = b"".join(msb.wsgi_app(environ, start_response))  # type: ignore[arg-type]
    assert [s[:4] for s in statuses] == ["413 "] and b"larger than" in body
    assert msb.log[-1].status == 413


def test_upload_over_real_http(msb: Sandbox) -> None:
    with msb.serve() as base, httpx.Client(base_url=base,
                                           headers={"Authorization": f"Bearer {KEY}"}) as c:
        r = _upload(c, "wire.png", PNG)
        assert r.status_code == 201 and data(r)["filesize"] == len(PNG)
        assert "not JPEG" in _file_error(_upload(c, "wire.jpg", PNG))


@pytest.mark.parametrize(
    ("seed_part", "message"),
    [
        ({"media": [{"name": "x.exe"}]}, "is not a file of type"),
        ({"media": [{"name": "x.jpg", "user_id": 9}]}, "user 9 is not in users"),
        ({"media": [{"name": "x.jpg", "size": 1}]}, "unknown key(s) size"),
        ({"media": [{"name": "x.jpg", "filesize": 0}]}, "at least 1 byte"),
        ({"media_settings": {"video": True}}, "unknown key(s) video"),
        ({"media_settings": {"base_url": "ftp://x"}}, "http:// or https://"),
        ({"users": [{"id": 1, "max_upload_bytes": 10**9}]}, "max_upload_bytes"),
    ],
)
def test_bad_media_seeds_are_named(seed_part: dict[str, Any], message: str) -> None:
    with pytest.raises(SeedError, match=re.escape(message)):
        Sandbox({**make_seed(), **seed_part})


@given(st.text(max_size=400), st.sampled_from(["jpg", "PNG", "mp4", ""]))
def test_any_file_name_is_stored_under_a_safe_name(stem: str, ext: str) -> None:
    name = f"{stem}.{ext}" if ext else stem
    stored = media.stored_name(7, 1, name, "d", opaque=False)
    assert re.fullmatch(r"7-[A-Za-z0-9][A-Za-z0-9._-]*", stored), stored
    assert "/" not in stored and ".." not in stored.split("-", 1)[1][:2]
    assert len(stored) <= len("7-") + media.MAX_STEM + 1 + len(media.extension(name))
    if ext:
        assert stored.endswith("." + ext.lower())
