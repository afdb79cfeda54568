"""PK + RAPK import: versions, reasons, reported months, re-import, audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget.models import BudgetLine
from indicators.imports.service import run_import
from indicators.models import Goal, Indicator, MonthlyTarget, PerformanceAgreement
from reports.scorecard import build_scorecard
from sakip.models import AuditEvent, OrgUnit
from tests.imports.conftest import column, find_row, make_file, rows_for, snapshot

pytestmark = pytest.mark.django_db
PK = "pk_rapk"


def settama_with(edit, file_format="xlsx"):  # type: ignore[no-untyped-def]
    rows = rows_for(PK, "SETTAMA", 2023)
    edit(rows)
    return make_file(PK, rows, file_format)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_it_changes_nothing_when_the_stored_data_is_imported_again(demo, admin_user, file_format):
    before = snapshot()
    for kind in ("pk_rapk", "budget", "realisations"):
        for code, year in (("SETTAMA", 2023), ("PUSDATIN", 2022)):
            content, name = make_file(kind, rows_for(kind, code, year), file_format)
            plan = run_import(kind, content, name, admin_user, commit=True)
            assert plan.problems == [], (kind, code)
            assert not plan.has_changes, (kind, code)
            assert not plan.applied
    assert snapshot() == before


def test_it_creates_goals_indicators_and_version_1_for_a_unit_without_pk(demo, admin_user):
    OrgUnit.objects.create(code="BBPOM-JKT", name="BBPOM di Jakarta", kind=OrgUnit.Kind.UPT)
    months = ["-", "-", "30", "-", "-", "60", "-", "-", "80", "-", "-", "100"]
    rows = [
        ["BBPOM-JKT", 2024, "Stakeholder Perspective", 1, "Terwujudnya pengawasan", 1, "PNG", "Persentase sampel",
         "%", "Makin tinggi makin baik", "Bulanan", "", "100", *months, "1.500.000.000"],
        ["BBPOM-JKT", 2024, "stakeholder", 1, "", 2, "", "Opini BPK", "opini", "", "Akhir tahun", "WTP=4; WDP=3",
         "WTP", *(["-"] * 11), "WTP", None],
        ["bbpom-jkt", 2024, "Learning and Growth Perspective", 2, "SDM", 3, "", "Indeks SDM", "indeks",
         "Makin rendah makin baik", "Triwulanan", "", "2,5", "-", "-", "2,5", "-", "-", "2,5", "-", "-", "2,5", "-",
         "-", "2,5", "-"],
    ]  # fmt: skip
    content, name = make_file(PK, rows, "csv")
    plan = run_import(PK, content, name, admin_user)
    assert plan.problems == []
    unit_plan = plan.units[0]
    assert unit_plan.counts["goals_created"] == 2
    assert unit_plan.counts["indicators_created"] == 3
    assert "PK baru (versi 1)" in unit_plan.headline
    assert not plan.needs_reason
    assert Goal.objects.filter(unit__code="BBPOM-JKT").count() == 0  # a dry run writes nothing

    plan = run_import(PK, content, name, admin_user, commit=True)
    assert plan.applied
    agreement = PerformanceAgreement.objects.get(unit__code="BBPOM-JKT", year=2024)
    assert (agreement.version, agreement.in_force, agreement.author) == (1, True, admin_user)
    opinion = Indicator.objects.get(goal__unit__code="BBPOM-JKT", number=2)
    assert opinion.qualitative_map == {"WTP": 4, "WDP": 3}
    assert opinion.value_kind == Indicator.ValueKind.QUALITATIVE
    assert agreement.targets.get(indicator=opinion).annual_target == Decimal(4)
    third = Indicator.objects.get(goal__unit__code="BBPOM-JKT", number=3)
    assert (third.polarity, third.schedule) == ("lower", Indicator.Schedule.QUARTERLY)
    assert MonthlyTarget.objects.filter(agreement=agreement).count() == 4 + 1 + 4
    line = BudgetLine.objects.get(indicator__number=1, unit__code="BBPOM-JKT")
    assert (line.pagu, line.goal.number) == (Decimal("1500000000"), 1)
    history = MonthlyTarget.history.filter(agreement_id=agreement.id).first()
    assert history.history_user == admin_user
    assert history.history_change_reason == "Impor PK + RAPK: pk_rapk.csv"
    event = AuditEvent.objects.get(action="import.pk_rapk")
    assert event.unit.code == "BBPOM-JKT"
    assert event.detail["indicators_created"] == 3
    assert event.detail["version"] == 1


def _change_b12_of_indicator_4(rows):  # type: ignore[no-untyped-def]
    row = find_row(PK, rows, 4)
    row[column(PK, "annual_target")] = Decimal("95")
    row[column(PK, "b12")] = Decimal("95")


def test_it_creates_a_new_version_for_changed_targets_and_keeps_the_old_one(demo, admin_user):
    content, name = settama_with(_change_b12_of_indicator_4)
    preview = run_import(PK, content, name, admin_user)
    assert preview.needs_reason
    assert "Revisi PK: versi 2 menggantikan versi 1 (1 indikator berubah)" in preview.units[0].headline
    assert [line.text for line in preview.units[0].lines] == ["IKU 4: target tahunan 94,50 → 95,00; B12 94,50 → 95,00"]

    plan = run_import(
        PK, content, name, admin_user, commit=True, reason="Revisi PK: surat B-123", letter_number="B-123"
    )
    assert plan.applied
    versions = PerformanceAgreement.objects.filter(unit__code="SETTAMA", year=2023).order_by("version")
    assert [(a.version, a.in_force) for a in versions] == [(1, False), (2, True)]
    old, new = versions
    assert (new.author, new.reason, new.letter_number) == (admin_user, "Revisi PK: surat B-123", "B-123")
    assert old.targets.count() == new.targets.count() == 27
    assert MonthlyTarget.objects.get(agreement=old, indicator__number=4, month=12).value == Decimal("94.5")
    assert MonthlyTarget.objects.get(agreement=new, indicator__number=4, month=12).value == Decimal("95")
    assert old.history.first().history_user == admin_user  # taken out of force, recorded
    event = AuditEvent.objects.get(action="import.pk_rapk")
    assert (event.detail["version"], event.detail["reason"], event.detail["targets_changed"]) == (
        2,
        "Revisi PK: surat B-123",
        1,
    )
    assert build_scorecard(OrgUnit.objects.get(code="SETTAMA"), 2023, 2).unit_score.value.quantize(
        Decimal("0.01")
    ) == Decimal("105.84")


def test_it_requires_a_reason_for_a_new_version(demo, admin_user):
    content, name = settama_with(_change_b12_of_indicator_4)
    before = snapshot()
    plan = run_import(PK, content, name, admin_user, commit=True, reason="  ")
    assert not plan.applied
    assert [p.message for p in plan.problems] == ["Alasan revisi wajib diisi: impor ini membuat versi PK baru."]
    assert snapshot() == before


def _change_b03_of_indicator_4(rows):  # type: ignore[no-untyped-def]
    find_row(PK, rows, 4)[column(PK, "b03")] = Decimal("70")


def test_it_refuses_to_change_months_of_reported_quarters_without_the_override(demo, admin_user):
    content, name = settama_with(_change_b03_of_indicator_4)
    before = snapshot()
    plan = run_import(PK, content, name, admin_user, commit=True, reason="koreksi")
    assert not plan.applied
    [problem] = plan.problems
    assert (problem.sheet, problem.row, problem.column) == ("PK RAPK", 8, "B03")  # indicator 4 is the 4th row
    assert problem.message.startswith("IKU 4 B03 66,20 → 70,00: bulan ini termasuk triwulan yang sudah dilaporkan")
    assert snapshot() == before


def test_it_changes_months_of_reported_quarters_with_the_admin_override(demo, admin_user):
    content, name = settama_with(_change_b03_of_indicator_4)
    plan = run_import(PK, content, name, admin_user, override=True, commit=True, reason="koreksi RAPK")
    assert plan.applied
    assert plan.overrides == ["SETTAMA 2023: IKU 4 B03 66,20 → 70,00"]
    agreement = PerformanceAgreement.objects.get(unit__code="SETTAMA", year=2023, in_force=True)
    assert agreement.version == 2
    assert MonthlyTarget.objects.get(agreement=agreement, indicator__number=4, month=3).value == Decimal("70")
    event = AuditEvent.objects.get(action="import.pk_rapk")
    assert event.detail["overrides"] == ["SETTAMA 2023: IKU 4 B03 66,20 → 70,00"]


def test_it_takes_an_indicator_left_out_of_the_file_out_of_the_new_version(demo, admin_user):
    rows = [row for row in rows_for(PK, "PUSDATIN", 2022) if row[column(PK, "indicator_number")] != 7]
    content, name = make_file(PK, rows)
    refused = run_import(PK, content, name, admin_user, commit=True, reason="IKU 7 dihapus")
    assert [p.message[:61] for p in refused.problems] == [
        "PUSDATIN 2022: IKU 7 B12 dihapus: bulan ini termasuk triwulan"
    ]  # PUSDATIN reported up to B12
    plan = run_import(PK, content, name, admin_user, override=True, commit=True, reason="IKU 7 dihapus")
    assert plan.applied
    assert any(line.text == "IKU 7 dikeluarkan dari PK" for line in plan.units[0].lines)
    agreement = PerformanceAgreement.objects.get(unit__code="PUSDATIN", year=2022, in_force=True)
    assert (agreement.version, agreement.targets.count()) == (3, 16)


def test_it_updates_names_and_budget_in_place_without_a_new_version(demo, admin_user):
    def rename(rows):  # type: ignore[no-untyped-def]
        row = find_row(PK, rows, 9)
        row[column(PK, "indicator_name")] = "Persentase dokumen perencanaan (baru)"
        row[column(PK, "budget")] = Decimal("10251808951")

    content, name = settama_with(rename)
    plan = run_import(PK, content, name, admin_user, commit=True)
    assert plan.applied
    assert not plan.needs_reason
    assert PerformanceAgreement.objects.filter(unit__code="SETTAMA").count() == 1
    assert Indicator.objects.get(goal__unit__code="SETTAMA", number=9).name.endswith("(baru)")
    line = BudgetLine.objects.get(indicator__goal__unit__code="SETTAMA", indicator__number=9)
    assert line.pagu == Decimal("10251808951")
    assert line.history.first().history_change_reason.startswith("Impor PK + RAPK")


def test_it_never_turns_stored_text_into_a_spreadsheet_formula(demo, admin_user):
    from openpyxl import load_workbook

    from indicators.imports.templates import template_file

    Indicator.objects.filter(goal__unit__code="PUSDATIN", number=1).update(name='=HYPERLINK("http://x")', code="+SPBE")
    unit = OrgUnit.objects.get(code="PUSDATIN")
    xlsx = template_file(PK, [unit], 2022, "xlsx").content
    cell = load_workbook(__import__("io").BytesIO(xlsx))["PK RAPK"]["H5"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")
    csv = template_file(PK, [unit], 2022, "csv").content.decode("utf-8-sig")
    assert ';\'+SPBE;"\'=HYPERLINK(""http://x"")";' in csv
    before = snapshot()
    for content, name in ((xlsx, "pk.xlsx"), (csv.encode(), "pk.csv")):
        plan = run_import(PK, content, name, admin_user, commit=True)
        assert plan.problems == [] and not plan.has_changes
    assert snapshot() == before


def test_it_writes_the_same_history_rows_as_django_simple_history(demo, admin_user):
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from indicators.imports.plan import create_with_history, update_with_history

    agreement = PerformanceAgreement.objects.get(unit__code="SETTAMA", year=2023)
    indicator = Indicator.objects.get(goal__unit__code="SETTAMA", number=9)
    MonthlyTarget.objects.filter(agreement=agreement, indicator=indicator).delete()
    ours = [MonthlyTarget(agreement=agreement, indicator=indicator, month=m, value=Decimal("1.5") * m) for m in (1, 2)]
    theirs = [
        MonthlyTarget(agreement=agreement, indicator=indicator, month=m, value=Decimal("1.5") * m) for m in (3, 4)
    ]
    create_with_history(ours, MonthlyTarget, admin_user, "alasan")
    bulk_create_with_history(theirs, MonthlyTarget, default_user=admin_user, default_change_reason="alasan")
    for target in ours + theirs:
        target.value += 1
    update_with_history(ours, MonthlyTarget, ["value"], admin_user, "ubah")
    bulk_update_with_history(theirs, MonthlyTarget, ["value"], default_user=admin_user, default_change_reason="ubah")
    skip = {"history_id", "history_date", "id", "month", "value"}

    def rows(targets):  # type: ignore[no-untyped-def]
        records = MonthlyTarget.history.filter(id__in=[t.id for t in targets]).order_by("history_id").values()
        return [
            ({k: v for k, v in r.items() if k not in skip}, r["value"] - r["month"] * Decimal("1.5")) for r in records
        ]

    assert rows(ours) == rows(theirs)
    assert len(rows(ours)) == 4
    latest = MonthlyTarget.history.filter(id=ours[0].id).first()
    assert (latest.history_type, latest.value, latest.history_user) == ("~", Decimal("2.5"), admin_user)
    assert latest.instance.value == Decimal("2.5")
    assert latest.prev_record.history_type == "+"


def test_it_plans_with_a_number_of_queries_that_does_not_grow_with_the_rows(demo, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = make_file(PK, rows_for(PK, "PUSDATIN", 2022))
    two = make_file(PK, rows_for(PK, "PUSDATIN", 2022) + rows_for(PK, "SETTAMA", 2023))
    counts = []
    for content, name in (one, two):
        with CaptureQueriesContext(connection) as queries:
            plan = run_import(PK, content, name, admin_user)
        assert plan.problems == []
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 15
