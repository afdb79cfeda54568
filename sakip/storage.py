"""File storage that never leaves or serves half a file.

Django's FileSystemStorage writes straight into the final name, so a write that fails half-way (a full disk) leaves
a truncated file there. This one writes into a temporary file in the same folder, flushes it to disk, and only then
links it under its final name (a hard link: atomic, and it never replaces an existing file); on any failure the
temporary file is removed and the error goes up to the caller, which records it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"


def write_chunk(out: IO[bytes], chunk: bytes) -> None:
    """One write to the temporary file (a separate function so that tests can make the disk run full)."""
    out.write(chunk)


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: File[Any]) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=directory, prefix=PARTIAL_PREFIX)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    write_chunk(out, chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(partial, self.file_permissions_mode)
            while True:
                try:
                    os.link(partial, full_path)
                    break
                except FileExistsError:  # taken since get_available_name: pick another name
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        self._same_group_as_location(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _same_group_as_location(self, full_path: str) -> None:
        """As Django's storage does: the file belongs to the group of the storage root."""
        location_gid = os.stat(self.location).st_gid
        if os.name == "posix" and os.stat(full_path).st_gid != location_gid:
            with contextlib.suppress(PermissionError):
                os.chown(full_path, uid=-1, gid=location_gid)
