"""Reading values and tables as Indonesian users write them (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from indicators.imports.columns import PK_RAPK_SPEC, REALISATIONS_SPEC
from indicators.imports.errors import FileRejected
from indicators.imports.files import read_sheets
from indicators.imports.parsing import (
    UNCACHED_FORMULA,
    BadValue,
    locate_table,
    parse_month,
    parse_number,
)
from indicators.imports.samples import with_cached_values
from indicators.imports.templates import indonesian, xlsx_bytes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("96%", "96"),
        ("96,5 %", "96.5"),
        ("84,93", "84.93"),
        ("84.93", "84.93"),
        ("1.234", "1234"),
        ("364.734.836.000", "364734836000"),
        ("0.125", "0.125"),
        ("1,234.56", "1234.56"),
        ("Rp1.000.000,00", "1000000.00"),
        ("(1.500)", "-1500"),
        ("-2,5", "-2.5"),
        (" 7 ", "7"),
        (66.2, "66.2"),
        (0.1 + 0.2, "0.30000000000000004"),
        (4, "4"),
    ],
)
def test_it_reads_numbers_as_indonesian_users_type_them(text, expected):
    assert parse_number(text) == Decimal(expected)
    assert isinstance(parse_number(text), Decimal)


@pytest.mark.parametrize("text", ["abc", "1,2,3x", "12-3", "", "WTP", True, "1.2.3,4,5"])
def test_it_rejects_what_is_not_a_number(text):
    with pytest.raises(BadValue):
        parse_number(text)


def test_it_says_a_formula_without_cached_value_is_not_readable():
    with pytest.raises(BadValue, match="rumus tanpa nilai tersimpan"):
        parse_number(UNCACHED_FORMULA)


@pytest.mark.parametrize(
    ("text", "month"), [("B06", 6), ("b6", 6), (6, 6), ("12", 12), ("Juni", 6), ("Agt", 8), (Decimal("3"), 3)]
)
def test_it_reads_months(text, month):
    assert parse_month(text) == month


@pytest.mark.parametrize(
    ("text", "message"), [(13, "di luar 1..12"), ("B00", "di luar 1..12"), ("besok", "bukan bulan")]
)
def test_it_rejects_months_outside_1_to_12(text, message):
    with pytest.raises(BadValue, match=message):
        parse_month(text)


def test_it_writes_indonesian_numbers_without_rounding():
    assert indonesian(Decimal("364734836000.00")) == "364.734.836.000"
    assert indonesian(Decimal("66.2000")) == "66,2"
    assert indonesian(Decimal("1E+2")) == "100"
    assert indonesian(Decimal("-1234.5678")) == "-1.234,5678"


def _realisation_workbook() -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data bulanan"
    sheet["A1"] = "REALISASI KINERJA SEKRETARIAT UTAMA"
    sheet["A2"] = "Tahun 2023"
    headers = ["Kode Unit", "Tahun", "No. IKU", "Indikator", "Bulan", "Realisasi s.d. (%)", "Pembilang", "Penyebut"]
    for position, header in enumerate(headers, start=1):
        sheet.cell(4, position, header)
    sheet.merge_cells("A4:A5")  # a header merged over two rows
    data = [
        ["SETTAMA", 2023, 15, "Persentase peraturan", "B06", 0.5943, 104, 175],
        [None, 2023, 16, "Advokasi", 6, "91,14", None, None],
        [],
        ["SETTAMA", 2023, 17, "Kerja sama", 6, "=F6*100", None, None],
    ]
    for offset, values in enumerate(data):
        for position, value in enumerate(values, start=1):
            sheet.cell(6 + offset, position, value)
    sheet["F6"].number_format = "0.00%"  # typed "59,43%": the cell holds 0.5943
    sheet.merge_cells("A6:A7")  # the unit code merged down over its rows
    return workbook


def test_it_finds_the_table_under_title_rows_and_fills_merged_cells():
    content = xlsx_bytes(_realisation_workbook())
    table = locate_table(read_sheets(content, "realisasi.xlsx"), REALISATIONS_SPEC)
    assert table.sheet == "Data bulanan"
    assert table.header_row == 5
    assert table.label("value") == "Realisasi s.d. (%)"
    rows = {number: values for number, values in table.rows}
    assert sorted(rows) == [6, 7, 9]  # blank row 8 skipped
    assert table.value(rows[6], "value") == Decimal("59.43")  # percent-formatted cell
    assert table.value(rows[7], "unit") == "SETTAMA"  # merged cell
    assert table.value(rows[9], "value") is UNCACHED_FORMULA


def test_it_reads_formula_cells_by_their_cached_value():
    content = with_cached_values(xlsx_bytes(_realisation_workbook()), {"F9": "59.43"})
    table = locate_table(read_sheets(content, "realisasi.xlsx"), REALISATIONS_SPEC)
    assert table.value(dict(table.rows)[9], "value") == Decimal("59.43")


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_it_reads_csv_with_any_usual_delimiter(delimiter):
    lines = [
        ["Kode unit", "Tahun", "No. indikator", "Bulan", "Realisasi"],
        ["SETTAMA", "2023", "4", "B06", '"84,93"' if delimiter == "," else "84,93"],
    ]
    content = "\n".join(delimiter.join(line) for line in lines).encode("utf-8-sig")
    table = locate_table(read_sheets(content, "r.csv"), REALISATIONS_SPEC)
    number, values = table.rows[0]
    assert number == 2
    assert parse_number(table.value(values, "value")) == Decimal("84.93")


def test_it_names_the_missing_columns_of_a_nearly_matching_sheet():
    content = b"Kode unit;Tahun;No. sasaran;No. indikator;Indikator;Target tahunan\nX;2023;1;1;a;1\n"
    with pytest.raises(FileRejected, match="tidak memiliki kolom: Perspektif, B01"):
        locate_table(read_sheets(content, "pk.csv"), PK_RAPK_SPEC)
