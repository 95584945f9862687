"""Rows of the tables added for health reports and the newer modules.

Welcome DM, AI-DM and Leads Finder schedules share one record shape (ModuleSchedule):
the columns every one of them has, plus `detail`, the module's own documented fields
as JSON-ready data (validated by module_fields.py). First Comment schedules, run logs,
the user's package, posts and media files each get a record of their own. Like
state.py's records, they are plain mutable dataclasses so tests can reach in and
simulate drift; the ones kept in tables are Rows (table.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reconciler.sandbox.table import Row

DEFAULT_DATE = "2026-03-01 12:00:00"
DEFAULT_END_DATE = "2200-12-12 23:59:59"
#: a user's upload limit unless the seed says otherwise, and the most a seed may allow
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass
class ModuleSchedule(Row):
    """A Welcome DM, AI-DM or Leads Finder schedule (made in the web panel).

    `is_running` is Leads' column; AI-DM's running state is `process_id > 0`.
    """

    id: int
    module: str  # "welcome_dm" | "ai_dm" | "leads"
    account_id: int
    user_id: int
    is_active: bool = False
    is_running: bool = False
    process_id: int = 0
    detail: dict[str, Any] = field(default_factory=dict)
    schedule_date: str | None = DEFAULT_DATE
    end_date: str | None = DEFAULT_END_DATE
    last_action_date: str | None = None


@dataclass
class FirstComment(Row):
    """A First Comment schedule: watch `targets`, comment from the `comments` pool."""

    id: int
    account_id: int
    user_id: int
    targets: list[dict[str, str]]  # [{"username", "user_pk"}]
    comments: list[str]
    comment_mode: str = "random"  # random | sequential
    is_active: bool = False
    running: bool = False
    schedule_date: str | None = DEFAULT_DATE
    last_action_date: str | None = None


@dataclass
class LogEntry(Row):
    """One run-log row of a module. `data` is the row's decoded JSON column.

    The documents derive a log's `message` from `data.error.msg`; `columns` holds the
    module's own extra columns (repost's original_media_code, AI-DM's type, …).
    """

    id: int
    module: str
    account_id: int
    user_id: int
    status: str
    date: str
    data: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str | None:
        error = self.data.get("error")
        msg = error.get("msg") if isinstance(error, dict) else None
        return msg if isinstance(msg, str) else None


@dataclass
class Package:
    """A package (plan) as GET /user/subscription shows it; its modules are the user's."""

    id: int = 1
    title: str = "Agency"
    monthly_price: float = 49.0
    annual_price: float = 490.0
    is_public: bool = True
    date: str = DEFAULT_DATE


@dataclass
class Post(Row):
    """An np_posts row: a draft (saved), a scheduled post, or one the cron has handled.

    `media_ids` is the column as stored: ids joined by commas, no spaces ("42,43").
    """

    id: int
    user_id: int
    account_id: int
    status: str = "saved"  # saved | scheduled | publishing | published | failed
    type: str = "photo"
    caption: str = ""
    first_comment: str = ""
    location: str = ""
    link: str = ""
    media_ids: str = ""
    is_scheduled: bool = False
    schedule_date: str | None = None
    publish_date: str | None = None
    create_date: str = DEFAULT_DATE


@dataclass
class Media(Row):
    """An uploaded file of a user (guide dialect): only its metadata is kept, not its bytes.

    `name` is the stored file name, the last segment of its URL; `sha256` is the digest
    of the bytes received (for tests; never rendered).
    """

    id: int
    user_id: int
    name: str
    type: str  # image | video
    filesize: int
    date: str = DEFAULT_DATE
    original_name: str = ""
    sha256: str = ""


@dataclass
class MediaSettings:
    """The installation's upload settings (the seed's `media_settings`)."""

    video_processing: bool = False  # mov, m4v and mpg allowed too
    opaque_names: bool = False  # store uploads under an opaque name, not the file's own
    base_url: str = "https://sandbox.invalid"  # the start of every file's url
