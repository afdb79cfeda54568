"""Writing a month through the API obeys the entry page's rules, because it goes through the same services:
validation per field, all rows or none, optimistic concurrency, open months only, audit, submit and review."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import Indicator, MonthStatus, Realisation, ReviewComment
from sakip.models import AuditEvent
from tests.month_helpers import complete_month

pytestmark = pytest.mark.django_db
URL = "/api/v1/months/PUSDATIN/2022/b9/"


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code, goal__unit__code="PUSDATIN", goal__year=2022)


def patch(client, rows, url=URL):  # type: ignore[no-untyped-def]
    return client.patch(url + "realisations/", {"realisations": rows}, content_type="application/json")


def test_it_saves_a_realisation_with_its_capaian_revision_and_audit(api, planner):
    client = api(planner)
    keluhan = indicator("KELUHAN")  # % with a B09 target of 96
    response = patch(client, [{"indicator": keluhan.id, "revision": 0, "value": 91.2, "analysis": "Baik"}])
    assert response.status_code == 200, response.json()
    saved = Realisation.objects.get(indicator=keluhan, month=9)
    assert (saved.state, saved.value, saved.analysis, saved.revision) == ("number", Decimal("91.2"), "Baik", 1)
    assert saved.updated_by == planner
    assert saved.history.count() == 1 and saved.history.get().history_user == planner  # who, in the audit trail
    assert [(r["indicator"], r["revision"], r["value"]) for r in response.json()["saved"]] == [
        (keluhan.id, 1, "91.2000")
    ]
    month = client.get(URL)
    row = next(r for r in month.json()["rows"] if r["indicator"] == keluhan.id)
    assert (
        row["capaian"] == "95.00"
        and row["realisation"]["revision"] == 1
        and row["criterion"] == "Belum Memenuhi Ekspektasi"
    )
    event = AuditEvent.objects.get(action="month.save")
    assert event.detail == {"indicators": [keluhan.number], "components": {}, "source": "api"}
    assert response.json()["month"]["state"] == "draft"


def test_it_reads_numerator_and_denominator_like_the_form(api, planner):
    keluhan = indicator("KELUHAN")
    response = patch(api(planner), [{"indicator": keluhan.id, "revision": 0, "numerator": "25", "denominator": 23}])
    assert response.status_code == 200
    assert Realisation.objects.get(indicator=keluhan, month=9).value == Decimal("108.6957")


def test_bad_numbers_are_refused_by_field_and_nothing_is_written(api, planner):
    keluhan, bcm = indicator("KELUHAN"), indicator("BCM")
    response = patch(
        api(planner),
        [
            {"indicator": keluhan.id, "revision": 0, "value": "80"},
            {"indicator": bcm.id, "revision": 0, "value": "12.345"},  # BCM allows 2 decimals
            {"indicator": keluhan.id + 10_000, "revision": 0, "value": "1"},
        ],
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    errors = body["fields"]["realisations"]
    assert errors[0] == {} and list(errors[2]) == ["indicator"]
    assert Realisation.objects.filter(indicator__goal__unit__code="PUSDATIN", month=9).count() == 0
    response = patch(api(planner), [{"indicator": bcm.id, "revision": 0, "value": "12.345"}])
    errors = response.json()["fields"]["realisations"]
    assert list(errors[0]) == ["value"] and "di belakang koma" in errors[0]["value"][0]
    response = patch(api(planner), [{"indicator": bcm.id, "revision": 0, "value": "banyak"}])
    assert "bukan angka" in response.json()["fields"]["realisations"][0]["value"][0]
    assert Realisation.objects.filter(indicator__goal__unit__code="PUSDATIN", month=9).count() == 0
    assert not AuditEvent.objects.filter(action="month.save").exists()


def test_a_stale_revision_is_a_conflict_showing_the_current_row(api, planner):
    client = api(planner)
    keluhan = indicator("KELUHAN")
    assert patch(client, [{"indicator": keluhan.id, "revision": 0, "value": "80"}]).status_code == 200
    response = patch(client, [{"indicator": keluhan.id, "revision": 0, "value": "81"}])
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["current"] == [
        {"indicator": keluhan.id, "revision": 1, "state": "number", "value": "80.0000"}
    ]
    assert Realisation.objects.get(indicator=keluhan, month=9).value == Decimal(80)


def test_a_locked_month_cannot_be_written(api, planner):
    assert MonthStatus.objects.get(unit__code="PUSDATIN", year=2022, month=12).state == "locked"
    keluhan = indicator("KELUHAN")
    before = Realisation.objects.get(indicator=keluhan, month=12)
    response = patch(
        api(planner),
        [{"indicator": keluhan.id, "revision": before.revision, "value": "1"}],
        url=URL.replace("b9", "b12"),
    )
    assert response.status_code == 409 and response.json()["code"] == "invalid_state"
    assert Realisation.objects.get(indicator=keluhan, month=12).value == before.value


def test_submit_says_what_is_missing_then_submits_and_the_head_reviews(api, planner, head):
    client = api(planner)
    response = client.post(URL + "submit/", {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "incomplete"
    assert {item["indicator"] for item in response.json()["missing"]} >= {indicator("KELUHAN").id}
    complete_month("PUSDATIN", 2022, 9)
    month = client.get(URL)
    revision = month.json()["revision"]
    assert month["ETag"] == f'"{revision}"'
    stale = client.post(URL + "submit/", {}, content_type="application/json", HTTP_IF_MATCH='"99"')
    assert stale.status_code == 412
    response = client.post(URL + "submit/", {}, content_type="application/json", HTTP_IF_MATCH=month["ETag"])
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert patch(client, [{"indicator": indicator("KELUHAN").id, "revision": 1, "value": "5"}]).status_code == 409

    reviewer = api(head)
    refused = reviewer.post(URL + "review/", {"action": "return"}, content_type="application/json")
    assert refused.status_code == 409  # a return needs a comment
    keluhan = indicator("KELUHAN")
    body = {
        "action": "return",
        "revision": response.json()["revision"],
        "comments": [{"indicator": keluhan.id, "text": "Cek lagi"}],
    }
    returned = reviewer.post(URL + "review/", body, content_type="application/json")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert ReviewComment.objects.get().text == "Cek lagi"
    assert AuditEvent.objects.filter(action="month.return").count() == 1


def test_the_submitter_cannot_approve_their_own_month(api, planner, head):
    from sakip.models import Membership, OrgUnit, Role

    Membership.objects.create(user=head, unit=OrgUnit.objects.get(code="PUSDATIN"), role=Role.PLANNER)
    complete_month("PUSDATIN", 2022, 9)
    client = api(head)
    assert client.post(URL + "submit/", {}, content_type="application/json").status_code == 200
    response = client.post(URL + "review/", {"action": "approve"}, content_type="application/json")
    assert response.status_code == 409 and "tidak dapat menyetujuinya" in response.json()["detail"]
    assert api(planner).post(URL + "review/", {"action": "approve"}, content_type="application/json").status_code == 403
    assert MonthStatus.objects.get(unit__code="PUSDATIN", year=2022, month=9).state == "submitted"


def test_fields_left_out_keep_what_is_stored(api, planner):
    client = api(planner)
    keluhan = indicator("KELUHAN")
    patch(client, [{"indicator": keluhan.id, "revision": 0, "value": "91.25", "kendala": "Server"}])
    response = patch(client, [{"indicator": keluhan.id, "revision": 1, "analysis": "Naik"}])
    assert response.status_code == 200
    saved = Realisation.objects.get(indicator=keluhan, month=9)
    assert (saved.value, saved.kendala, saved.analysis, saved.revision) == (Decimal("91.25"), "Server", "Naik", 2)
    unchanged = patch(client, [{"indicator": keluhan.id, "revision": 2, "analysis": "Naik"}])
    assert unchanged.json()["saved"] == [] and Realisation.objects.get(pk=saved.pk).revision == 2
