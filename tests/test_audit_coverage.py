"""Every change that moves scores or access is in the audit trail with who, when, old and new: Lapkin texts,
indicators (weight, polarity, scale), goals, perspectives, criteria bands, efficiency tiers, scoring
policies, units and memberships."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.urls import reverse

from audit.labels import field_of, value_text
from audit.trail import Filters, audit_entries
from indicators.imports.service import run_import
from indicators.models import Goal, Indicator, Perspective
from reports.models import ReportText
from sakip.models import CriterionBand, EfficiencyTier, Membership, OrgUnit, ScoringPolicy
from tests.imports.conftest import column, find_row, make_file, rows_for

pytestmark = pytest.mark.django_db


def settama_policy() -> ScoringPolicy:
    return ScoringPolicy.objects.get(unit__code="SETTAMA", year=2023)


# object type key -> (the row to change, field, new value, label shown)
CASES: dict[str, tuple[Callable[[], Model], str, Any, str]] = {
    "indicator": (lambda: Indicator.objects.get(goal__unit__code="SETTAMA", goal__year=2023, number=4),
                  "weight", Decimal("2.5000"), "Indikator (bobot, polaritas, skala)"),
    "goal": (lambda: Goal.objects.get(unit__code="SETTAMA", year=2023, number=1), "name", "Sasaran diubah", "Sasaran"),
    "perspective": (lambda: Perspective.objects.order_by("order").first(), "name", "Perspektif diubah", "Perspektif"),
    "scoring_policy": (settama_policy, "rollup", "mean_of_goals", "Kebijakan penilaian"),
    "criterion_band": (lambda: settama_policy().criteria.get(order=1), "lower", Decimal("95.00"), "Kriteria capaian"),
    "efficiency_tier": (lambda: settama_policy().tiers.first(), "capaian", Decimal("99.00"), "Tingkat efisiensi"),
    "org_unit": (lambda: OrgUnit.objects.get(code="PUSDATIN"), "name", "Pusat Data diubah", "Unit kerja"),
    "membership": (lambda: Membership.objects.get(user__username="alice"), "role", "head", "Peran pengguna"),
    "report_text": (lambda: ReportText.objects.create(unit=OrgUnit.objects.get(code="SETTAMA"), year=2023, quarter=1),
                    "recommendations", "Tingkatkan koordinasi.", "Teks Lapkin"),
}  # fmt: skip


@pytest.mark.parametrize("kind", CASES, ids=list(CASES))
def test_it_records_who_changed_what_from_what_to_what(client, kind, admin_user, auditor, planner):
    fetch, field, new, label = CASES[kind]
    row = fetch()
    old = getattr(row, field)
    setattr(row, field, new)
    row._history_user = admin_user  # type: ignore[attr-defined]  # what HistoryRequestMiddleware sets
    row.save()

    def shown(value: Any) -> str:  # as the trail prints it: choices by label, numbers without trailing zeros
        return value_text(field_of(type(row), field), value)

    entries = [e for e in audit_entries(Filters(object_type=kind)) if e.user == admin_user.username]
    assert entries, f"no history of {kind}"
    [change] = [c for c in entries[0].changes if c.name == field]
    assert (change.old, change.new) == (shown(old), shown(new))
    assert entries[0].object_type == label and entries[0].action == "diubah"

    client.force_login(auditor)
    page = client.get(reverse("audit:trail"), {"object_type": kind}).content.decode()
    assert label in page and admin_user.username in page and shown(new) in page


def test_it_records_the_lapkin_texts_a_head_writes_on_the_page(client, head):
    client.force_login(head)
    url = reverse("reports:report-texts", args=["SETTAMA", 2023, 2])
    client.post(url, {"foreword": "Puji syukur.", "introduction": "", "recommendations": ""})
    client.post(url, {"foreword": "Puji syukur kepada Tuhan.", "introduction": "", "recommendations": ""})
    latest, *_, first = audit_entries(Filters(object_type="report_text", year=2023))
    assert (latest.user, latest.unit, latest.period) == ("bob", "SETTAMA", "2023")
    assert latest.object_label == "Lapkin 2023 TW2"
    changes = [(c.name, c.field, c.old, c.new) for c in latest.changes]
    assert changes == [("foreword", "Kata Pengantar", "Puji syukur.", "Puji syukur kepada Tuhan.")]
    assert first.action == "dibuat"


def test_it_records_goal_and_indicator_changes_made_by_an_import(admin_user):
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    find_row("pk_rapk", rows, 4)[column("pk_rapk", "polarity")] = "Makin rendah makin baik"
    content, name = make_file("pk_rapk", rows)
    assert run_import("pk_rapk", content, name, admin_user, commit=True).applied
    record = Indicator.history.filter(goal__unit__code="SETTAMA", number=4).latest("history_date")
    assert (record.history_type, record.history_user, record.polarity) == ("~", admin_user, "lower")
    assert record.history_change_reason == f"Impor PK + RAPK: {name}"


def test_it_records_the_default_bands_of_a_new_policy_with_who_created_it(client, admin_user):
    admin_user.is_superuser = admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    data = {
        "unit": OrgUnit.objects.get(code="SETTAMA").pk, "year": 2024, "rollup": "mean_of_goals",
        "efficiency_level": "goal", "output_basis": "period", "criteria_source": "Keputusan 128/2022",
        "efficiency_total": "unit_score",
        "criteria-TOTAL_FORMS": 0, "criteria-INITIAL_FORMS": 0, "tiers-TOTAL_FORMS": 0, "tiers-INITIAL_FORMS": 0,
    }  # fmt: skip
    assert client.post(reverse("admin:sakip_scoringpolicy_add"), data).status_code == 302
    policy = ScoringPolicy.objects.get(unit__code="SETTAMA", year=2024)
    assert set(CriterionBand.history.filter(policy=policy).values_list("history_user", flat=True)) == {admin_user.pk}
    assert EfficiencyTier.history.filter(policy=policy).count() == 10
    entries = audit_entries(Filters(object_type="criterion_band", year=2024))
    assert len(entries) == 4 and {e.user for e in entries} == {admin_user.username}


def test_it_leaves_changes_without_a_year_out_of_a_year_filter_but_keeps_them_by_unit(admin_user):
    unit = OrgUnit.objects.get(code="PUSDATIN")
    unit.city = "Bogor"
    unit.save()
    assert not audit_entries(Filters(object_type="org_unit", year=2022))
    [entry] = [e for e in audit_entries(Filters(object_type="org_unit", units=[unit])) if e.action == "diubah"]
    assert (entry.unit, entry.object_label) == ("PUSDATIN", "PUSDATIN")
