"""How much work one import may do, and the meter that stops it at the first limit with a message naming it.

A spreadsheet is small on the wire and can be enormous once unzipped or expanded (merged ranges over the whole
sheet, rows padded to column XFD, millions of empty styled cells). Every reader and importer counts its work
here: uncompressed bytes, XML elements and cells, data rows, columns and wall time (README "Operating limits").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from indicators.imports.errors import FileRejected
from sakip.formatting import format_number

TIME_CHECK_EVERY = 2048  # cells between two looks at the clock
PROGRESS_EVERY_SECONDS = 1.0


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_uncompressed_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_seconds: float

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.SAKIP_IMPORT_MAX_BYTES,
            max_uncompressed_bytes=settings.SAKIP_IMPORT_MAX_UNCOMPRESSED_BYTES,
            max_rows=settings.SAKIP_IMPORT_MAX_ROWS,
            max_columns=settings.SAKIP_IMPORT_MAX_COLUMNS,
            max_cells=settings.SAKIP_IMPORT_MAX_CELLS,
            max_seconds=settings.SAKIP_IMPORT_MAX_SECONDS,
        )


def count(number: int) -> str:
    return format_number(Decimal(number), 0)


def megabytes(size: int) -> str:
    return format_number(Decimal(size) / 1048576, 1)


def column_letters(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(min(number, 16384)))


class Meter:
    """Counts cells (every XML element a reader processes, blank or not), data rows and time; raises
    FileRejected at the first limit passed. `on_progress(rows)` is called about once a second."""

    def __init__(self, limits: Limits | None = None, on_progress: Callable[[int], None] | None = None) -> None:
        self.limits = limits or Limits.from_settings()
        self.on_progress = on_progress
        self.started = time.monotonic()
        self.deadline = self.started + self.limits.max_seconds
        self.cells = 0
        self.rows = 0
        self._next_check = TIME_CHECK_EVERY
        self._next_progress = self.started + PROGRESS_EVERY_SECONDS

    def cell(self, sheet: str) -> None:
        self.cells += 1
        if self.cells > self.limits.max_cells:
            raise FileRejected(
                _(
                    "Lembar «%(sheet)s» berisi lebih dari %(limit)s sel (termasuk sel kosong yang diberi format); "
                    "batas impor %(limit)s sel. Hapus baris dan kolom kosong di luar tabel, atau bagi berkasnya."
                )
                % {"sheet": sheet, "limit": count(self.limits.max_cells)}
            )
        if self.cells >= self._next_check:
            self._next_check = self.cells + TIME_CHECK_EVERY
            self.check_time()

    def row(self, sheet: str) -> None:
        """One more row holding data."""
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise FileRejected(
                _(
                    "Lembar «%(sheet)s» berisi lebih dari %(limit)s baris data; batas impor %(limit)s baris. "
                    "Bagi berkasnya."
                )
                % {"sheet": sheet, "limit": count(self.limits.max_rows)}
            )

    def column(self, sheet: str, number: int) -> None:
        """A cell holding data in column `number`."""
        if number > self.limits.max_columns:
            raise FileRejected(
                _(
                    "Lembar «%(sheet)s» berisi data di kolom %(column)s; batas impor %(limit)s kolom (sampai kolom "
                    "%(last)s). Hapus isi di luar tabel, lalu unggah lagi."
                )
                % {
                    "sheet": sheet,
                    "column": column_letters(number),
                    "limit": count(self.limits.max_columns),
                    "last": column_letters(self.limits.max_columns),
                }
            )

    def check_time(self) -> None:
        now = time.monotonic()
        if now > self.deadline:
            raise FileRejected(
                _(
                    "Impor dihentikan: melewati batas waktu impor %(seconds)s detik. "
                    "Bagi berkas menjadi beberapa bagian."
                )
                % {"seconds": count(int(self.limits.max_seconds))}
            )
        if self.on_progress is not None and now >= self._next_progress:
            self._next_progress = now + PROGRESS_EVERY_SECONDS
            self.on_progress(self.rows)

    def check_uncompressed(self, size: int) -> None:
        if size > self.limits.max_uncompressed_bytes:
            raise FileRejected(
                _("Isi berkas terlalu besar setelah diekstrak (%(size)s MB); batasnya %(limit)s MB.")
                % {"size": megabytes(size), "limit": megabytes(self.limits.max_uncompressed_bytes)}
            )

    def check_size(self, size: int) -> None:
        if size == 0:
            raise FileRejected(_("Berkas kosong."))
        if size > self.limits.max_bytes:
            raise FileRejected(
                _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
                % {"size": megabytes(size), "limit": megabytes(self.limits.max_bytes)}
            )
