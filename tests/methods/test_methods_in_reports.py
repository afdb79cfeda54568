"""Methods and components in the scorecard JSON, the Lapkin PDF, and the realisation import."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from indicators.imports.service import run_import
from indicators.models import Realisation
from reports.services import build_snapshot, render_snapshot
from sakip.models import OrgUnit
from tests.imports.conftest import column, find_row, make_file, rows_for

pytestmark = pytest.mark.django_db


def test_the_scorecard_json_adds_method_and_components(demo, capsys):
    call_command("scorecard", unit="SETTAMA", year=2023, quarter=2, format="json")
    data = json.loads(capsys.readouterr().out)
    nka = next(item for item in data["indicators"] if item["number"] == 4)
    assert nka["method"] == "weighted_sum" and nka["capaian"] == "101.83"
    assert [(c["code"], c["weight"], c["value"]) for c in nka["components"]] == [
        ("EKA", "0.6", "76.65"),
        ("IKPA", "0.4", "97.35"),
    ]


def test_the_demo_upt_scores_a_staged_programme_by_its_progress(demo, capsys):
    call_command("scorecard", unit="BBPOM-CONTOH", year=2022, quarter=3, format="json")
    data = json.loads(capsys.readouterr().out)
    items = {item["number"]: item for item in data["indicators"]}
    assert items[4]["realisation"] == "86.17" and items[4]["capaian_annual"] == "86.17"  # not 148.57 of 58
    assert items[2]["method"] == "ratio"
    assert items[3]["realisation"] == "55.91"  # mean of component ratios, 2/4 left in, 0/0 left out in TW I
    assert {item["method"] for item in items.values()} == {
        "direct", "ratio", "mean_of_ratios", "staged", "weighted_sum", "weighted_mean", "formula"
    }  # fmt: skip


def test_the_settama_lapkin_prints_the_nka_components(demo):
    snapshot = build_snapshot(OrgUnit.objects.get(code="SETTAMA"), 2023, 2)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(render_snapshot(snapshot).pdf)).pages)
    assert "0,6 × 76,65 + 0,4 × 97,35 = 84,93" in " ".join(text.split())


def test_the_import_takes_the_value_from_pembilang_and_penyebut(demo, admin_user):
    rows = rows_for("realisations", "SETTAMA", 2023)
    row = find_row("realisations", rows, 15, 9)
    row[column("realisations", "value")] = None
    row[column("realisations", "numerator")] = 66
    row[column("realisations", "denominator")] = 108
    content, name = make_file("realisations", rows)
    assert run_import("realisations", content, name, admin_user, commit=True).applied
    stored = Realisation.objects.get(indicator__goal__unit__code="SETTAMA", indicator__number=15, month=9)
    assert (stored.state, stored.value) == ("number", Decimal("61.1111"))


def test_the_import_refuses_a_value_contradicting_pembilang_and_penyebut(demo, admin_user):
    rows = rows_for("realisations", "SETTAMA", 2023)
    row = find_row("realisations", rows, 15, 9)
    row[column("realisations", "value")] = "70"
    row[column("realisations", "numerator")] = 66
    row[column("realisations", "denominator")] = 108
    content, name = make_file("realisations", rows)
    plan = run_import("realisations", content, name, admin_user, commit=True)
    assert not plan.applied
    assert [p.message for p in plan.problems] == ["70,00 tidak sesuai dengan pembilang / penyebut (61,11)"]
