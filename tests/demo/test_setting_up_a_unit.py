"""README "Setting up a new unit", step by step, through the pages an admin uses: the Django admin's add pages
(unit, perspectives, scoring policy, follow-up of recommendations, DIPA pagu changes) and the import page's
upload → preview → confirm flow (PK + RAPK with Metode / Definisi komponen, realisations with components,
a PK revision, the budget with Jenis belanja). The fresh UPT's TW III scorecard then gives the numbers below."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from budget.models import BudgetLine, PaguChange
from indicators.followup import follow_up_matrix
from indicators.imports.columns import SPECS
from indicators.models import (
    Component,
    Indicator,
    PerformanceAgreement,
    Perspective,
    Recommendation,
    RecommendationStatus,
    RevisionItem,
)
from sakip.models import OrgUnit, ScoringPolicy
from tests.imports.conftest import make_file

pytestmark = pytest.mark.django_db
CODE, YEAR = "BBPOM-BARU", 2022


def admin_add(client, model: str, data: dict[str, Any], inlines: dict[str, list[dict[str, Any]]] | None = None):  # type: ignore[no-untyped-def]
    """Fill the admin add page of `app/model` as a person would: the form's defaults, `data`, and the rows of
    `inlines` (prefix -> rows); the management forms of the other inlines say "no rows"."""
    url = f"/admin/{model}/add/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    post: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, ""):
            post[name] = value
    post.update(data)
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        rows = (inlines or {}).get(prefix, [])
        post |= {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
        post |= {f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
        for i, row in enumerate(rows):
            post |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    response = client.post(url, post)
    errors = response.context["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, errors or response.content.decode()[:2000]
    return response


def import_file(
    client, django_capture_on_commit_callbacks, kind: str, rows: list[dict[str, Any]], **confirm: str
) -> str:  # type: ignore[no-untyped-def]
    """Upload a file made from the template's columns, look at the preview, confirm; return the preview page."""
    columns = [c.key for c in SPECS[kind].columns]
    content, name = make_file(kind, [[row.get(key) for key in columns] for row in rows])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"]).content.decode()
    assert "confirm-form" in preview, preview
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:confirm"), confirm)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.get(response["Location"])
    return preview


MONTHS_RATIO = {3: ("27", "30"), 6: ("52", "60"), 9: ("72", "80")}  # 90 %, 86,67 %, 90 %
MONTHS_NKA = {3: "EKA=40; IKPA=92,5", 6: "EKA=60; IKPA=95,2", 9: "EKA=76,65; IKPA=97,35"}


def pk_rows(b12_second: str = "93") -> list[dict[str, Any]]:
    common = {"unit": CODE, "year": YEAR, "pk_signed_on": "2022-01-10", "first_party": "Kepala Balai Baru"}
    first = {
        **common,
        "perspective": "Stakeholder Perspective",
        "goal_number": 1,
        "goal_name": "Meningkatnya efektivitas pengawasan Obat dan Makanan",
        "indicator_number": 1,
        "indicator_name": "Persentase sampel yang diuji sesuai standar",
        "unit_of_measure": "%",
        "annual_target": 90,
        "method": "Rasio",
        **{f"b{m:02d}": 90 for m in range(1, 13)},
    }
    second = {
        **common,
        "perspective": "Internal Process Perspective",
        "goal_number": 2,
        "goal_name": "Meningkatnya tata kelola anggaran",
        "indicator_number": 2,
        "indicator_name": "Nilai Kinerja Anggaran",
        "unit_of_measure": "nilai",
        "annual_target": b12_second,
        "method": "Jumlah berbobot",
        "component_specs": "EKA|0,6|Evaluasi Kinerja Anggaran; IKPA|0,4|Indikator Kinerja Pelaksanaan Anggaran",
        **{f"b{m:02d}": t for m, t in enumerate(("30", "45", "55", "62", "66", "70", "74", "78", "82"), 1)},
        "b10": "86",
        "b11": "90",
        "b12": b12_second,
    }
    return [first, second]


def test_an_admin_sets_up_a_new_upt_from_the_admin_and_the_import_templates(
    client, admin_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)

    # 1. The unit, the perspectives of its scorecard and its scoring policy (admin).
    admin_add(client, "sakip/orgunit", {"code": CODE, "name": "Balai Besar POM Baru", "kind": "upt"})
    unit = OrgUnit.objects.get(code=CODE)
    for order, name in enumerate(("Stakeholder Perspective", "Internal Process Perspective"), start=1):
        code = name.split()[0].lower()
        if not Perspective.objects.filter(code=code).exists():  # shared by every unit: often there already
            admin_add(client, "indicators/perspective", {"code": code, "name": name, "order": order})
    assert Perspective.objects.filter(code__in=["stakeholder", "internal"]).count() == 2
    admin_add(client, "sakip/scoringpolicy", {"unit": unit.pk, "year": YEAR, "rollup": "mean_of_goals"})
    policy = ScoringPolicy.objects.get(unit=unit, year=YEAR)
    assert policy.criteria.exists()  # no bands typed: the BPOM defaults

    # 2. The PK + RAPK (goals, indicators, method, components, targets): import page.
    preview = import_file(client, django_capture_on_commit_callbacks, "pk_rapk", pk_rows())
    assert "Nilai Kinerja Anggaran" in preview
    nka = Indicator.objects.get(goal__unit=unit, goal__year=YEAR, number=2)
    assert nka.method == "weighted_sum"
    assert list(Component.objects.filter(indicator=nka).values_list("code", "weight")) == [
        ("EKA", Decimal("0.6")),
        ("IKPA", Decimal("0.4")),
    ]

    # 3. The realisations, with pembilang / penyebut and the components' values.
    rows = [
        {"unit": CODE, "year": YEAR, "indicator_number": 1, "month": m, "numerator": n, "denominator": d}
        for m, (n, d) in MONTHS_RATIO.items()
    ] + [
        {"unit": CODE, "year": YEAR, "indicator_number": 2, "month": m, "components": text}
        for m, text in MONTHS_NKA.items()
    ]
    for row in rows:
        row |= {
            "analysis": "Analisis",
            "kendala": "Reagen terlambat",
            "rtl": "Pengadaan e-katalog",
            "rtl_status": "Proses",
        }
    import_file(client, django_capture_on_commit_callbacks, "realisations", rows)

    # 4. A PK revision: the same template with the new targets; the confirmation asks for the reason.
    import_file(
        client,
        django_capture_on_commit_callbacks,
        "pk_rapk",
        pk_rows(b12_second="95"),
        reason="Tambahan pagu DIPA",
        letter_number="PK-BARU/REV-1",
    )
    revised = PerformanceAgreement.objects.get(unit=unit, year=YEAR, in_force=True)
    assert (revised.version, revised.reason, revised.letter_number, revised.effective_month) == (
        2,
        "Tambahan pagu DIPA",
        "PK-BARU/REV-1",
        12,
    )
    (item,) = RevisionItem.objects.filter(agreement=revised)
    assert (item.indicator, item.old_annual, item.proposed_annual, item.decision) == (
        nka,
        Decimal(93),
        Decimal(95),
        "approved",
    )

    # 5. The budget: the DIPA by Jenis belanja, and each indicator's pagu (import), the DIPA's letters (admin).
    realised = {"b03": "1000000000", "b06": "2500000000", "b09": "4000000000"}
    budget = [
        {"unit": CODE, "year": YEAR, "spending_type": "Belanja Pegawai", "pagu": "4000000000", **realised},
        {"unit": CODE, "year": YEAR, "spending_type": "Belanja Barang", "pagu": "2000000000", "blokir": "200000000"}
        | {"b03": "300000000", "b06": "800000000", "b09": "1200000000"},
        {"unit": CODE, "year": YEAR, "goal_number": 1, "indicator_number": 1, "pagu": "1000000000"}
        | {"b03": "200000000", "b06": "450000000", "b09": "700000000"},
        {"unit": CODE, "year": YEAR, "goal_number": 2, "indicator_number": 2, "pagu": "500000000"}
        | {"b03": "100000000", "b06": "200000000", "b09": "350000000"},
    ]
    import_file(client, django_capture_on_commit_callbacks, "budget", budget)
    assert sorted(BudgetLine.objects.filter(unit=unit, goal=None).values_list("spending_type", flat=True)) == [
        "barang",
        "pegawai",
    ]
    admin_add(
        client,
        "budget/paguchange",
        {
            "unit": unit.pk,
            "year": YEAR,
            "effective_on": "2021-11-24",
            "letter_number": "DIPA-BARU",
            "pagu": "6000000000",
        },
    )
    assert PaguChange.objects.filter(unit=unit).count() == 1

    # 6. The follow-up of a recommendation: the recommendation and its status per quarter (admin), and the
    # action plans of a quarter not done yet on the status's own page.
    admin_add(
        client,
        "indicators/recommendation",
        {"unit": unit.pk, "year": YEAR, "origin": "inspectorate", "text": "Percepat pengadaan reagen"}
        | {"indicators": [nka.pk], "first_quarter": 1},
        {"statuses": [{"quarter": 1, "status": "belum"}]},
    )
    recommendation = Recommendation.objects.get(unit=unit)
    admin_add(
        client,
        "indicators/recommendationstatus",
        {"recommendation": recommendation.pk, "quarter": 2, "status": "belum"},
        {"action_plans": [{"text": "Kontrak payung reagen", "timeline": "Desember 2022"}]},
    )
    assert RecommendationStatus.objects.filter(recommendation=recommendation).count() == 2
    (row,) = follow_up_matrix(unit, YEAR, 3)[nka.pk]
    assert (row["status"], row["carried_from"], row["plans"]) == (
        "belum",
        2,
        [{"text": "Kontrak payung reagen", "timeline": "Desember 2022"}],
    )

    # The TW III scorecard of the new unit: page and JSON.
    out = StringIO()
    call_command("scorecard", unit=CODE, year=YEAR, quarter=3, format="json", stdout=out)
    data = json.loads(out.getvalue())
    items = {item["number"]: item for item in data["indicators"]}
    assert (items[1]["realisation"], items[1]["capaian"]) == ("90.00", "100.00")  # 72 / 80
    assert (items[2]["realisation"], items[2]["capaian"]) == ("84.93", "103.57")  # 0,6 × 76,65 + 0,4 × 97,35 vs 82
    assert data["unit_score"]["value"] == "101.79"
    page = client.get(reverse("reports:scorecard", args=[CODE, YEAR, 3])).content.decode()
    assert "84,93" in page and "101,79" in page
