"""Permission matrix of the API: every endpoint x every role x own / other unit, with tokens; every response
checked against the schema. Planner: PUSDATIN; head: SETTAMA (PUSDATIN below it); outsider: head of BBPOM-JKT."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators.models import Indicator, MonthStatus, Realisation
from reports.models import Report
from sakip.models import AuditEvent, OrgUnit
from tests.api.conftest import OTHER, OWN

pytestmark = pytest.mark.django_db
ROLES = ("planner", "head", "admin_user", "auditor", "outsider")
LISTS = ("goals", "indicators", "agreements", "monthly-targets", "realisations", "month-statuses", "reports")
VISIBLE = {
    "planner": {OWN},
    "head": {OWN},
    "admin_user": {OWN, OTHER},
    "auditor": {OWN, OTHER},
    "outsider": {OTHER},
}
PLANNER_OF = {"planner": {OWN}}
HEAD_OF = {"head": {OWN}, "outsider": {OTHER}}


@pytest.fixture
def rows(planner, head, admin_user, auditor, outsider, other_unit):  # type: ignore[no-untyped-def]
    """Something of each kind in both units: a realisation (B08), a month status, a Lapkin."""
    for unit in OrgUnit.objects.filter(code__in=[OWN, OTHER]):
        indicator = Indicator.objects.filter(goal__unit=unit, goal__year=2022).first()
        Realisation.objects.update_or_create(indicator=indicator, month=8, defaults={"state": "number", "value": 1})
        MonthStatus.objects.get_or_create(unit=unit, year=2022, month=8, defaults={"deadline": dt.date(2022, 9, 10)})
        Report.objects.create(
            unit=unit, year=2022, quarter=3, place="Jakarta", signed_on=dt.date(2022, 10, 20), signatory_name="K",
            signatory_title="Kepala",
        )  # fmt: skip
    return {"planner": planner, "head": head, "admin_user": admin_user, "auditor": auditor, "outsider": outsider}


def write_body(code: str) -> dict:
    indicator = Indicator.objects.filter(goal__unit__code=code, goal__year=2022, unit_of_measure="%").first()
    return {"realisations": [{"indicator": indicator.id, "revision": 0, "state": "number", "value": "50"}]}


def expected_write(role: str, code: str, acting: dict[str, set[str]]) -> str:
    if code not in VISIBLE[role]:
        return "404"
    return "allowed" if code in acting.get(role, set()) else "403"


def outcome(status: int) -> str:
    return str(status) if status in (401, 403, 404) else "allowed"


@pytest.mark.parametrize("role", ROLES)
def test_it_answers_every_endpoint_by_role_and_unit(role, rows, api):
    client = api(rows[role])
    seen, wanted = {}, {}
    for url in ("/api/v1/agency-summary/2022/q3/", "/api/v1/units/", "/api/v1/units/tree/"):  # masked, not refused
        seen[url], wanted[url] = client.get(url).status_code, 200
    for code in (OWN, OTHER):
        visible = code in VISIBLE[role]
        for name in LISTS:
            response = client.get(f"/api/v1/{name}/", {"unit": code, "year": 2022})
            assert response.status_code == 200
            seen[(name, code)] = response.json()["count"] > 0
            wanted[(name, code)] = visible
        for name, url in {
            "unit": f"/api/v1/units/{code}/",
            "month": f"/api/v1/months/{code}/2022/b9/",
            "scorecard": f"/api/v1/scorecards/{code}/2022/q3/",
        }.items():
            seen[(name, code)] = client.get(url).status_code
            wanted[(name, code)] = 200 if visible else 404
        month = f"/api/v1/months/{code}/2022/b9/"
        writes = {
            "save": (month + "realisations/", write_body(code), PLANNER_OF),
            "submit": (month + "submit/", {}, PLANNER_OF),
            "review": (month + "review/", {"action": "approve"}, HEAD_OF),
        }
        for name, (url, body, acting) in writes.items():
            method = client.patch if name == "save" else client.post
            events = AuditEvent.objects.count()
            response = method(url, body, content_type="application/json")
            seen[(name, code)] = outcome(response.status_code)
            wanted[(name, code)] = expected_write(role, code, acting)
            if seen[(name, code)] != "allowed":
                assert AuditEvent.objects.count() == events, f"{name} {code} wrote something"
    assert seen == wanted


def test_it_asks_for_credentials_everywhere(api, rows):
    client = api(None)
    urls = [f"/api/v1/{name}/" for name in (*LISTS, "units")] + [
        "/api/v1/units/tree/",
        f"/api/v1/units/{OWN}/",
        f"/api/v1/months/{OWN}/2022/b9/",
        f"/api/v1/scorecards/{OWN}/2022/q4/",
        "/api/v1/agency-summary/2022/q4/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"
    response = client.patch(f"/api/v1/months/{OWN}/2022/b9/realisations/", {}, content_type="application/json")
    assert response.status_code == 401
    assert client.get("/api/schema/").status_code == 401


def test_an_auditor_token_writes_nothing_anywhere(api, rows):
    client = api(rows["auditor"])
    before = (AuditEvent.objects.count(), Realisation.objects.count(), list(MonthStatus.objects.values_list("state")))
    for code in (OWN, OTHER):
        for month in (8, 9, 12):
            base = f"/api/v1/months/{code}/2022/b{month}/"
            assert (
                client.patch(base + "realisations/", write_body(code), content_type="application/json").status_code
                == 403
            )
            assert client.post(base + "submit/", {}, content_type="application/json").status_code == 403
            for action in ("approve", "return"):
                assert (
                    client.post(base + "review/", {"action": action}, content_type="application/json").status_code
                    == 403
                )
    assert before == (
        AuditEvent.objects.count(),
        Realisation.objects.count(),
        list(MonthStatus.objects.values_list("state")),
    )
