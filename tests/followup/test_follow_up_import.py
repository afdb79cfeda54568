"""Import of the follow-up of recommendations: plan then apply through the follow-up service, all or nothing,
errors with row and column, admins only, the template round-trips, and the Lapkin matrix shows what was imported."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from indicators.followup import follow_up_matrix
from indicators.imports.columns import FOLLOW_UP, FOLLOW_UP_SPEC
from indicators.imports.service import run_import
from indicators.imports.templates import build_csv, build_xlsx, template_file, xlsx_bytes
from indicators.models import ActionPlan, Indicator, MonthStatus, Recommendation, RecommendationStatus
from sakip.models import AuditEvent, OrgUnit
from tests.imports.test_import_page import confirm, upload

pytestmark = pytest.mark.django_db


def rows() -> list[list[Any]]:
    return [
        ["PUSDATIN", 2022, 2, "R-01", "Inspektorat", "Percepat penanganan keluhan TIK", "3, 5", "Belum", None, None,
         "Otomasi Help Pusdatin\nSosialisasi kanal keluhan", "Desember 2022\nTW IV 2022", None],
        ["PUSDATIN", 2022, 3, "R-01", "Inspektorat", "Percepat penanganan keluhan TIK", "3, 5", "Selesai",
         "20-09-2022", "Laporan otomasi", None, None, "Usulan perubahan target ditolak"],
    ]  # fmt: skip


def stored() -> list[tuple[Any, ...]]:
    return sorted(
        RecommendationStatus.objects.filter(recommendation__unit__code="PUSDATIN").values_list(
            "recommendation__code", "quarter", "status", "state", "done_on", "evidence", "outcome"
        )
    )


def test_it_creates_the_recommendation_and_its_quarterly_statuses(demo, admin_user):
    content = build_csv(FOLLOW_UP_SPEC, rows())
    preview = run_import(FOLLOW_UP, content, "tl.csv", admin_user)
    assert (
        preview.problems == []
        and not preview.applied
        and not Recommendation.objects.filter(unit__code="PUSDATIN").exists()
    )
    assert preview.units[0].headline == "1 rekomendasi baru; 2 status tindak lanjut baru atau berubah"
    plan = run_import(FOLLOW_UP, content, "tl.csv", admin_user, commit=True)
    assert plan.applied
    rec = Recommendation.objects.get(unit__code="PUSDATIN", code="R-01")
    assert (rec.origin, rec.first_quarter, sorted(i.number for i in rec.indicators.all())) == (
        "inspectorate",
        2,
        [3, 5],
    )
    tw2 = rec.statuses.get(quarter=2)
    assert [(p.text, p.timeline) for p in tw2.action_plans.all()] == [
        ("Otomasi Help Pusdatin", "Desember 2022"),
        ("Sosialisasi kanal keluhan", "TW IV 2022"),
    ]
    assert stored()[1][2:5] == ("selesai", "approved", dt.date(2022, 9, 20))
    assert AuditEvent.objects.filter(action="followup.import").count() == 2
    assert AuditEvent.objects.filter(action="import.follow_up").count() == 1
    keluhan = Indicator.objects.get(goal__unit__code="PUSDATIN", goal__year=2022, number=3)
    matrix = follow_up_matrix(rec.unit, 2022, 3)[keluhan.id]
    assert (matrix[0]["status"], matrix[0]["outcome"]) == ("selesai", "Usulan perubahan target ditolak")
    # the same file again changes nothing; the template of what is stored imports back unchanged
    assert not run_import(FOLLOW_UP, content, "tl.csv", admin_user).has_changes
    template = template_file(FOLLOW_UP, [rec.unit], 2022, "xlsx")
    again = run_import(FOLLOW_UP, template.content, template.file_name, admin_user)
    assert again.problems == [] and not again.has_changes


@pytest.mark.parametrize(
    ("edit", "column", "message"),
    [
        (lambda r: r.__setitem__(6, "3, 99"), "Indikator", "indikator nomor 99 tidak ada"),
        (lambda r: r.__setitem__(slice(10, 12), [None, None]), "Rencana aksi", "minimal satu rencana aksi"),
        (lambda r: r.__setitem__(7, "Mungkin"), "Status", "tidak dikenal"),
        (lambda r: r.__setitem__(2, 5), "TW", "di luar rentang"),
    ],
)
def test_a_bad_row_is_refused_with_row_and_column_and_nothing_is_written(demo, admin_user, edit, column, message):
    data = rows()
    edit(data[0])
    plan = run_import(
        FOLLOW_UP, xlsx_bytes(build_xlsx(FOLLOW_UP_SPEC, data, "Uji")), "tl.xlsx", admin_user, commit=True
    )
    assert not plan.applied
    [problem] = plan.problems
    assert (problem.row, problem.column) == (4, column) and message in problem.message, problem
    assert f"baris 4, kolom «{column}»" in str(problem)
    assert (
        not Recommendation.objects.filter(unit__code="PUSDATIN").exists()
        and not RecommendationStatus.objects.filter(recommendation__unit__code="PUSDATIN").exists()
    )
    assert (
        not ActionPlan.objects.filter(status__recommendation__unit__code="PUSDATIN").exists()
        and not AuditEvent.objects.filter(action__contains="follow").exists()
    )


def test_a_locked_quarter_is_refused(demo, admin_user):
    unit = OrgUnit.objects.get(code="PUSDATIN")
    for month in (7, 8, 9):
        MonthStatus.objects.create(unit=unit, year=2022, month=month, state="locked", deadline="2022-10-05")
    plan = run_import(FOLLOW_UP, build_csv(FOLLOW_UP_SPEC, rows()), "tl.csv", admin_user, commit=True)
    assert [(p.row, p.column) for p in plan.problems] == [(3, "TW")] and not Recommendation.objects.filter(
        unit__code="PUSDATIN"
    ).exists()


def test_only_admins_import_it_through_the_page(client, planner, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = build_csv(FOLLOW_UP_SPEC, rows())
    client.force_login(planner)
    assert upload(client, content, "tl.csv", kind=FOLLOW_UP).status_code == 403
    client.force_login(admin_user)
    page = upload(client, content, "tl.csv", kind=FOLLOW_UP).content.decode()
    assert "Tindak lanjut rekomendasi" in page and "R-01" in page
    confirm(client)
    assert stored()[0][:4] == ("R-01", 2, "belum", "approved")
    template = client.get(
        reverse("imports:template"), {"kind": FOLLOW_UP, "unit": "PUSDATIN", "year": 2022, "format": "csv"}
    )
    assert template.status_code == 200 and "Percepat penanganan keluhan TIK" in template.content.decode("utf-8-sig")
