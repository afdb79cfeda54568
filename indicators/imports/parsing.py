"""Reading spreadsheets as people fill them in.

- Files: xlsx (formula cells read by their cached value; merged cells filled from their top-left cell) and csv
  (UTF-8 or Windows-1252; `;`, `,` or tab separated). Anything else is rejected with one clear message.
- Tables: the header row is found among the first rows (title rows above it are skipped); a two-row header
  (a merged group title above B01..B12) is read as one.
- Values: Indonesian numbers ("1.234,56", "96%", "Rp1.000"), "-" and blank, as `Decimal`, never float.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from indicators.imports.errors import FileRejected
from sakip.numbers import NotANumber, parse_id_number

HEADER_SCAN_ROWS = 30
DASHES = {"-", "–", "—", "--"}
YEAR_END_WORDS = {"akhir tahun", "akhir thn", "year end"}
MONTH_NAMES = (
    ("januari", "jan", "january"),
    ("februari", "feb", "pebruari", "february"),
    ("maret", "mar", "march"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "jun", "june"),
    ("juli", "jul", "july"),
    ("agustus", "agu", "agt", "ags", "aug", "august"),
    ("september", "sep", "sept"),
    ("oktober", "okt", "oct", "october"),
    ("november", "nov", "nop", "nopember"),
    ("desember", "des", "dec", "december"),
)


class UncachedFormula:
    """A formula cell saved without its computed value (the file never went through Excel/LibreOffice)."""

    def __repr__(self) -> str:
        return "UNCACHED_FORMULA"


UNCACHED_FORMULA = UncachedFormula()


class BadValue(ValueError):
    """A cell that cannot be read as what its column needs; the message is for the user."""


# --- values -----------------------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    """A cell as text; Excel's text prefix (an apostrophe before = + - @) is dropped."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    text = str(value).replace("\u00a0", " ").strip()
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_dash(value: Any) -> bool:
    return isinstance(value, str) and value.strip() in DASHES


def is_year_end(value: Any) -> bool:
    return isinstance(value, str) and " ".join(value.lower().split()) in YEAR_END_WORDS


def normalise(text: Any) -> str:
    """Header / keyword comparison: lower case, parenthesised notes dropped, punctuation as spaces."""
    raw = re.sub(r"\(.*?\)", " ", text_of(text).lower())
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", raw).split())


def parse_number(value: Any) -> Decimal:
    """'1.234,56' -> 1234.56; '96%' -> 96; 'Rp1.000' -> 1000; '84.93' -> 84.93; '1.234' -> 1234 (Indonesian
    thousands); numeric cells exactly as Excel shows them (Decimal(repr(float)), never binary noise)."""
    if isinstance(value, UncachedFormula):
        raise BadValue(_("sel berisi rumus tanpa nilai tersimpan; buka dan simpan ulang berkas di Excel"))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise BadValue(_("«%(value)s» bukan angka") % {"value": value})
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadValue(_("«%(value)s» bukan angka") % {"value": text_of(value)})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        result = Decimal(repr(value))
        if not result.is_finite():
            raise BadValue(_("«%(value)s» bukan angka") % {"value": value})
        return result
    try:
        return parse_id_number(value)
    except NotANumber:
        raise BadValue(_("«%(value)s» bukan angka") % {"value": value.strip()}) from None


def quantize(value: Decimal, places: int) -> Decimal:
    """Round half-up to the storage precision (float noise from numeric cells goes away here)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def parse_int(value: Any) -> int:
    number = parse_number(value)
    if number != number.to_integral_value():
        raise BadValue(_("«%(value)s» bukan bilangan bulat") % {"value": text_of(value)})
    return int(number)


def parse_month(value: Any) -> int:
    """1..12, 'B06', 'b6', 'Juni', 'Jun'. Anything else, or a number outside 1..12, is an error."""
    text = normalise(value)
    match = re.fullmatch(r"b\s?(\d{1,2})", text)
    month: int | None = None
    if match:
        month = int(match.group(1))
    else:
        for number, names in enumerate(MONTH_NAMES, start=1):
            if text in names:
                month = number
        if month is None:
            try:
                month = parse_int(value)
            except BadValue as error:
                raise BadValue(
                    _("«%(value)s» bukan bulan (isi 1..12 atau B01..B12)") % {"value": text_of(value)}
                ) from error
    if not 1 <= month <= 12:
        raise BadValue(_("bulan %(value)s di luar 1..12") % {"value": text_of(value)})
    return month


# --- tables ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the templates write it (Indonesian)
    aliases: tuple[str, ...] = ()
    required: bool = False

    def matches(self, text: str) -> bool:
        return bool(text) and text in self.names

    @property
    def names(self) -> set[str]:
        return {normalise(self.header), *(normalise(a) for a in self.aliases)}


@dataclass(frozen=True)
class Spec:
    """The columns one kind of import reads, and the sheet name its template uses."""

    kind: str
    title: str  # human name of the import, e.g. "PK + RAPK"
    sheet: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class Table:
    sheet: str
    header_row: int
    index: dict[str, int]  # column key -> position in the row
    headers: dict[str, str]  # column key -> the header text as the file writes it
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (spreadsheet row number, values)

    def label(self, key: str) -> str:
        return self.headers.get(key, key)

    def has(self, key: str) -> bool:
        return key in self.index

    def value(self, values: Sequence[Any], key: str) -> Any:
        position = self.index.get(key)
        if position is None or position >= len(values):
            return None
        return values[position]


@dataclass
class RawSheet:
    name: str
    rows: list[list[Any]]  # row i is spreadsheet row i + 1


def _header_texts(rows: list[list[Any]], at: int) -> list[str]:
    """Header of each column on row `at`; a blank cell takes the text above it (two-row headers)."""
    row = rows[at]
    above = rows[at - 1] if at > 0 else []
    texts = []
    for position in range(max(len(row), len(above))):
        cell = row[position] if position < len(row) else None
        if is_blank(cell) and position < len(above):
            cell = above[position]
        texts.append(normalise(cell))
    return texts


def _match_header(texts: list[str], spec: Spec) -> dict[str, int]:
    found: dict[str, int] = {}
    for column in spec.columns:
        names = column.names
        for position, text in enumerate(texts):
            if text in names and position not in found.values():
                found[column.key] = position
                break
    return found


_NUMBERING = re.compile(r"^\(?\d+\)?$")


def find_table(sheet: RawSheet, spec: Spec) -> tuple[Table | None, list[str]]:
    """The table of `spec` in the sheet: (table, []) or (None, missing required headers) or (None, [])."""
    best: tuple[int, int, dict[str, int]] | None = None
    for at in range(min(HEADER_SCAN_ROWS, len(sheet.rows))):
        if not any(not is_blank(v) for v in sheet.rows[at]):
            continue
        found = _match_header(_header_texts(sheet.rows, at), spec)
        if found and (best is None or len(found) >= best[1]):  # a tie: the lower row of a two-row header
            best = (at, len(found), found)
    if best is None:
        return None, []
    at, count, found = best
    missing = [c.header for c in spec.columns if c.required and c.key not in found]
    if missing:
        return None, (missing if count >= 3 else [])
    texts_raw = sheet.rows[at]
    above = sheet.rows[at - 1] if at > 0 else []
    headers = {}
    for key, position in found.items():
        cell = texts_raw[position] if position < len(texts_raw) else None
        if is_blank(cell) and position < len(above):
            cell = above[position]
        headers[key] = " ".join(text_of(cell).split())
    table = Table(sheet=sheet.name, header_row=at + 1, index=found, headers=headers)
    for number, values in enumerate(sheet.rows[at + 1 :], start=at + 2):
        filled = [v for v in values if not is_blank(v)]
        if not filled:
            continue
        if all(isinstance(v, str) and _NUMBERING.match(v.strip()) for v in filled):
            continue  # a "(1) (2) (3)" column-numbering row under the header
        table.rows.append((number, values))
    return table, []


def locate_table(sheets: list[RawSheet], spec: Spec) -> Table:
    """The sheet named like the template's, else the first sheet whose headers match. Rejects the file when
    no sheet has the table, naming the missing columns when a sheet nearly matches."""
    wanted = normalise(spec.sheet)
    ordered = sorted(sheets, key=lambda s: normalise(s.name) != wanted)
    nearly: tuple[str, list[str]] | None = None
    for sheet in ordered:
        table, missing = find_table(sheet, spec)
        if table is not None:
            if not table.rows:
                raise FileRejected(
                    _("Lembar «%(sheet)s» tidak berisi baris data di bawah judul kolom.") % {"sheet": sheet.name}
                )
            return table
        if missing and nearly is None:
            nearly = (sheet.name, missing)
    if nearly is not None:
        raise FileRejected(
            _("Lembar «%(sheet)s» tidak memiliki kolom: %(columns)s. Gunakan templat %(kind)s.")
            % {"sheet": nearly[0], "columns": ", ".join(nearly[1]), "kind": spec.title}
        )
    required = ", ".join(c.header for c in spec.columns if c.required)
    raise FileRejected(
        _(
            "Tidak ada lembar dengan judul kolom %(kind)s (lembar «%(sheet)s», kolom %(columns)s). "
            "Periksa apakah jenis impor yang dipilih sesuai dengan berkasnya."
        )
        % {"kind": spec.title, "sheet": spec.sheet, "columns": required}
    )


# --- files ----------------------------------------------------------------------------------------------

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


def max_bytes() -> int:
    return int(getattr(settings, "SAKIP_IMPORT_MAX_BYTES", 10 * 1024 * 1024))


def check_size(size: int) -> None:
    if size == 0:
        raise FileRejected(_("Berkas kosong."))
    limit = max_bytes()
    if size > limit:
        raise FileRejected(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"size": f"{size / 1048576:.1f}".replace(".", ","), "limit": f"{limit / 1048576:.1f}".replace(".", ",")}
        )


def read_sheets(content: bytes, name: str) -> list[RawSheet]:
    """Every sheet of an xlsx, or the one table of a csv. Rejects anything else with one message."""
    check_size(len(content))
    if content.startswith(OLE_SIGNATURE):
        if any(marker in content for marker in ENCRYPTED_MARKERS):
            raise FileRejected(_("Berkas dilindungi kata sandi. Buka kuncinya di Excel, simpan, lalu unggah lagi."))
        raise FileRejected(_("Format .xls (Excel 97-2003) tidak didukung. Simpan sebagai .xlsx, lalu unggah lagi."))
    if content.startswith(ZIP_SIGNATURE):
        return _read_xlsx(content)
    if name.lower().endswith(".xlsx"):
        raise FileRejected(_("Berkas rusak: bukan berkas .xlsx yang utuh."))
    return [RawSheet(name or "csv", _read_csv(content))]


def _read_csv(content: bytes) -> list[list[Any]]:
    if b"\x00" in content[:4096]:
        raise FileRejected(_("Berkas ini bukan spreadsheet (xlsx atau csv)."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise FileRejected(_("Berkas ini bukan spreadsheet (xlsx atau csv)."))
    sample = text[:20000]
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        delimiter = ";"
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([cell if cell.strip() else None for cell in row])
    except csv.Error as error:
        raise FileRejected(_("Berkas CSV tidak dapat dibaca: %(error)s") % {"error": error}) from error
    if not any(any(v is not None for v in row) for row in rows):
        raise FileRejected(_("Berkas kosong."))
    return rows


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)  # not self-closing <c/>
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_CACHED = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters.decode():
        number = number * 26 + ord(char) - 64
    return number


def _read_xlsx(content: bytes) -> list[RawSheet]:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        uncompressed = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRejected(_("Berkas rusak: bukan berkas .xlsx yang utuh.")) from error
    if uncompressed > 20 * max_bytes():
        raise FileRejected(_("Isi berkas terlalu besar setelah diekstrak."))
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        if "EncryptedPackage" in names:
            raise FileRejected(_("Berkas dilindungi kata sandi. Buka kuncinya di Excel, simpan, lalu unggah lagi."))
        raise FileRejected(_("Berkas ini bukan spreadsheet (xlsx atau csv)."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheets = [_read_worksheet(workbook, worksheet) for worksheet in workbook.worksheets]
            workbook.close()
    except FileRejected:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on damaged files
        raise FileRejected(
            _("Berkas rusak dan tidak dapat dibaca (%(error)s).") % {"error": type(error).__name__}
        ) from error
    if not any(any(any(not is_blank(v) for v in row) for row in sheet.rows) for sheet in sheets):
        raise FileRejected(_("Berkas kosong."))
    return sheets


def _read_worksheet(workbook: Any, worksheet: Any) -> RawSheet:
    xml: bytes = workbook._archive.read(worksheet._worksheet_path)
    uncached = _uncached_formulas(xml)
    worksheet.reset_dimensions()
    rows: list[list[Any]] = []
    for row_number, cells in enumerate(worksheet.iter_rows(min_row=1, min_col=1), start=1):
        values: list[Any] = []
        for column_number, cell in enumerate(cells, start=1):
            value = cell.value
            if value is None:
                if uncached and (row_number, column_number) in uncached:
                    value = UNCACHED_FORMULA
            elif isinstance(value, float | int) and not isinstance(value, bool):
                value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
                if "%" in cell.number_format:
                    value = value * 100  # a cell typed "96%" holds 0.96
            values.append(value)
        rows.append(values)
    for first_col, first_row, last_col, last_row in _merged_ranges(xml):
        if first_row > len(rows) or first_col > len(rows[first_row - 1]):
            continue
        value = rows[first_row - 1][first_col - 1]
        for r in range(first_row, min(last_row, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < last_col:
                row.extend([None] * (last_col - len(row)))
            for c in range(first_col, last_col + 1):
                row[c - 1] = value
    return RawSheet(worksheet.title, rows)


def _merged_ranges(xml: bytes) -> Iterable[tuple[int, int, int, int]]:
    for match in _MERGE.finditer(xml):
        yield (_column_number(match[1]), int(match[2]), _column_number(match[3]), int(match[4]))


def _uncached_formulas(xml: bytes) -> set[tuple[int, int]]:
    """(row, column) of formula cells stored without a computed value (empty-text results excluded)."""
    if b"<f" not in xml:
        return set()
    found = set()
    for match in _CELL.finditer(xml):
        attributes, body = match[1], match[2]
        if b"<f" not in body or _CACHED.search(body):
            continue
        kind = _TYPE.search(attributes)
        if kind and kind[1] in (b"str", b"inlineStr"):
            continue
        ref = _REF.search(attributes)
        if ref:
            found.add((int(ref[2]), _column_number(ref[1])))
    return found
