"""Reading an uploaded file into sheets of rows, within the limits of `limits.Meter`.

- xlsx: the zip's declared sizes are checked against an absolute bound before anything is unzipped (zipfile
  refuses a member that unzips to more than it declares); then `xlsx.py` streams the parts: memory holds only
  rows with data, at most `max_columns` wide; cells beyond the limit are ignored when blank and refused when
  they hold data; merged ranges are clipped to those columns and to the rows that hold data before they are
  filled in. Sheets are read lazily, the template's first.
- csv: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text", tab separated) or Windows-1252;
  `;`, tab or `,` separated.
Anything else is rejected with one message.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from indicators.imports.errors import FileRejected
from indicators.imports.limits import Meter, count
from indicators.imports.parsing import RawSheet, is_blank
from indicators.imports.xlsx import WORKBOOK, Workbook

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
MAX_ZIP_MEMBERS = 1000  # a workbook has a few dozen parts


def read_sheets(content: bytes, name: str, meter: Meter | None = None, prefer: str = "") -> Iterator[RawSheet]:
    """The sheets of an xlsx (the one named like `prefer` first), or the one table of a csv; lazily."""
    meter = meter or Meter()
    meter.check_size(len(content))
    if content.startswith(OLE_SIGNATURE):
        if any(marker in content for marker in ENCRYPTED_MARKERS):
            raise FileRejected(_("Berkas dilindungi kata sandi. Buka kuncinya di Excel, simpan, lalu unggah lagi."))
        raise FileRejected(_("Format .xls (Excel 97-2003) tidak didukung. Simpan sebagai .xlsx, lalu unggah lagi."))
    if content.startswith(ZIP_SIGNATURE):
        return _read_xlsx(content, meter, prefer)
    if name.lower().endswith(".xlsx"):
        raise FileRejected(_("Berkas rusak: bukan berkas .xlsx yang utuh."))
    return iter([RawSheet(name or "csv", _read_csv(content, name or "csv", meter))])


# --- csv ------------------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise FileRejected(_("Berkas teks Unicode (UTF-16) rusak.")) from error
    if b"\x00" in content[:4096]:
        raise FileRejected(_("Berkas ini bukan spreadsheet (xlsx atau csv)."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected(_("Berkas ini bukan spreadsheet (xlsx atau csv)."))


def _read_csv(content: bytes, sheet: str, meter: Meter) -> list[tuple[int, list[Any]]]:
    text = _decode(content)
    sample = text[:20000]
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        delimiter = ";"
    rows: list[tuple[int, list[Any]]] = []
    number = 0  # the row as a spreadsheet shows it: a quoted line break stays in its row
    try:
        for number, values in enumerate(
            csv.reader(_bounded_lines(text, delimiter, sheet, meter), delimiter=delimiter), 1
        ):
            for _value in values:
                meter.cell(sheet)
            row = _trimmed([cell if cell.strip() else None for cell in values], sheet, meter)
            if row:
                meter.row(sheet)
                rows.append((number, row))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            message = _("baris %(row)s berisi isian lebih panjang dari %(limit)s karakter") % {
                "row": number + 1,
                "limit": count(csv.field_size_limit()),
            }
        else:
            message = _("baris %(row)s tidak dapat dibaca (tanda kutip tidak seimbang atau karakter NUL)") % {
                "row": number + 1
            }
        raise FileRejected(_("Berkas CSV tidak dapat dibaca: %(problem)s.") % {"problem": message}) from error
    if not rows:
        raise FileRejected(_("Berkas kosong."))
    return rows


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _bounded_lines(text: str, delimiter: str, sheet: str, meter: Meter) -> Iterator[str]:
    """The lines of the text, each counted as work; a line with more separators than any table has is refused
    before the csv module turns it into a row of millions of fields."""
    most = 10 * meter.limits.max_columns
    for match in _LINE.finditer(text):
        line = match.group()
        meter.cell(sheet)
        if line.count(delimiter) > most:
            meter.column(sheet, line.count(delimiter) + 1)
        yield line


def _trimmed(values: list[Any], sheet: str, meter: Meter) -> list[Any]:
    """The row up to its last cell with data ([] when blank); data beyond the column limit is refused."""
    last = 0
    for position, value in enumerate(values, start=1):
        if not is_blank(value):
            last = position
    if last > meter.limits.max_columns:
        meter.column(sheet, last)
    return values[:last]


# --- xlsx -----------------------------------------------------------------------------------------------


def _open_zip(content: bytes, meter: Meter) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRejected(_("Berkas rusak: bukan berkas .xlsx yang utuh.")) from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileRejected(_("Berkas rusak: terlalu banyak bagian di dalam berkas .xlsx."))
    meter.check_uncompressed(sum(info.file_size for info in members))
    names = {info.filename for info in members}
    if WORKBOOK not in names:
        if "EncryptedPackage" in names:
            raise FileRejected(_("Berkas dilindungi kata sandi. Buka kuncinya di Excel, simpan, lalu unggah lagi."))
        raise FileRejected(_("Berkas ini bukan spreadsheet (xlsx atau csv)."))
    return archive


def _read_xlsx(content: bytes, meter: Meter, prefer: str) -> Iterator[RawSheet]:
    with _open_zip(content, meter) as archive:
        yield from Workbook(archive, meter).worksheets(prefer)
