"""An upload being checked or waiting for confirmation: a file under MEDIA_ROOT/imports/<random token>,
referenced from the session and from the import job that reads it. The token never comes from the user's
input except through the session; stale files are removed."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "sakip_import"
MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def directory() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(session: SessionBase, content: bytes, **meta: Any) -> str:
    """Keep the upload for the worker and the confirmation step (replacing any earlier pending upload of this
    session); returns its token."""
    discard(session)
    _remove_stale()
    token = secrets.token_urlsafe(24)
    path = directory() / token
    path.write_bytes(content)
    path.chmod(0o600)
    session[SESSION_KEY] = {"token": token, **meta}
    return token


def get(session: SessionBase) -> dict[str, Any] | None:
    pending = session.get(SESSION_KEY)
    if not isinstance(pending, dict) or not _TOKEN.match(str(pending.get("token", ""))):
        return None
    return pending


def read(pending: dict[str, Any]) -> bytes | None:
    return read_token(pending["token"])


def read_token(token: str) -> bytes | None:
    path = directory() / token
    return path.read_bytes() if _TOKEN.match(token) and path.is_file() else None


def update(session: SessionBase, **meta: Any) -> None:
    pending = get(session)
    if pending is not None:
        session[SESSION_KEY] = {**pending, **meta}


def discard(session: SessionBase) -> None:
    pending = get(session)
    if pending is not None:
        (directory() / pending["token"]).unlink(missing_ok=True)
    session.pop(SESSION_KEY, None)


def _remove_stale() -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for path in directory().iterdir():
        if path.is_file() and _TOKEN.match(path.name) and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
