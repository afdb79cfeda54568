"""Reading spreadsheets as people fill them in (the files themselves are read by `files.py`).

- Tables: the header row is found among the first rows (title rows above it are skipped); a two-row header
  (a merged group title above B01..B12) is read as one.
- Values: Indonesian numbers ("1.234,56", "96%", "Rp1.000"), "-" and blank, as `Decimal`, never float.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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
    thousands); numeric cells come as Decimal from the reader, as Excel shows them (files.py)."""
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
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, values) of the rows holding data, in order


def _header_texts(row: list[Any], above: list[Any]) -> list[str]:
    """Header of each column of `row`; a blank cell takes the text above it (two-row headers)."""
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
    by_number = dict(sheet.rows)
    best: tuple[int, int, dict[str, int]] | None = None
    for number, values in sheet.rows:
        if number > HEADER_SCAN_ROWS:
            break
        if all(is_blank(v) for v in values):
            continue
        found = _match_header(_header_texts(values, by_number.get(number - 1, [])), spec)
        if found and (best is None or len(found) >= best[1]):  # a tie: the lower row of a two-row header
            best = (number, len(found), found)
    if best is None:
        return None, []
    at, count, found = best
    missing = [c.header for c in spec.columns if c.required and c.key not in found]
    if missing:
        return None, (missing if count >= 3 else [])
    texts_raw = by_number[at]
    above = by_number.get(at - 1, [])
    headers = {}
    for key, position in found.items():
        cell = texts_raw[position] if position < len(texts_raw) else None
        if is_blank(cell) and position < len(above):
            cell = above[position]
        headers[key] = " ".join(text_of(cell).split())
    table = Table(sheet=sheet.name, header_row=at, index=found, headers=headers)
    for number, values in sheet.rows:
        if number <= at:
            continue
        filled = [v for v in values if not is_blank(v)]
        if not filled:
            continue
        if all(isinstance(v, str) and _NUMBERING.match(v.strip()) for v in filled):
            continue  # a "(1) (2) (3)" column-numbering row under the header
        table.rows.append((number, values))
    return table, []


def locate_table(sheets: Iterable[RawSheet], spec: Spec) -> Table:
    """The first sheet whose headers match (readers give the sheet named like the template's first). Rejects
    the file when no sheet has the table, naming the missing columns when a sheet nearly matches."""
    nearly: tuple[str, list[str]] | None = None
    any_data = False
    for sheet in sheets:
        any_data = any_data or any(any(not is_blank(v) for v in values) for _number, values in sheet.rows)
        table, missing = find_table(sheet, spec)
        if table is not None:
            if not table.rows:
                raise FileRejected(
                    _("Lembar «%(sheet)s» tidak berisi baris data di bawah judul kolom.") % {"sheet": sheet.name}
                )
            return table
        if missing and nearly is None:
            nearly = (sheet.name, missing)
    if not any_data:
        raise FileRejected(_("Berkas kosong."))
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
