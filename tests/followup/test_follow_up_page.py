"""The quarter's follow-up page (SAKIP_DOMAIN.md §16): the planner gives each recommendation's status, the head of
the unit (or of a parent unit) approves or returns it; stale revisions, locked quarters and other users' rights."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from indicators.models import ActionPlan, Indicator, MonthStatus, Recommendation, RecommendationStatus
from reports.services import build_snapshot, render_snapshot
from sakip.models import AuditEvent, OrgUnit

pytestmark = pytest.mark.django_db
PAGE = reverse("indicators:follow-up", args=["PUSDATIN", 2022, 3])
REVIEW = reverse("indicators:follow-up-review", args=["PUSDATIN", 2022, 3])


@pytest.fixture
def recommendation(demo) -> Recommendation:  # type: ignore[no-untyped-def]
    unit = OrgUnit.objects.get(code="PUSDATIN")
    rec = Recommendation.objects.create(unit=unit, year=2022, text="Percepat penanganan keluhan TIK", first_quarter=2)
    rec.indicators.set([Indicator.objects.get(goal__unit=unit, goal__year=2022, number=3)])
    status = RecommendationStatus.objects.create(recommendation=rec, quarter=2, status="belum", state="approved")
    ActionPlan.objects.create(status=status, text="Otomasi Help Pusdatin", timeline="Desember 2022")
    return rec


def post_status(client, rec: Recommendation, action: str = "save", revision: int = 0, **fields: str):  # type: ignore[no-untyped-def]
    data = {"recommendation": rec.pk, "action": action, f"r{rec.pk}-revision": revision}
    data.update({f"r{rec.pk}-{name}": value for name, value in fields.items()})
    return client.post(PAGE, data)


def tw3(rec: Recommendation) -> RecommendationStatus:
    return RecommendationStatus.objects.get(recommendation=rec, quarter=3)


def test_the_planner_starts_from_the_carried_status_and_saves_the_quarter(client, planner, recommendation):
    client.force_login(planner)
    page = client.get(PAGE).content.decode()
    assert "Percepat penanganan keluhan TIK" in page and "status TW 2 dibawa ke triwulan ini" in page
    assert 'value="Otomasi Help Pusdatin"' in page  # the carried action plan is the starting point
    response = post_status(
        client, recommendation, status="belum", plan_0="Otomasi Help Pusdatin tahap 2", timeline_0="TW IV 2022",
        outcome="Sebagian layanan sudah otomatis",
    )  # fmt: skip
    assert response.status_code == 302
    row = tw3(recommendation)
    assert (row.status, row.state, row.revision, row.outcome) == (
        "belum",
        "draft",
        1,
        "Sebagian layanan sudah otomatis",
    )
    assert [(p.text, p.timeline) for p in row.action_plans.all()] == [("Otomasi Help Pusdatin tahap 2", "TW IV 2022")]
    event = AuditEvent.objects.get(action="followup.save")
    assert (event.user, event.period, event.detail["after"]) == (planner, "2022-TW3", "draft")
    assert row.history.count() == 1
    # a follow-up not yet done needs an action plan; nothing is written
    response = post_status(client, recommendation, revision=1, status="belum", outcome="x")
    assert response.status_code == 200 and "minimal satu rencana aksi" in response.content.decode()
    assert tw3(recommendation).outcome == "Sebagian layanan sudah otomatis"


def test_a_stale_revision_is_refused_and_nothing_is_written(client, planner, recommendation):
    client.force_login(planner)
    post_status(client, recommendation, status="selesai", done_on="2022-09-20", evidence="SK reviu SOP")
    response = post_status(client, recommendation, revision=0, status="selesai", evidence="Bukti lain")
    assert "baru saja diubah oleh orang lain" in response.content.decode()
    assert (tw3(recommendation).evidence, tw3(recommendation).revision) == ("SK reviu SOP", 1)


def test_the_head_of_the_parent_unit_returns_then_approves(client, planner, head, recommendation):
    client.force_login(planner)
    post_status(client, recommendation, action="submit", status="selesai", done_on="2022-09-20", evidence="SK")
    assert tw3(recommendation).state == "submitted"
    # submitted: the planner can no longer change it
    response = post_status(client, recommendation, revision=1, status="selesai", evidence="lain")
    assert "tidak dapat diubah" in response.content.decode() and tw3(recommendation).evidence == "SK"

    client.force_login(head)
    assert 'name="comment"' in client.get(PAGE).content.decode()
    client.post(REVIEW, {"recommendation": recommendation.pk, "action": "return", "revision": 1})
    assert tw3(recommendation).state == "submitted"  # a return needs a comment
    client.post(
        REVIEW, {"recommendation": recommendation.pk, "action": "return", "revision": 1, "comment": "Lampirkan SK"}
    )
    assert (tw3(recommendation).state, tw3(recommendation).review_comment) == ("returned", "Lampirkan SK")

    client.force_login(planner)
    assert "Lampirkan SK" in client.get(PAGE).content.decode()
    post_status(client, recommendation, action="submit", revision=2, status="selesai", evidence="SK nomor 12")
    client.force_login(head)
    stale = client.post(REVIEW, {"recommendation": recommendation.pk, "action": "approve", "revision": 2}, follow=True)
    assert "baru saja diubah oleh orang lain" in stale.content.decode() and tw3(recommendation).state == "submitted"
    client.post(REVIEW, {"recommendation": recommendation.pk, "action": "approve", "revision": 3})
    assert (tw3(recommendation).state, tw3(recommendation).evidence) == ("approved", "SK nomor 12")
    actions = list(AuditEvent.objects.filter(action__startswith="followup.").values_list("action", flat=True))
    assert sorted(actions) == sorted(["followup.submit", "followup.return", "followup.submit", "followup.approve"])


def test_outsiders_get_404_and_auditors_only_read(client, outsider, auditor, recommendation):
    client.force_login(outsider)
    assert client.get(PAGE).status_code == 404
    assert post_status(client, recommendation, status="selesai", evidence="x").status_code == 404
    client.force_login(auditor)
    page = client.get(PAGE).content.decode()
    assert "Otomasi Help Pusdatin" in page and "Hanya-baca" in page and "<textarea" not in page
    assert post_status(client, recommendation, status="selesai", evidence="x").status_code == 403
    assert client.post(REVIEW, {"recommendation": recommendation.pk, "action": "approve"}).status_code == 403
    assert not RecommendationStatus.objects.filter(recommendation__unit__code="PUSDATIN", quarter=3).exists()


def test_a_locked_quarter_is_read_only(client, planner, recommendation):
    for month in (7, 8, 9):
        MonthStatus.objects.update_or_create(
            unit=recommendation.unit, year=2022, month=month, defaults={"state": "locked", "deadline": "2022-10-05"}
        )
    client.force_login(planner)
    page = client.get(PAGE).content.decode()
    assert "sudah dikunci" in page and "<textarea" not in page
    response = post_status(client, recommendation, status="selesai", evidence="SK")
    assert "sudah dikunci" in response.content.decode()
    assert not RecommendationStatus.objects.filter(recommendation__unit__code="PUSDATIN", quarter=3).exists()


def test_the_month_and_the_scorecard_link_to_the_page(client, planner, recommendation):
    client.force_login(planner)
    assert PAGE in client.get(reverse("indicators:month-entry", args=["PUSDATIN", 2022, 8])).content.decode()
    assert PAGE in client.get(reverse("reports:scorecard", args=["PUSDATIN", 2022, 3])).content.decode()


def test_the_lapkin_matrix_shows_what_the_planner_entered(client, planner, recommendation):
    client.force_login(planner)
    post_status(
        client, recommendation, action="submit", status="belum", plan_0="Migrasi ke layanan terpusat",
        timeline_0="TW IV 2022", outcome="Usulan perubahan target ditolak",
    )  # fmt: skip
    rendered = render_snapshot(build_snapshot(recommendation.unit, 2022, 3))
    text = " ".join(
        " ".join(page.extract_text().replace("\x00", "").split()) for page in PdfReader(io.BytesIO(rendered.pdf)).pages
    )
    assert "Migrasi ke layanan terpusat" in text and "TW IV 2022" in text
    assert "Usulan perubahan target ditolak" in text
    assert "Otomasi Help Pusdatin" not in text  # the TW 2 plan is replaced by this quarter's


def test_an_admin_correction_moves_the_revision_so_an_open_page_conflicts(client, planner, admin_user, recommendation):
    client.force_login(planner)
    post_status(client, recommendation, status="selesai", done_on="2022-09-20", evidence="SK reviu SOP")
    row = tw3(recommendation)
    client.force_login(admin_user)
    url = reverse("admin:indicators_recommendationstatus_change", args=[row.pk])
    data = {"recommendation": recommendation.pk, "quarter": 3, "status": "selesai", "done_on": "2022-09-21",
            "evidence": "SK reviu SOP", "outcome": "", "action_plans-TOTAL_FORMS": 0,
            "action_plans-INITIAL_FORMS": 0, "action_plans-MIN_NUM_FORMS": 0,
            "action_plans-MAX_NUM_FORMS": 1000}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert tw3(recommendation).revision == 2 and AuditEvent.objects.filter(action="followup.admin").exists()
    client.force_login(planner)
    response = post_status(client, recommendation, revision=1, status="selesai", evidence="lain")
    assert "baru saja diubah oleh orang lain" in response.content.decode()


def test_the_page_does_a_fixed_number_of_queries(client, planner, recommendation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(planner)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    one = count()
    for n in range(3):
        extra = Recommendation.objects.create(unit=recommendation.unit, year=2022, text=f"Rekomendasi {n}")
        extra.indicators.set(recommendation.indicators.all())
        status = RecommendationStatus.objects.create(recommendation=extra, quarter=2, status="belum")
        ActionPlan.objects.create(status=status, text=f"Rencana {n}", timeline="TW IV 2022")
    assert count() == one, one
