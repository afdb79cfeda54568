"""A unit's quarter for the national systems (KRISNA, e-Monev, SMART DJA, OMSPAN/SAKTI): each layout round-trips
(export -> read back -> the numbers the scorecard and the budget hold), the page and the command write it, only
for units the user may see, and the README documents every column."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from budget.models import BudgetLine, BudgetRealisation, SpendingType
from exchange.exports import export_file, read_export
from exchange.layouts import LAYOUTS, SYSTEMS
from indicators.imports.service import run_import
from indicators.models import AgreementTarget, MonthlyTarget, Realisation
from reports.scorecard import build_scorecard
from reports.scorecard_export import scorecard_as_dict
from sakip.models import AuditEvent, OrgUnit

pytestmark = pytest.mark.django_db
FORMATS = ("xlsx", "csv")


def number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


@pytest.fixture
def spending(demo):  # type: ignore[no-untyped-def]
    """SETTAMA 2023 budget per spending type, realised B01..B07 (B07 is past quarter II)."""
    unit = OrgUnit.objects.get(code="SETTAMA")
    unit.satker_code = "019001"
    unit.save(update_fields=["satker_code"])
    for position, kind in enumerate((SpendingType.PEGAWAI, SpendingType.BARANG, SpendingType.MODAL), start=1):
        line = BudgetLine.objects.create(
            unit=unit, year=2023, spending_type=kind, pagu=Decimal(f"{position}1234567890.12"), blokir=position
        )
        for month in range(1, 8):
            BudgetRealisation.objects.create(line=line, month=month, amount=Decimal(f"{position * month}000000.5"))
    return unit


@pytest.mark.parametrize("file_format", FORMATS)
def test_it_round_trips_the_krisna_targets(spending, file_format):
    file = export_file("krisna", spending, 2023, 2, file_format)
    rows = read_export("krisna", file.content, file.file_name)
    targets = AgreementTarget.objects.filter(agreement__unit=spending, agreement__year=2023, agreement__in_force=True)
    assert len(rows) == targets.count() == 27
    monthly = {
        (m.indicator.number, m.month): m.value
        for m in MonthlyTarget.objects.filter(agreement__unit=spending, agreement__in_force=True).select_related(
            "indicator"
        )
    }
    pagu = dict(BudgetLine.objects.filter(unit=spending, year=2023).values_list("indicator__number", "pagu"))
    annual = {t.indicator.number: t.annual_target for t in targets.select_related("indicator")}
    for row in rows:
        n = row["indicator_number"]
        assert (row["year"], row["satker"]) == (2023, "019001")
        assert row["annual_target"] == annual[n]
        assert [row[f"target_q{q}"] for q in (1, 2, 3, 4)] == [monthly.get((n, 3 * q)) for q in (1, 2, 3, 4)]
        assert row["budget"] == pagu.get(n)
    assert any(row["target_q2"] is not None for row in rows) and any(row["budget"] for row in rows)


@pytest.mark.parametrize("file_format", FORMATS)
def test_it_round_trips_the_emonev_quarter(spending, file_format):
    card = scorecard_as_dict(build_scorecard(spending, 2023, 2))
    file = export_file("emonev", spending, 2023, 2, file_format)
    rows = read_export("emonev", file.content, file.file_name)
    assert len(rows) == len(card["indicators"]) == 27
    narrative = {r.indicator.number: r for r in Realisation.objects.filter(indicator__goal__unit=spending, month=6)}
    for row, expected in zip(rows, card["indicators"], strict=True):
        assert (row["quarter"], row["goal_number"], row["indicator_number"]) == (
            2,
            expected["goal"],
            expected["number"],
        )
        for key in ("target", "annual_target", "realisation"):
            assert rounded(row[key]) == number(expected[key]), (expected["number"], key)
        assert (row["capaian"], row["capaian_annual"]) == (
            number(expected["capaian"]),
            number(expected["capaian_annual"]),
        )
        assert row["criterion"] == expected["criterion"]
        entry = narrative.get(expected["number"])
        assert row["kendala"] == ((entry.kendala or None) if entry else None)
    assert sum(1 for row in rows if row["capaian"] is not None) == 11  # Lapkin TW II 2023: 11 of 27 measured
    assert any(row["kendala"] for row in rows)


@pytest.mark.parametrize("file_format", FORMATS)
def test_it_round_trips_the_smart_budget_performance(spending, file_format):
    card = scorecard_as_dict(build_scorecard(spending, 2023, 2))
    file = export_file("smart", spending, 2023, 2, file_format)
    rows = {row["row"]: row for row in read_export("smart", file.content, file.file_name)}
    budget = [*card["budget"]["rows"], card["budget"]["total"]]
    assert list(rows) == [item["label"] for item in budget]
    for item in budget:
        row = rows[item["label"]]
        for key in ("pagu", "blokir", "allocation", "realised", "absorption", "absorption_of_pagu"):
            assert rounded(row[key]) == number(item[key]), (item["label"], key)
    for item in [*card["efficiency"]["rows"], card["efficiency"]["total"]]:
        row = rows[item["label"]]
        got = [row[key] for key in ("output", "ie", "te", "capaian_te")]
        assert got == [number(item[key]) for key in ("output", "ie", "te", "capaian_te")]
        assert row["category"] == item["category"]
    total = rows["Total"]  # Lapkin TW II 2023, Tabel 20/21: 57,48% absorbed; IE 2,29, TE 1,29, 84, Tidak Efisien
    assert (total["absorption"], total["ie"], total["te"], total["capaian_te"]) == (
        Decimal("57.48"),
        Decimal("2.29"),
        Decimal("1.29"),
        Decimal("84"),
    )


@pytest.mark.parametrize("file_format", FORMATS)
def test_it_round_trips_the_omspan_realisation_and_imports_it_back_unchanged(spending, admin_user, file_format):
    file = export_file("omspan", spending, 2023, 2, file_format)
    rows = read_export("omspan", file.content, file.file_name)
    stored = {
        (r.line.spending_type, r.month): (r.line.pagu, r.line.blokir, r.amount)
        for r in BudgetRealisation.objects.filter(line__unit=spending, month__lte=6).exclude(line__spending_type="")
    }
    words = {"51 Belanja Pegawai": "pegawai", "52 Belanja Barang": "barang", "53 Belanja Modal": "modal"}
    assert {
        (words[row["spending_type"]], row["month"]): (row["pagu"], row["blokir"], row["realised"]) for row in rows
    } == stored
    assert len(rows) == 18 and {row["unit"] for row in rows} == {"019001"}  # B07 is not in quarter II
    plan = run_import("omspan", file.content, file.file_name, admin_user, commit=True)
    assert plan.problems == [] and not plan.has_changes


def test_it_writes_every_system_from_the_command(spending, tmp_path):
    for system in SYSTEMS:
        call_command("export_national", system=system, unit="SETTAMA", year=2023, quarter=2, format="csv",
                     output=str(tmp_path))  # fmt: skip
        path = tmp_path / f"{system}_settama_2023_tw2.csv"
        assert read_export(system, path.read_bytes(), path.name), system
    assert AuditEvent.objects.filter(action__in=[f"export.{s}" for s in SYSTEMS], unit=spending).count() == 4


def test_it_downloads_only_the_quarters_of_units_the_user_may_see(client, spending, head, planner, outsider):
    urls = [reverse("exchange:export", args=[system, "SETTAMA", 2023, 2]) for system in SYSTEMS]
    for user, status in ((outsider, 404), (planner, 404), (head, 200)):  # planner: PUSDATIN only
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == status, (user, url)
            assert client.get(url + "?format=csv").status_code == status
    response = client.get(urls[0] + "?format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="krisna_settama_2023_tw2.csv"'
    assert AuditEvent.objects.filter(action="export.krisna", user=head, period="2023-TW2").count() == 3
    assert client.get(reverse("exchange:export", args=["sipd", "SETTAMA", 2023, 2])).status_code == 404
    assert client.get(urls[0] + "?format=pdf").status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_it_links_the_exports_from_the_scorecard_page(client, head):
    client.force_login(head)
    page = client.get(reverse("reports:scorecard", args=["SETTAMA", 2023, 2])).content.decode()
    for system in SYSTEMS:
        assert reverse("exchange:export", args=[system, "SETTAMA", 2023, 2]) in page


def test_it_documents_every_column_of_every_layout_in_the_readme():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exchange with the national systems", 1)[1].split("\n## ", 1)[0]
    for layout in LAYOUTS.values():
        part = section.split(f"### {layout.name}", 1)[1].split("\n### ", 1)[0]
        for field in layout.fields:
            assert f"| {field.header} |" in part, (layout.name, field.header)
