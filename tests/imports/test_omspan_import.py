"""OMSPAN-style budget realisation import (one row per satker, spending type and month): plan then apply, all or
nothing, errors with row and column, satker by unit code or satker code, audited, admins only."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from budget.models import BudgetLine, BudgetRealisation
from indicators.imports.columns import OMSPAN_SPEC
from indicators.imports.service import run_import
from indicators.imports.templates import build_csv, build_xlsx, xlsx_bytes
from sakip.models import AuditEvent, OrgUnit
from tests.imports.conftest import snapshot
from tests.imports.test_import_page import confirm, upload

pytestmark = pytest.mark.django_db
SAMPLES = Path(settings.BASE_DIR) / "fixtures" / "spreadsheets"


def omspan_csv(rows: list[list[object]]) -> tuple[bytes, str]:
    return build_csv(OMSPAN_SPEC, rows), "omspan_juni.csv"


def settama_rows() -> list[list[object]]:
    return [
        [2023, "SETTAMA", "Sekretariat Utama", "51 Belanja Pegawai", 5, "100.000.000", "-", "40.000.000"],
        [2023, "SETTAMA", "Sekretariat Utama", "51 Belanja Pegawai", 6, "120.000.000", "-", "52.500.000,50"],
        [2023, "settama", "Sekretariat Utama", "Barang", "Juni", "300.000.000", "10.000.000", "90.000.000"],
    ]


def amounts(code: str, year: int) -> dict[tuple[str, int], Decimal]:
    realisations = BudgetRealisation.objects.filter(line__unit__code=code, line__year=year).exclude(
        line__spending_type=""
    )
    return {(r.line.spending_type, r.month): r.amount for r in realisations.select_related("line")}


def test_it_writes_spending_type_lines_and_their_monthly_realisation(demo, admin_user):
    content, name = omspan_csv(settama_rows())
    plan = run_import("omspan", content, name, admin_user, commit=True)
    assert plan.problems == [] and plan.applied
    [unit] = plan.units
    assert unit.headline == "2 jenis belanja baru, 0 berubah; 3 realisasi bulanan baru atau berubah"
    assert [line.text for line in unit.lines] == [
        "Belanja Pegawai: pagu 120.000.000,00; realisasi B05 40.000.000,00; realisasi B06 52.500.000,50",
        "Belanja Barang: pagu 300.000.000,00; realisasi B06 90.000.000,00",
    ]
    lines = {line.spending_type: line for line in BudgetLine.objects.filter(unit__code="SETTAMA", year=2023)}
    assert (lines["pegawai"].pagu, lines["pegawai"].blokir) == (Decimal(120000000), Decimal(0))  # latest month's
    assert (lines["barang"].pagu, lines["barang"].blokir) == (Decimal(300000000), Decimal(10000000))
    assert amounts("SETTAMA", 2023) == {
        ("pegawai", 5): Decimal(40000000),
        ("pegawai", 6): Decimal("52500000.50"),
        ("barang", 6): Decimal(90000000),
    }
    assert lines["pegawai"].history.first().history_user == admin_user
    event = AuditEvent.objects.get(action="import.omspan")
    assert (event.unit.code, event.period, event.user) == ("SETTAMA", "2023", admin_user)
    assert (event.detail["budget_lines_created"], event.detail["budget_realisations_created"]) == (2, 3)
    again = run_import("omspan", content, name, admin_user, commit=True)  # the same file again: nothing to do
    assert not again.has_changes and not again.applied


def test_it_updates_a_month_and_leaves_the_other_budget_lines_alone(demo, admin_user):
    run_import("omspan", *omspan_csv(settama_rows()), admin_user, commit=True)
    goal_lines = sorted(BudgetLine.objects.filter(spending_type="").values_list("id", "pagu"))
    rows = [[2023, "SETTAMA", "", "Pegawai", "B06", None, None, "60.000.000"]]
    plan = run_import("omspan", *omspan_csv(rows), admin_user, commit=True)
    assert [line.text for line in plan.units[0].lines] == [
        "Belanja Pegawai: realisasi B06 52.500.000,50 → 60.000.000,00"
    ]
    assert amounts("SETTAMA", 2023)[("pegawai", 6)] == Decimal(60000000)
    assert BudgetLine.objects.get(unit__code="SETTAMA", spending_type="pegawai").pagu == Decimal(120000000)
    assert sorted(BudgetLine.objects.filter(spending_type="").values_list("id", "pagu")) == goal_lines


def test_it_finds_the_satker_by_its_satker_code(demo, admin_user):
    OrgUnit.objects.filter(code="PUSDATIN").update(satker_code="019046")
    rows = [[2022, "019046", "Pusdatin", "53", 12, "5.000.000", None, "4.900.000"]]
    workbook = build_xlsx(OMSPAN_SPEC, [[2022, 19046, "Pusdatin", 53, 12, 5000000, None, 4900000]], "OMSPAN")
    for content, name in (omspan_csv(rows), (xlsx_bytes(workbook), "omspan.xlsx")):  # numeric cell: 019046
        plan = run_import("omspan", content, name, admin_user)
        assert plan.problems == [], plan.problems
        assert [(u.unit.code, u.headline) for u in plan.units] == [
            ("PUSDATIN", "1 jenis belanja baru, 0 berubah; 1 realisasi bulanan baru atau berubah")
        ]


def test_it_rejects_a_bad_row_with_row_and_column_and_writes_nothing(demo, admin_user):
    rows = settama_rows()
    rows[1][7] = "52.500.000,505"  # three decimals: a rupiah amount holds two
    rows[2][3] = "Belanja Hibah"
    rows.append([2023, "SETTAMA", "", "Pegawai", 13, "1", None, "1"])
    before = snapshot()
    plan = run_import("omspan", *omspan_csv(rows), admin_user, commit=True)
    assert [(p.row, p.column) for p in plan.problems] == [
        (3, "Realisasi s.d. bulan"),
        (4, "Jenis belanja"),
        (5, "Bulan"),
    ]
    assert str(plan.problems[0]).startswith(
        "Lembar «omspan_juni.csv», baris 3, kolom «Realisasi s.d. bulan»: «52.500.000,505"
    )
    assert "Paling banyak 2 angka di belakang koma" in plan.problems[0].message
    assert "«Belanja Hibah» tidak dikenal" in plan.problems[1].message
    assert not plan.applied
    assert snapshot() == before


def test_it_refuses_duplicates_and_a_new_line_without_pagu(demo, admin_user):
    rows = [
        [2023, "SETTAMA", "", "Pegawai", 6, None, None, "1.000"],
        [2023, "SETTAMA", "", "51", "Juni", None, None, "1.000"],
    ]
    plan = run_import("omspan", *omspan_csv(rows), admin_user, commit=True)
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (3, "Bulan", "baris duplikat: Belanja Pegawai SETTAMA 2023 B06 sudah ada di baris 2")
    ]
    plan = run_import("omspan", *omspan_csv(rows[:1]), admin_user, commit=True)
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (2, "Pagu", "wajib diisi untuk jenis belanja yang belum ada anggarannya")
    ]
    assert not BudgetLine.objects.filter(unit__code="SETTAMA").exclude(spending_type="").exists()


def test_it_refuses_an_unknown_satker_and_writes_nothing(demo, admin_user):
    rows = [*settama_rows(), [2023, "999999", "Satker lain", "Modal", 6, "1.000", None, "500"]]
    before = snapshot()
    plan = run_import("omspan", *omspan_csv(rows), admin_user, commit=True)
    assert [str(p) for p in plan.problems] == [
        "Lembar «omspan_juni.csv», baris 5, kolom «Kode satker»: satker «999999» tidak dikenal (kode unit atau "
        "kode satker)"
    ]
    assert snapshot() == before


def test_it_imports_the_sample_file_of_bpom_2024(demo, admin_user):
    for name in ("bpom_2024_omspan.csv", "bpom_2024_omspan.xlsx"):
        plan = run_import("omspan", (SAMPLES / name).read_bytes(), name, admin_user)
        assert plan.problems == [], (name, plan.problems)
        assert [u.headline for u in plan.units] == [
            "3 jenis belanja baru, 0 berubah; 3 realisasi bulanan baru atau berubah"
        ]
    assert run_import("omspan", (SAMPLES / name).read_bytes(), name, admin_user, commit=True).applied
    assert amounts("BPOM", 2024) == {  # Kinerja BPOM Dalam Angka TW II 2024, Bab 12
        ("pegawai", 6): Decimal("434700349936"),
        ("barang", 6): Decimal("530468196543"),
        ("modal", 6): Decimal("69609759917"),
    }


def test_it_runs_on_the_import_page_for_admins_only(client, planner, auditor, admin_user, media):
    content, name = omspan_csv(settama_rows())
    for user in (planner, auditor):
        client.force_login(user)
        assert upload(client, content, name, kind="omspan").status_code == 403
    assert not BudgetLine.objects.filter(unit__code="SETTAMA").exclude(spending_type="").exists()
    client.force_login(admin_user)
    preview = upload(client, content, name, kind="omspan")
    assert "Belanja Pegawai: pagu 120.000.000,00" in preview.content.decode()
    assert (
        not BudgetLine.objects.filter(unit__code="SETTAMA").exclude(spending_type="").exists()
    )  # the preview wrote nothing
    confirm(client)
    assert len(amounts("SETTAMA", 2023)) == 3
    assert AuditEvent.objects.filter(action="import.omspan", user=admin_user).count() == 1
