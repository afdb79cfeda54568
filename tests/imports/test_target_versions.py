"""Target versions (SAKIP_DOMAIN.md §13): a revision takes effect from a month, each quarter keeps the targets it
was reported with (scorecard, xlsx export, Lapkin), lowering an annual target needs the admin override with a
reason, monthly targets that break the indicator's pattern get a warning, and the revision's items are data."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from indicators.imports.exports import scorecard_workbook
from indicators.imports.service import run_import
from indicators.models import (
    AgreementTarget,
    Indicator,
    MonthlyTarget,
    PerformanceAgreement,
    QuarterTargets,
    Realisation,
    RevisionItem,
)
from indicators.versions import store_quarters
from reports.lapkin import build_context
from reports.scorecard import build_scorecard
from reports.scorecard_export import scorecard_as_dict
from reports.services import build_snapshot
from sakip.models import AuditEvent, OrgUnit
from tests.imports.conftest import column, find_row, make_file, rows_for, snapshot

pytestmark = pytest.mark.django_db
PK = "pk_rapk"
CENT = Decimal("0.01")


def settama_with(edit):  # type: ignore[no-untyped-def]
    rows = rows_for(PK, "SETTAMA", 2023)
    edit(rows)
    return make_file(PK, rows)


def _raise_indicator_15_from_b07(rows):  # type: ignore[no-untyped-def]
    """Settama indicator 15 (regulations, TW II 59,43 / 60): targets from B07 on and the annual target raised."""
    row = find_row(PK, rows, 15)
    row[column(PK, "annual_target")] = Decimal("100")
    for month in range(7, 13):
        row[column(PK, f"b{month:02d}")] = Decimal(90 + month - 7 if month < 12 else 100)


def _indicator(card, number):  # type: ignore[no-untyped-def]
    return next(row for row in card.indicators if row.indicator.number == number)


def test_it_keeps_tw2_on_semula_after_a_b07_revision(demo, admin_user):
    settama = OrgUnit.objects.get(code="SETTAMA")
    before = _indicator(build_scorecard(settama, 2023, 2), 15)
    assert before.current.capaian.value.quantize(CENT) == Decimal("99.05")  # §5: 59,43 / 60
    annual_before = before.capaian_annual.value

    content, name = settama_with(_raise_indicator_15_from_b07)
    plan = run_import(PK, content, name, admin_user, commit=True, reason="Revisi PK", letter_number="B-7")
    assert plan.applied, plan.problems
    assert plan.units[0].headline.endswith("berlaku mulai B07")
    semula, menjadi = PerformanceAgreement.objects.filter(unit=settama, year=2023).order_by("version")
    assert (menjadi.version, menjadi.effective_month, menjadi.in_force) == (2, 7, True)
    # TW I and II were reported (realisations up to B06): stored with the version they used.
    assert sorted(QuarterTargets.objects.filter(unit=settama).values_list("quarter", "agreement_id")) == [
        (1, semula.id),
        (2, semula.id),
    ]

    after = _indicator(build_scorecard(settama, 2023, 2), 15)
    assert after.current.capaian.value.quantize(CENT) == Decimal("99.05")
    assert after.annual_target == before.annual_target  # not the revised 100
    assert after.capaian_annual.value == annual_before
    assert after.target_version == 1

    tw3 = build_scorecard(settama, 2023, 3)
    row = _indicator(tw3, 15)
    assert [p.version for p in row.periods] == [1, 1, 2]
    assert row.annual_target == Decimal("100")
    assert row.periods[1].capaian.value.quantize(CENT) == Decimal("99.05")  # TW II inside the TW III card too


def test_it_scores_each_quarter_with_its_version_in_the_json_export_and_lapkin(demo, admin_user):
    """§13 worked number: a TW II capaian of 132,59% against 74 stays 132,59% in the TW III Lapkin after a
    revision from B07, even when the revision's own B06 differs."""
    settama = OrgUnit.objects.get(code="SETTAMA")
    indicator = Indicator.objects.get(goal__unit=settama, goal__year=2023, number=15)
    semula = PerformanceAgreement.objects.get(unit=settama, year=2023)
    MonthlyTarget.objects.filter(agreement=semula, indicator=indicator, month=6).update(value=Decimal(74))
    Realisation.objects.filter(indicator=indicator, month=6).update(value=Decimal("98.12"))
    store_quarters(settama, 2023, [1, 2])
    semula.in_force = False
    semula.save()
    menjadi = PerformanceAgreement.objects.create(
        unit=settama, year=2023, version=2, in_force=True, effective_month=7, reason="Revisi B07", letter_number="L-2"
    )
    for target in semula.targets.all():
        annual = Decimal(120) if target.indicator_id == indicator.id else target.annual_target
        AgreementTarget.objects.create(agreement=menjadi, indicator=target.indicator, annual_target=annual)
    for monthly in semula.monthly_targets.all():
        value = monthly.value
        if monthly.indicator_id == indicator.id and monthly.month >= 6:
            value = Decimal(100)  # B06 differs too: must not matter for TW II
        MonthlyTarget.objects.create(agreement=menjadi, indicator=monthly.indicator, month=monthly.month, value=value)
    MonthlyTarget.objects.update_or_create(
        agreement=menjadi, indicator=indicator, month=9, defaults={"value": Decimal(100)}
    )
    Realisation.objects.update_or_create(
        indicator=indicator, month=9, defaults={"state": Realisation.State.NUMBER, "value": Decimal("90")}
    )

    card = build_scorecard(settama, 2023, 3)
    row = _indicator(card, 15)
    assert row.periods[1].target == Decimal(74)
    assert row.periods[1].capaian.value.quantize(CENT) == Decimal("132.59")
    assert row.periods[2].target == Decimal(100)

    data = scorecard_as_dict(build_scorecard(settama, 2023, 2))
    item = next(i for i in data["indicators"] if i["number"] == 15)
    assert (item["capaian"], item["target"], item["target_version"]) == ("132.59", "74.00", 1)
    assert next(i for i in scorecard_as_dict(card)["indicators"] if i["number"] == 15)["target_version"] == 2

    sheet = load_workbook(BytesIO(_xlsx(card))).active
    values = [cell for line in sheet.iter_rows(values_only=True) for cell in line if cell is not None]
    [row_15] = [line for line in sheet.iter_rows(values_only=True) if line[1] == 15]
    assert row_15[4:7] == (30, 74, 100)  # target B03, B06 (semula), B09 (revisi)
    assert any(abs(Decimal(str(v)) - Decimal("132.59")) < CENT for v in row_15 if isinstance(v, float | int))
    assert any(str(v).startswith("Sumber target: B03, B06: PK SETTAMA 2023 (semula)") for v in values)

    context = build_context(build_snapshot(settama, 2023, 3))
    lapkin_row = next(i for i in context["indicators"] if i["number"] == 15)
    assert [p["target"] for p in lapkin_row["periods"]][1] == "74,00"
    assert lapkin_row["periods"][1]["capaian"] == "132.59"
    [revision] = context["revisions"]
    changed = next(r for r in revision["rows"] if r["number"] == 15)
    assert (changed["semula"], changed["menjadi"], revision["effective"]) == ("100,00", "120,00", "B07")
    assert [s["months"] for s in context["target_sources"]] == ["B03, B06", "B09"]
    # the TW II Lapkin printed later still has no revision in it (it takes effect after B06)
    assert build_context(build_snapshot(settama, 2023, 2))["revisions"] == []


def _xlsx(card):  # type: ignore[no-untyped-def]
    buffer = BytesIO()
    scorecard_workbook(card).save(buffer)
    return buffer.getvalue()


def _lower_indicator_15(rows):  # type: ignore[no-untyped-def]
    row = find_row(PK, rows, 15)
    row[column(PK, "annual_target")] = Decimal("90")
    row[column(PK, "b12")] = Decimal("90")


def test_it_refuses_to_lower_an_annual_target_without_the_override(demo, admin_user):
    content, name = settama_with(_lower_indicator_15)
    before = snapshot()
    plan = run_import(PK, content, name, admin_user, commit=True, reason="turunkan")
    assert not plan.applied
    [problem] = plan.problems
    assert (problem.sheet, problem.column) == ("PK RAPK", "Target tahunan")
    assert problem.message.startswith("IKU 15: target tahunan diturunkan 100,00 → 90,00: target tahunan tidak boleh")
    assert snapshot() == before


def test_it_records_a_lowering_the_admin_overrides_with_a_reason(demo, admin_user):
    content, name = settama_with(_lower_indicator_15)
    preview = run_import(PK, content, name, admin_user, override=True)
    assert preview.problems == []
    assert preview.overrides == ["SETTAMA 2023: IKU 15: target tahunan diturunkan 100,00 → 90,00"]
    plan = run_import(
        PK, content, name, admin_user, override=True, commit=True, reason="Disetujui Kepala Biro", letter_number="S-9"
    )
    assert plan.applied
    agreement = PerformanceAgreement.objects.get(unit__code="SETTAMA", year=2023, in_force=True)
    assert (agreement.version, agreement.override_reason, agreement.effective_month) == (
        2,
        "Disetujui Kepala Biro",
        12,
    )
    item = RevisionItem.objects.get(agreement=agreement)
    assert (item.indicator.number, item.old_annual, item.proposed_annual, item.decision) == (
        15,
        Decimal(100),
        Decimal(90),
        RevisionItem.Decision.APPROVED,
    )
    assert (item.old_months["B12"], item.proposed_months["B12"]) == ("100", "90")
    event = AuditEvent.objects.get(action="import.pk_rapk")
    assert event.detail["overrides"] == ["SETTAMA 2023: IKU 15: target tahunan diturunkan 100,00 → 90,00"]


def test_it_warns_when_monthly_targets_break_the_pattern(demo, admin_user):
    def dip(rows):  # type: ignore[no-untyped-def]
        _raise_indicator_15_from_b07(rows)
        find_row(PK, rows, 15)[column(PK, "b10")] = Decimal("50")  # cumulative targets going down

    Indicator.objects.filter(goal__unit__code="SETTAMA", number=15).update(target_behaviour="cumulative")
    content, name = settama_with(dip)
    plan = run_import(PK, content, name, admin_user)
    assert plan.problems == []
    assert plan.warnings == [
        "SETTAMA 2023 IKU 15 (baris 19): target bulanan tidak mengikuti pola «kumulatif naik» pada B10"
    ]


def test_it_reads_the_pk_details_from_the_template_columns(demo, admin_user):
    def details(rows):  # type: ignore[no-untyped-def]
        for row in rows:  # blank cells would do as well; the template repeats the PK's details on every row
            row[column(PK, "pk_signed_on")] = "05-01-2023"
            row[column(PK, "first_party")] = "Dr. A"
            row[column(PK, "second_party")] = "Dr. B"
            row[column(PK, "pk_budget")] = "364.734.836.000" if row is rows[0] else None

    content, name = settama_with(details)
    plan = run_import(PK, content, name, admin_user, commit=True)
    assert plan.applied, plan.problems
    agreement = PerformanceAgreement.objects.get(unit__code="SETTAMA", year=2023, in_force=True)
    assert agreement.version == 1  # details only: no new version
    assert (str(agreement.signed_on), agreement.first_party, agreement.second_party, agreement.budget_total) == (
        "2023-01-05",
        "Dr. A",
        "Dr. B",
        Decimal("364734836000"),
    )

    def conflict(rows):  # type: ignore[no-untyped-def]
        rows[0][column(PK, "first_party")] = "Dr. A"
        rows[1][column(PK, "first_party")] = "Dr. C"

    content, name = settama_with(conflict)
    [problem] = run_import(PK, content, name, admin_user).problems
    assert problem.column == "Pihak pertama" and "bernilai lain di baris" in problem.message


def test_it_keeps_a_stored_quarter_when_a_later_version_claims_it(demo):
    """A version stored for a reported quarter wins over any later version, whatever its effective month."""
    settama = OrgUnit.objects.get(code="SETTAMA")
    semula = PerformanceAgreement.objects.get(unit=settama, year=2023)
    store_quarters(settama, 2023, [2])
    semula.in_force = False
    semula.save()
    PerformanceAgreement.objects.create(unit=settama, year=2023, version=2, in_force=True, effective_month=1)
    card = build_scorecard(settama, 2023, 2)
    assert card.agreement == semula
    assert build_scorecard(settama, 2023, 1).agreement.version == 2  # TW I was not stored


def test_it_stores_the_version_of_a_quarter_when_its_last_month_is_locked(demo, admin_user):
    from indicators.models import MonthStatus
    from indicators.workflow import deadline_for, lock_month

    settama = OrgUnit.objects.get(code="SETTAMA")
    MonthStatus.objects.update_or_create(
        unit=settama,
        year=2023,
        month=9,
        defaults={"state": MonthStatus.State.APPROVED, "deadline": deadline_for(2023, 9)},
    )
    lock_month(admin_user, settama, 2023, 9)
    stored = QuarterTargets.objects.get(unit=settama, year=2023, quarter=3)
    assert stored.agreement == PerformanceAgreement.objects.get(unit=settama, year=2023, in_force=True)
