"""Every error class: the message names sheet, row, column and the problem, in Indonesian; nothing is written."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from indicators.imports.errors import FileRejected
from indicators.imports.service import run_import
from indicators.imports.templates import xlsx_bytes
from tests.imports.conftest import FIRST_DATA_ROW, column, find_row, make_file, rows_for, snapshot

pytestmark = pytest.mark.django_db


def _set(kind, indicator, key, value, month=None):  # type: ignore[no-untyped-def]
    def edit(rows):  # type: ignore[no-untyped-def]
        find_row(kind, rows, indicator, month)[column(kind, key)] = value

    return edit


def _duplicate(kind, indicator):  # type: ignore[no-untyped-def]
    def edit(rows):  # type: ignore[no-untyped-def]
        rows.append(list(find_row(kind, rows, indicator)))

    return edit


# (kind, unit, year, edit, expected column, indicator whose row is reported (or "last"), message)
ROW_ERRORS = {
    "unknown unit": ("pk_rapk", "SETTAMA", 2023, _set("pk_rapk", 4, "unit", "SETAMA"), "Kode unit", 4,
                     "kode unit «SETAMA» tidak dikenal"),
    "unknown indicator": ("realisations", "SETTAMA", 2023, _set("realisations", 4, "indicator_number", 99, 6),
                          "No. indikator", None,
                          "indikator 99 tidak ada pada SETTAMA 2023 (impor PK + RAPK lebih dahulu)"),
    "unknown indicator code": ("budget", "PUSDATIN", 2022, _set("budget", 3, "indicator_code", "KELUHANN"),
                               "Kode indikator", 3, "kode indikator «KELUHANN» tidak dikenal pada PUSDATIN 2022"),
    "duplicate row": ("pk_rapk", "PUSDATIN", 2022, _duplicate("pk_rapk", 5), "No. indikator", "last",
                      "baris duplikat: indikator 5 PUSDATIN 2022 sudah ada di baris {row}"),
    "not a number": ("pk_rapk", "SETTAMA", 2023, _set("pk_rapk", 9, "b07", "65,8x"), "B07", 9,
                     "«65,8x» bukan angka"),
    "number in a budget": ("budget", "SETTAMA", 2023, _set("budget", 4, "pagu", "satu miliar"), "Pagu", 4,
                           "«satu miliar» bukan angka"),
    "target missing": ("pk_rapk", "SETTAMA", 2023, _set("pk_rapk", 27, "b09", "-"), "B09", 27,
                       "target wajib diisi: indikator bulanan memerlukan target pada B03, B06, B09, B12"),
    "annual target missing": ("pk_rapk", "SETTAMA", 2023, _set("pk_rapk", 5, "annual_target", None),
                              "Target tahunan", 5, "target tahunan wajib diisi"),
    "month outside 1..12": ("realisations", "SETTAMA", 2023, _set("realisations", 4, "month", 13, 6), "Bulan", None,
                            "bulan 13 di luar 1..12"),
    "unknown qualitative word": ("pk_rapk", "SETTAMA", 2023, _set("pk_rapk", 3, "b12", "WTTP"), "B12", 3,
                                 "«WTTP» bukan angka (nilai kualitatif yang dikenal: WTP)"),
}  # fmt: skip


@pytest.mark.parametrize("case", ROW_ERRORS, ids=list(ROW_ERRORS))
def test_it_reports_the_row_error_and_writes_nothing(demo, admin_user, case):
    kind, code, year, edit, header, indicator, message = ROW_ERRORS[case]
    rows = rows_for(kind, code, year)
    edit(rows)
    before = snapshot()
    for file_format in ("xlsx", "csv"):
        content, name = make_file(kind, rows, file_format)
        plan = run_import(kind, content, name, admin_user, commit=True, reason="uji", override=True)
        assert not plan.applied
        assert len(plan.problems) == 1, plan.problems
        [problem] = plan.problems
        first = FIRST_DATA_ROW[kind] if file_format == "xlsx" else 2  # csv: one header row
        numbers = [r[column(kind, "indicator_number")] for r in rows]
        assert problem.message == message.format(row=first + numbers.index(5) if 5 in numbers else 0)
        assert problem.column == header
        sheets = {"realisations": "Realisasi", "budget": "Anggaran", "pk_rapk": "PK RAPK"}
        assert problem.sheet == (sheets[kind] if file_format == "xlsx" else name)
        if indicator is not None:
            position = len(rows) - 1 if indicator == "last" else numbers.index(indicator)
            assert problem.row == first + position
        assert str(problem).startswith(f"Lembar «{problem.sheet}», baris {problem.row}, kolom «{header}»: ")
    assert snapshot() == before


def test_it_reports_every_bad_row_of_a_file_at_once(demo, admin_user):
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    _set("pk_rapk", 4, "b01", "abc")(rows)
    _set("pk_rapk", 9, "unit", "XYZ")(rows)
    _duplicate("pk_rapk", 12)(rows)
    content, name = make_file("pk_rapk", rows)
    before = snapshot()
    plan = run_import("pk_rapk", content, name, admin_user, commit=True, reason="uji")
    assert sorted((p.row, p.column) for p in plan.problems) == [(8, "B01"), (13, "Kode unit"), (32, "No. indikator")]
    assert snapshot() == before


def _xlsx(content_rows):  # type: ignore[no-untyped-def]
    workbook = Workbook()
    for row in content_rows:
        workbook.active.append(row)
    return xlsx_bytes(workbook)


def _encrypted() -> bytes:
    """What Excel writes for a password-protected workbook: an OLE compound file holding EncryptionInfo and
    EncryptedPackage streams (header and directory names only; enough for the check)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
    directory += "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
    return header + directory + b"\x00" * 1024


def _truncated() -> bytes:
    content, _name = make_file("pk_rapk", [])
    return content[: len(content) // 2]


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


BAD_FILES = {
    "not a spreadsheet (pdf)": (b"%PDF-1.4\n%\x00\x01\x02 binary", "laporan.pdf", "bukan spreadsheet (xlsx atau csv)"),
    "not a spreadsheet (docx)": (_zip_without_workbook(), "surat.docx", "bukan spreadsheet (xlsx atau csv)"),
    "corrupted xlsx": (_truncated, "pk.xlsx", "Berkas rusak"),
    "password-protected": (_encrypted(), "pk.xlsx", "Berkas dilindungi kata sandi"),
    "legacy xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "pk.xls", "Format .xls (Excel 97-2003)"),
    "empty file": (b"", "pk.xlsx", "Berkas kosong."),
    "empty csv": (b"\xef\xbb\xbf;;\r\n;;\r\n", "pk.csv", "Berkas kosong."),
    "empty workbook": (lambda: _xlsx([]), "pk.xlsx", "Berkas kosong."),
    "wrong headers": (lambda: _xlsx([["Nama", "Alamat"], ["a", "b"]]), "pk.xlsx",
                      "Tidak ada lembar dengan judul kolom PK + RAPK"),
    "wrong template (budget file)": (lambda: make_file("budget", [["SETTAMA", 2023, 1] + [None] * 18])[0],
                                     "anggaran.xlsx", "tidak memiliki kolom: Perspektif, Indikator, Target tahunan"),
    "headers but no rows": (lambda: make_file("pk_rapk", [])[0], "pk.xlsx", "tidak berisi baris data"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_it_rejects_a_bad_file_with_one_message_and_writes_nothing(db, case):
    content, name, message = BAD_FILES[case]
    if callable(content):
        content = content()
    before = snapshot()
    with pytest.raises(FileRejected) as raised:
        run_import("pk_rapk", content, name, None, commit=True)
    assert message in raised.value.message
    assert snapshot() == before


def test_it_rejects_a_file_larger_than_the_limit(db, settings):
    settings.SAKIP_IMPORT_MAX_BYTES = 1024
    content, name = make_file("pk_rapk", [["SETTAMA", 2023, "x"] * 8])
    before = snapshot()
    with pytest.raises(FileRejected, match=r"Berkas terlalu besar \(0,0 MB\); batasnya 0,0 MB"):
        run_import("pk_rapk", content, name, None, commit=True)
    assert snapshot() == before


def test_it_rejects_a_formula_cell_saved_without_its_value(demo, admin_user):
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    _set("pk_rapk", 4, "annual_target", "=Y8")(rows)
    content, name = make_file("pk_rapk", rows, formulas=True)
    plan = run_import("pk_rapk", content, name, admin_user)
    [problem] = plan.problems
    assert (problem.row, problem.column) == (8, "Target tahunan")
    assert "rumus tanpa nilai tersimpan" in problem.message


def test_it_accepts_dash_blank_year_end_and_wtp_where_no_target_is_due(demo, admin_user):
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    row = find_row("pk_rapk", rows, 1)
    row[column("pk_rapk", "b01")] = None
    row[column("pk_rapk", "b02")] = "Akhir tahun"
    row[column("pk_rapk", "b03")] = " - "
    find_row("pk_rapk", rows, 3)[column("pk_rapk", "annual_target")] = "wtp"
    find_row("pk_rapk", rows, 4)[column("pk_rapk", "b01")] = "32,50"
    find_row("pk_rapk", rows, 9)[column("pk_rapk", "b12")] = "100%"
    content, name = make_file("pk_rapk", rows)
    plan = run_import("pk_rapk", content, name, admin_user)
    assert plan.problems == []
    assert not plan.has_changes
    assert find_row("pk_rapk", rows, 4)[column("pk_rapk", "b02")] == Decimal("60")
