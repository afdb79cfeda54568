"""What an uploaded file really is, from its bytes rather than its name.

Each allowed extension has a check of the file's content: the signature ("magic bytes") of PDF, PNG, JPEG and the
old Office formats (OLE2 compound files), the package structure of the zip-based Office formats (a zip whose
`[Content_Types].xml` declares a Word document, an Excel workbook or a PowerPoint presentation as its main part;
the macro-enabled kinds declare another type and are refused), and plain text for CSV. An executable renamed
`.pdf` fails its check. The checks read a few kilobytes (and a zip's central directory, never its contents beyond
`[Content_Types].xml`) and leave the file at its start.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable
from typing import IO

HEAD_BYTES = 64 * 1024
CONTENT_TYPES_PART = "[Content_Types].xml"
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_MAIN = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
TEXT_CONTROLS = {"\t", "\n", "\r", "\f", "\x1a"}  # \x1a: the end-of-file mark old Windows tools leave


def _pdf(head: bytes, file: IO[bytes]) -> bool:
    return b"%PDF-" in head[:1024]  # the header may follow up to 1 KB of junk (PDF 1.7, annex H)


def _png(head: bytes, file: IO[bytes]) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _jpeg(head: bytes, file: IO[bytes]) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _ole2(head: bytes, file: IO[bytes]) -> bool:
    return head.startswith(OLE2)


def _ooxml(extension: str) -> Callable[[bytes, IO[bytes]], bool]:
    def check(head: bytes, file: IO[bytes]) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(file) as package:
                info = package.getinfo(CONTENT_TYPES_PART)
                if info.file_size > MAX_CONTENT_TYPES_BYTES:
                    return False
                with package.open(info) as part:
                    declared = part.read(MAX_CONTENT_TYPES_BYTES + 1)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError, EOFError):
            return False
        return OOXML_MAIN[extension] in declared

    return check


def _text(head: bytes, file: IO[bytes]) -> bool:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM, or a one-byte code page; no control characters."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")()
    else:
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        text = decoder.decode(head, final=False)  # the head may end inside a character
    except UnicodeDecodeError:
        text = head.decode("cp1252", errors="replace")
    return not any(ch < " " and ch not in TEXT_CONTROLS for ch in text)


CHECKS: dict[str, Callable[[bytes, IO[bytes]], bool]] = {
    "pdf": _pdf,
    "png": _png,
    "jpg": _jpeg,
    "jpeg": _jpeg,
    "doc": _ole2,
    "xls": _ole2,
    "ppt": _ole2,
    "docx": _ooxml("docx"),
    "xlsx": _ooxml("xlsx"),
    "pptx": _ooxml("pptx"),
    "csv": _text,
}


def content_matches(file: IO[bytes], extension: str) -> bool:
    """Whether the file's content is what its extension says (an extension with no check never matches)."""
    check = CHECKS.get(extension.lower())
    if check is None or getattr(file, "closed", False):  # Django closes a file it skipped (sakip.uploads)
        return False
    file.seek(0)
    try:
        head = file.read(HEAD_BYTES)
        return bool(head) and check(head, file)
    finally:
        file.seek(0)
