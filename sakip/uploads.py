"""Uploaded files: limits per request, and file names cut to fit a column without losing their extension."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sakip.formatting import format_number


class UploadLimits(FileUploadHandler):
    """First upload handler: counts the files and bytes of a request. Past SAKIP_EVIDENCE_MAX_FILES files or
    SAKIP_EVIDENCE_MAX_REQUEST_BYTES bytes, further files are skipped (never stored) and the request is marked
    (`upload_refusal`), while its other fields are still read, so the form can say why and keep what was typed."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.files = 0
        self.bytes = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.files += 1
        if self.files > settings.SAKIP_EVIDENCE_MAX_FILES:
            self._mark("files")
        if self._marked():
            raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.bytes += len(raw_data)
        if self.bytes > settings.SAKIP_EVIDENCE_MAX_REQUEST_BYTES:
            self._mark("bytes")
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _marked(self) -> bool:
        return bool(getattr(self.request, "upload_limit", None))

    def _mark(self, limit: str) -> None:
        if self.request is not None:
            self.request.upload_limit = limit  # type: ignore[attr-defined]
            self.request.upload_files = self.files  # type: ignore[attr-defined]


def upload_refusal(request: HttpRequest) -> str:
    """Why the files of this request were not accepted, or ""."""
    limit = getattr(request, "upload_limit", None)
    if limit == "files":
        return _(
            "Tidak ada yang disimpan: %(n)s berkas dilampirkan sekaligus, paling banyak %(max)s per penyimpanan. "
            "Isian Anda tetap di bawah; lampirkan berkasnya dalam beberapa kali simpan."
        ) % {"n": format_number(request.upload_files, 0), "max": settings.SAKIP_EVIDENCE_MAX_FILES}  # type: ignore[attr-defined]
    if limit == "bytes":
        return _(
            "Tidak ada yang disimpan: berkas yang dilampirkan sekaligus lebih dari %(max)s MB. Isian Anda tetap "
            "di bawah; lampirkan berkasnya dalam beberapa kali simpan."
        ) % {"max": format_number(Decimal(settings.SAKIP_EVIDENCE_MAX_REQUEST_BYTES) / 1048576, 0)}
    return ""


def fit_file_name(name: str, length: int) -> str:
    """`name` cut to `length` characters, keeping its extension (a long name loses the end of its stem)."""
    if len(name) <= length:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) >= length - 1:
        return name[:length]
    return f"{stem[: length - len(extension) - 1]}.{extension}"
