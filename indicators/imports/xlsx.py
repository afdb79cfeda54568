"""A streaming xlsx reader on expat: every part is read in chunks as a stream of elements, no tree is built,
and every element counts as one cell of work (`limits.Meter`), so time and memory stay bounded whatever the
file claims. It reads what an import needs and nothing else: sheet names, shared strings, the number formats
that mark percentages and dates, cell values (formula cells by their cached value) and merged ranges.
openpyxl is used for its utilities only (date conversion, built-in number formats, cell references).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from indicators.imports.errors import FileRejected
from indicators.imports.limits import Meter, count
from indicators.imports.parsing import UNCACHED_FORMULA, RawSheet, is_blank, normalise

WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CHUNK = 65536
MAX_TEXT = 32767  # Excel's limit for the text of one cell
_REF = re.compile(r"([A-Za-z]{1,3})(\d+)$")

Handler = Callable[[str, dict[str, str]], None]


def damaged(error: Exception | str) -> FileRejected:
    name = error if isinstance(error, str) else type(error).__name__
    return FileRejected(_("Berkas rusak dan tidak dapat dibaca (%(error)s).") % {"error": name})


def _refuse_dtd(*_args: Any) -> None:
    raise damaged("DTD")  # OOXML has none; entity declarations are how XML bombs start


def parse(
    archive: zipfile.ZipFile,
    member: str,
    meter: Meter,
    label: str,
    start: Handler,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Feed `member` through expat; handlers get local element names. Each element is one cell of work."""

    def on_start(name: str, attributes: dict[str, str]) -> None:
        meter.cell(label)
        start(name.rpartition(" ")[2], attributes)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = on_start
    if end is not None:
        parser.EndElementHandler = lambda name: end(name.rpartition(" ")[2])
    if text is not None:
        parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    try:
        with archive.open(member) as source:
            while chunk := source.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except FileRejected:
        raise
    except (KeyError, expat.ExpatError, zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise damaged(error) from error  # a missing part, bad XML, a member longer than it declares


class Workbook:
    """The parts of a workbook an import reads, found through workbook.xml and its relationships."""

    def __init__(self, archive: zipfile.ZipFile, meter: Meter) -> None:
        self.archive = archive
        self.meter = meter
        self.sheets: list[tuple[str, str]] = []  # (name, relationship id), in workbook order
        self.epoch = CALENDAR_WINDOWS_1900
        parse(archive, WORKBOOK, meter, "workbook", self._workbook_element)
        self.targets: dict[str, tuple[str, str]] = {}  # relationship id -> (type, part name)
        parse(archive, WORKBOOK_RELS, meter, "workbook", self._relationship)
        self.shared_strings = self._strings()
        self.percent_styles: set[int] = set()
        self.date_styles: set[int] = set()
        self.timedelta_styles: set[int] = set()
        self._styles()

    def _workbook_element(self, name: str, attributes: dict[str, str]) -> None:
        if name == "sheet":
            relation = next((v for k, v in attributes.items() if k.endswith(" id") or k == "id"), "")
            self.sheets.append((attributes.get("name", ""), relation))
        elif name == "workbookPr" and attributes.get("date1904") in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904

    def _relationship(self, name: str, attributes: dict[str, str]) -> None:
        if name == "Relationship":
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self.targets[attributes.get("Id", "")] = (attributes.get("Type", "").rpartition("/")[2], path)

    def _part(self, kind: str) -> str | None:
        return next((path for type_, path in self.targets.values() if type_ == kind), None)

    def _strings(self) -> list[str]:
        member = self._part("sharedStrings")
        if member is None:
            return []
        strings: list[str] = []
        reader = _TextReader(container="si", on_text=strings.append)
        parse(self.archive, member, self.meter, _("daftar teks"), reader.start, reader.end, reader.text)
        return strings

    def _styles(self) -> None:
        member = self._part("styles")
        if member is None:
            return
        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        styles: list[int] = []  # number format id of each cell style (cellXfs), in order
        where: list[str] = []

        def start(name: str, attributes: dict[str, str]) -> None:
            where.append(name)
            if name == "numFmt":
                formats[int(attributes.get("numFmtId", "0"))] = attributes.get("formatCode", "")
            elif name == "xf" and len(where) > 1 and where[-2] == "cellXfs":
                styles.append(int(attributes.get("numFmtId", "0")))

        def end(_name: str) -> None:
            where.pop()

        parse(self.archive, member, self.meter, "styles", start, end)
        for style_id, format_id in enumerate(styles):
            shown = formats.get(format_id, "General")
            if "%" in shown:
                self.percent_styles.add(style_id)
            elif is_date_format(shown):
                self.date_styles.add(style_id)
                if is_timedelta_format(shown):
                    self.timedelta_styles.add(style_id)

    def worksheets(self, prefer: str) -> Iterator[RawSheet]:
        """Every worksheet (chart sheets have no rows), the one named like `prefer` first."""
        wanted = normalise(prefer)
        ordered = sorted(self.sheets, key=lambda sheet: normalise(sheet[0]) != wanted)
        for name, relation in ordered:
            kind, member = self.targets.get(relation, ("", ""))
            if kind == "worksheet":
                yield _SheetReader(self, name).read(member)


def _add_text(parts: list[str], length: int, data: str) -> int:
    """Append a piece of a cell's text; the text of one cell is bounded like Excel's."""
    length += len(data)
    if length > MAX_TEXT:
        raise damaged(_("teks sel lebih dari %(n)s karakter") % {"n": count(MAX_TEXT)})
    parts.append(data)
    return length


class _TextReader:
    """The text of each `container` element (a shared string, an inline string): its `t` runs, without the
    phonetic guides (`rPh`)."""

    def __init__(self, container: str, on_text: Callable[[str], None]) -> None:
        self.container = container
        self.on_text = on_text
        self.parts: list[str] = []
        self.length = 0
        self.capture = False
        self.phonetic = 0

    def start(self, name: str, _attributes: dict[str, str]) -> None:
        if name == self.container:
            self.parts, self.length = [], 0
        elif name == "t":
            self.capture = not self.phonetic
        elif name == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        if name == self.container:
            self.on_text("".join(self.parts).replace("x005F_", ""))
        elif name == "t":
            self.capture = False
        elif name == "rPh":
            self.phonetic -= 1

    def text(self, data: str) -> None:
        if self.capture:
            self.length = _add_text(self.parts, self.length, data)


class _SheetReader:
    """One worksheet: rows holding data (at most `max_columns` wide) and merged ranges filled in."""

    def __init__(self, workbook: Workbook, name: str) -> None:
        self.workbook = workbook
        self.meter = workbook.meter
        self.name = name
        self.rows: dict[int, list[Any]] = {}
        self.merges: list[str] = []
        self.row_number = 0
        self.cells: dict[int, Any] = {}
        self.column = 0
        self.cell: dict[str, str] | None = None
        self.formula = False
        self.value: list[str] = []
        self.value_length = 0
        self.in_value = False
        self.inline: list[str] = []
        self.inline_reader = _TextReader(container="is", on_text=self.inline.append)

    def read(self, member: str) -> RawSheet:
        parse(self.workbook.archive, member, self.meter, self.name, self.start, self.end, self.text)
        fill_merged(self.rows, self.merges, self.name, self.meter)
        return RawSheet(self.name, sorted(self.rows.items()))

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.cell is not None:  # inside a cell
            if name == "v":
                self.in_value = True
            elif name == "f":
                self.formula = True
            else:
                self.inline_reader.start(name, attributes)
        elif name == "c":
            self.cell, self.formula, self.value, self.value_length, self.inline = attributes, False, [], 0, []
            self.inline_reader.on_text = self.inline.append
        elif name == "row":
            number = attributes.get("r")
            self.row_number = int(number) if number and number.isdigit() else self.row_number + 1
            self.cells, self.column = {}, 0
        elif name == "mergeCell":
            self.merges.append(attributes.get("ref", ""))

    def end(self, name: str) -> None:
        if name == "c" and self.cell is not None:
            self._cell(self.cell)
            self.cell = None
        elif self.cell is not None:
            if name == "v":
                self.in_value = False
            else:
                self.inline_reader.end(name)
        elif name == "row" and self.cells:
            self.meter.row(self.name)
            values: list[Any] = [None] * max(self.cells)
            for column, value in self.cells.items():
                values[column - 1] = value
            self.rows[self.row_number] = values

    def text(self, data: str) -> None:
        if self.in_value:
            self.value_length = _add_text(self.value, self.value_length, data)
        elif self.cell is not None:
            self.inline_reader.text(data)

    def _cell(self, attributes: dict[str, str]) -> None:
        match = _REF.match(attributes.get("r", ""))
        self.column = column_index_from_string(match[1].upper()) if match else self.column + 1
        kind = attributes.get("t", "n")
        raw = "".join(self.value) or None
        style = int(attributes.get("s", "0") or 0)
        value: Any
        try:
            value = self._convert(kind, raw, style)
        except (ValueError, IndexError, OverflowError, ArithmeticError):
            value = raw  # read as text; the importer says it is not a number
        if value is None and self.formula and kind not in ("str", "inlineStr"):
            value = UNCACHED_FORMULA  # a formula saved without its computed value
        if is_blank(value):
            return
        self.meter.column(self.name, self.column)
        self.cells[self.column] = value

    def _convert(self, kind: str, raw: str | None, style: int) -> Any:
        workbook = self.workbook
        if kind == "inlineStr":
            return "".join(self.inline) or None
        if raw is None:
            return None
        if kind == "s":
            return workbook.shared_strings[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind in ("str", "e"):
            return raw
        if kind == "d":
            return from_ISO8601(raw)
        if style in workbook.date_styles:
            return from_excel(float(raw), workbook.epoch, timedelta=style in workbook.timedelta_styles)
        number = excel_number(raw)
        return number * 100 if style in workbook.percent_styles else number  # "96%" is stored as 0.96


def excel_number(text: str) -> Decimal:
    """A numeric cell as Excel shows it at full precision: 15 significant digits, never binary noise
    (a formula's 0.30000000000000004 is 0.3, as Excel shows it; 66.2 stays 66.2)."""
    number = Decimal(text.strip())
    if number.is_finite() and len(number.as_tuple().digits) > 15:
        number = Decimal(f"{number:.15g}")
    return number


def fill_merged(rows: dict[int, list[Any]], merges: list[str], sheet: str, meter: Meter) -> None:
    """A merged range shows its top-left value in every cell: fill it in, clipped to the column limit and to
    the sheet's last row holding data; every filled cell counts. Overlapping ranges (which Excel refuses)
    are refused."""
    last_data_row = max(rows, default=0)
    filled: set[tuple[int, int]] = set()
    for ref in merges:
        try:
            first_col, first_row, last_col, last_row = range_boundaries(ref)
        except (TypeError, ValueError) as error:
            raise FileRejected(_("Berkas rusak: rentang sel gabungan «%(ref)s» tidak sah.") % {"ref": ref}) from error
        top = rows.get(first_row)
        if top is None or first_col > len(top) or top[first_col - 1] is None:
            continue
        value = top[first_col - 1]
        last_col = min(last_col, meter.limits.max_columns)
        for number in range(first_row, min(last_row, last_data_row) + 1):
            row = rows.get(number)
            if row is None:
                meter.row(sheet)
                row = rows[number] = []
            if len(row) < last_col:
                row.extend([None] * (last_col - len(row)))
            for column in range(first_col, last_col + 1):
                if (number, column) in filled:
                    raise FileRejected(
                        _("Berkas rusak: rentang sel gabungan «%(ref)s» menimpa rentang gabungan lain.") % {"ref": ref}
                    )
                filled.add((number, column))
                meter.cell(sheet)
                row[column - 1] = value
