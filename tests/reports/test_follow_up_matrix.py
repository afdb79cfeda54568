"""Follow-up of recommendations (SAKIP_DOMAIN.md §16): carried forward each quarter until done, printed as the
*Matriks Tindak Lanjut Rekomendasi* under each indicator of the Lapkin, with its history in the audit trail."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from audit.trail import Filters, audit_entries
from indicators.followup import follow_up_matrix
from indicators.models import ActionPlan, Indicator, Recommendation, RecommendationStatus
from reports.lapkin import build_context
from reports.services import build_snapshot, render_snapshot
from sakip.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendations(demo):  # type: ignore[no-untyped-def]
    unit = OrgUnit.objects.get(code="PUSDATIN")
    keluhan = Indicator.objects.get(goal__unit=unit, goal__year=2022, number=3)
    csirt = Indicator.objects.get(goal__unit=unit, goal__year=2022, number=5)
    open_one = Recommendation.objects.create(
        unit=unit, year=2022, origin=Recommendation.Origin.MONEV, text="Percepat penanganan keluhan TIK"
    )
    open_one.indicators.set([keluhan, csirt])
    status = RecommendationStatus.objects.create(recommendation=open_one, quarter=2, status="belum")
    ActionPlan.objects.create(status=status, text="Otomasi Help Pusdatin", timeline="Desember 2022")
    done = Recommendation.objects.create(
        unit=unit, year=2022, origin=Recommendation.Origin.INSPECTORATE, text="Reviu SOP keluhan"
    )
    done.indicators.set([keluhan])
    RecommendationStatus.objects.create(
        recommendation=done, quarter=3, status="selesai", done_on=dt.date(2022, 9, 20), evidence="SK reviu SOP"
    )
    return unit, keluhan, csirt


def test_it_carries_a_recommendation_forward_until_it_is_done(recommendations):
    unit, keluhan, csirt = recommendations
    tw1 = follow_up_matrix(unit, 2022, 1)
    assert [(r["text"], r["status"], r["carried_from"]) for r in tw1[keluhan.id]] == [
        ("Percepat penanganan keluhan TIK", "belum", None),
        ("Reviu SOP keluhan", "belum", None),
    ]
    tw3 = follow_up_matrix(unit, 2022, 3)
    first, second = tw3[keluhan.id]
    assert (first["status"], first["carried_from"], first["plans"]) == (
        "belum",
        2,
        [{"text": "Otomasi Help Pusdatin", "timeline": "Desember 2022"}],
    )
    assert (second["status"], second["done_on"], second["evidence"]) == ("selesai", "2022-09-20", "SK reviu SOP")
    tw4 = follow_up_matrix(unit, 2022, 4)
    assert [r["text"] for r in tw4[keluhan.id]] == ["Percepat penanganan keluhan TIK"]  # done in TW III: gone
    assert [r["text"] for r in tw4[csirt.id]] == ["Percepat penanganan keluhan TIK"]  # one recommendation, two IKU


def test_it_prints_the_follow_up_matrix_under_each_indicator_of_the_lapkin(recommendations):
    unit, _keluhan, _csirt = recommendations
    snapshot = build_snapshot(unit, 2022, 4)
    context = build_context(snapshot)
    row = next(i for i in context["indicators"] if i["number"] == 3)
    assert [r["text"] for r in row["recommendations"]] == ["Percepat penanganan keluhan TIK"]
    rendered = render_snapshot(snapshot)
    text = " ".join(
        " ".join(page.extract_text().replace("\x00", "").split()) for page in PdfReader(io.BytesIO(rendered.pdf)).pages
    )
    assert "Matriks Tindak Lanjut Rekomendasi Indikator 3" in text
    assert "Percepat penanganan keluhan TIK" in text and "Otomasi Help Pusdatin" in text
    assert "Desember 2022" in text and "status TW 2 dibawa ke triwulan ini" in text
    assert "Belum ada rekomendasi yang perlu ditindaklanjuti untuk indikator ini." in text  # the others
    # a unit that follows up no recommendation prints no matrix
    Recommendation.objects.all().delete()
    assert build_context(build_snapshot(unit, 2022, 4))["follow_up_matrix"] is False
    # the revision of 1 April 2022 beside the original PK
    assert "Semula dan Menjadi" in text and "berlaku mulai B04" in text


def test_it_keeps_the_follow_up_in_the_audit_trail(recommendations, admin_user):
    unit, _keluhan, _csirt = recommendations
    status = RecommendationStatus.objects.get(recommendation__text="Percepat penanganan keluhan TIK")
    status.status = "selesai"
    status._history_user = admin_user  # type: ignore[attr-defined]
    status.save()
    entries = audit_entries(Filters(object_type="recommendation_status", units=[unit]))
    changed = [e for e in entries if e.user == admin_user.username]
    assert [(c.field, c.old, c.new) for c in changed[0].changes] == [("Status", "Belum", "Selesai")]
