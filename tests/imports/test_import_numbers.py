"""Every number an import writes is checked against what its column (and its indicator) holds: a clear
sheet/row/column message, never a 500 and never silent rounding. UTF-16 csv files are read; over-long fields
are refused in Indonesian."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from indicators.imports.errors import FileRejected
from indicators.imports.service import run_import
from indicators.models import Realisation
from tests.imports.conftest import column, find_row, make_file, rows_for, snapshot
from tests.imports.test_import_page import upload

pytestmark = pytest.mark.django_db

REALISATION_CASES = {
    "exponent": ("1e400", "«1e400» bukan angka (atau tulis «Akhir tahun», «Dalam proses», «Belum diisi»)"),
    "arabic-indic digits": ("٩٦", "«٩٦» bukan angka (atau tulis «Akhir tahun», «Dalam proses», «Belum diisi»)"),
    "too large": ("9" * 25, f"«{'9' * 25}» ditolak. Angka terlalu besar: paling besar 9.999.999.999.999.999,99."),
    "more decimals than the indicator": ("1.234.567,891234",
                                         "«1.234.567,891234» ditolak. Paling banyak 2 angka di belakang koma."),
    "three decimals": ("91,145", "«91,145» ditolak. Paling banyak 2 angka di belakang koma."),
}  # fmt: skip


@pytest.mark.parametrize("case", REALISATION_CASES, ids=list(REALISATION_CASES))
def test_it_refuses_a_realisation_that_does_not_fit_naming_sheet_row_and_column(demo, admin_user, case):
    typed, message = REALISATION_CASES[case]
    rows = rows_for("realisations", "SETTAMA", 2023)
    find_row("realisations", rows, 4, 6)[column("realisations", "value")] = typed
    find_row("realisations", rows, 4, 6)[column("realisations", "components")] = (
        None  # components stay; the value is typed
    )
    before = snapshot()
    for file_format in ("csv", "xlsx"):
        content, name = make_file("realisations", rows, file_format)
        plan = run_import("realisations", content, name, admin_user, commit=True, override=True)
        [problem] = plan.problems
        assert (problem.column, problem.message) == ("Realisasi", message)
        assert problem.row is not None and not plan.applied
    assert snapshot() == before


def test_it_answers_the_import_page_with_the_message_not_a_500(client, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = rows_for("realisations", "SETTAMA", 2023)
    find_row("realisations", rows, 4, 6)[column("realisations", "value")] = "9" * 40
    find_row("realisations", rows, 4, 6)[column("realisations", "components")] = (
        None  # components stay; the value is typed
    )
    content, name = make_file("realisations", rows, "csv")
    client.force_login(admin_user)
    response = upload(client, content, name, kind="realisations")
    assert response.status_code == 200
    assert "Angka terlalu besar" in response.content.decode()


def test_it_refuses_budget_amounts_with_more_decimals_than_rupiah_or_negative(demo, admin_user):
    rows = rows_for("budget", "SETTAMA", 2023)
    find_row("budget", rows, 4)[column("budget", "pagu")] = "Rp1.000,005"
    find_row("budget", rows, 5)[column("budget", "blokir")] = "-5"
    content, name = make_file("budget", rows, "csv")
    plan = run_import("budget", content, name, admin_user)
    assert [(p.column, p.message) for p in plan.problems] == [
        ("Pagu", "«Rp1.000,005» ditolak. Paling banyak 2 angka di belakang koma."),
        ("Blokir", "«-5» ditolak. Angka tidak boleh negatif."),
    ]


def test_it_refuses_a_target_with_more_decimals_than_its_indicator(demo, admin_user):
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    find_row("pk_rapk", rows, 4)[column("pk_rapk", "b03")] = "32,125"
    content, name = make_file("pk_rapk", rows, "csv")
    [problem] = run_import("pk_rapk", content, name, admin_user).problems
    assert (problem.column, problem.message) == ("B03", "«32,125» ditolak. Paling banyak 2 angka di belakang koma.")


def test_it_reads_numeric_cells_as_excel_shows_them(demo, admin_user):
    """A formula's 0.1 + 0.2 is stored as 0.30000000000000004; Excel shows (and SAKIP reads) 0.3."""
    rows = rows_for("realisations", "SETTAMA", 2023)
    find_row("realisations", rows, 4, 6)[column("realisations", "value")] = 0.1 + 0.2
    find_row("realisations", rows, 4, 6)[column("realisations", "components")] = (
        None  # components stay; the value is typed
    )
    content, name = make_file("realisations", rows)
    plan = run_import("realisations", content, name, admin_user, commit=True, override=True)
    assert plan.problems == [] and plan.applied
    realisation = Realisation.objects.get(indicator__goal__unit__code="SETTAMA", indicator__number=4, month=6)
    assert realisation.value == Decimal("0.3")


def test_it_reads_excel_unicode_text_utf16_tab_separated(demo, admin_user):
    rows = rows_for("realisations", "SETTAMA", 2023)
    find_row("realisations", rows, 4, 6)[column("realisations", "value")] = "88,5"
    find_row("realisations", rows, 4, 6)[column("realisations", "components")] = (
        None  # components stay; the value is typed
    )
    content, _name = make_file("realisations", rows, "csv")
    table = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
    text = io.StringIO()
    csv.writer(text, delimiter="\t").writerows(table)
    unicode_text = text.getvalue().encode("utf-16")  # what Excel writes: BOM, little-endian, tab separated
    plan = run_import("realisations", unicode_text, "realisasi.txt", admin_user, override=True)
    assert plan.problems == []
    assert [line.text for unit in plan.units for line in unit.lines] == ["IKU 4 B06: 84,93 → 88,50"]


def test_it_says_in_indonesian_which_csv_line_holds_an_over_long_field(demo, admin_user):
    rows = rows_for("realisations", "SETTAMA", 2023)
    find_row("realisations", rows, 4, 6)[column("realisations", "analysis")] = "x" * (csv.field_size_limit() + 1)
    content, name = make_file("realisations", rows, "csv")
    with pytest.raises(FileRejected) as raised:
        run_import("realisations", content, name, admin_user)
    assert raised.value.message.startswith("Berkas CSV tidak dapat dibaca: baris ")
    assert raised.value.message.endswith(" berisi isian lebih panjang dari 131.072 karakter.")


def test_it_refuses_an_indicator_name_longer_than_its_column(demo, admin_user):
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    find_row("pk_rapk", rows, 4)[column("pk_rapk", "indicator_name")] = "n" * 301
    content, name = make_file("pk_rapk", rows, "csv")
    [problem] = run_import("pk_rapk", content, name, admin_user).problems
    assert (problem.column, problem.message) == ("Indikator", "paling panjang 300 karakter (terisi 301)")


def test_it_numbers_csv_rows_as_a_spreadsheet_shows_them_despite_line_breaks_in_cells(demo, admin_user):
    rows = rows_for("realisations", "SETTAMA", 2023)
    rows[0][column("realisations", "analysis")] = "Baris pertama.\nBaris kedua.\r\nBaris ketiga."
    bad = find_row("realisations", rows, 4, 6)
    bad[column("realisations", "value")] = "abc"
    content, name = make_file("realisations", rows, "csv")
    [problem] = run_import("realisations", content, name, admin_user).problems
    assert problem.row == 2 + rows.index(bad)  # header on row 1
