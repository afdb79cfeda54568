"""Reading through the API: the scorecard is the command's JSON byte for byte, the schema is valid OpenAPI 3,
lists page and filter, reports carry their status and download link, the docs page keeps a strict CSP."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from openapi_spec_validator import validate

from reports.models import Report
from sakip.models import OrgUnit

pytestmark = pytest.mark.django_db
DEMO_PERIODS = [("SETTAMA", 2023, 1), ("SETTAMA", 2023, 2), *[("PUSDATIN", 2022, q) for q in (1, 2, 3, 4)]]


def test_the_schema_is_valid_openapi_3(openapi, planner, client):
    validate(openapi)
    assert openapi["openapi"].startswith("3.")
    client.force_login(planner)
    served = client.get("/api/schema/", {"format": "json"})
    assert served.status_code == 200
    validate(json.loads(served.content))


@pytest.mark.parametrize(("code", "year", "quarter"), DEMO_PERIODS)
def test_the_scorecard_is_the_commands_json_byte_for_byte(api, auditor, code, year, quarter):
    out = StringIO()
    call_command("scorecard", unit=code, year=year, quarter=quarter, format="json", stdout=out)
    response = api(auditor).get(f"/api/v1/scorecards/{code}/{year}/q{quarter}/")
    assert response.status_code == 200
    assert response.content == out.getvalue().encode()
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_a_scorecard_without_an_agreement_or_a_quarter_is_not_found(api, auditor):
    assert api(auditor).get("/api/v1/scorecards/SETTAMA/2019/q2/").status_code == 404
    assert api(auditor).get("/api/v1/scorecards/SETTAMA/2023/q5/").status_code == 404


def test_lists_are_paged_and_filtered(api, auditor):
    client = api(auditor)
    first = client.get("/api/v1/realisations/", {"unit": "SETTAMA", "month": 6, "page_size": 5}).json()
    assert len(first["results"]) == 5 and first["count"] > 5 and first["next"]
    assert {(r["unit"], r["month"]) for r in first["results"]} == {("SETTAMA", 6)}
    second = client.get(first["next"].replace("http://testserver", "")).json()
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    bad = client.get("/api/v1/realisations/", {"month": "sembilan"})
    assert bad.status_code == 400 and list(bad.json()["fields"]) == ["month"]
    agreements = client.get("/api/v1/agreements/", {"unit": "PUSDATIN", "year": 2022}).json()["results"]
    assert [a["version"] for a in agreements] == [1, 2] and [a["in_force"] for a in agreements] == [False, True]


def test_the_unit_tree_nests_the_visible_units(api, head, planner):
    tree = api(head).get("/api/v1/units/tree/").json()
    assert [node["code"] for node in tree] == ["SETTAMA"]
    assert "PUSDATIN" in [child["code"] for child in tree[0]["children"]]
    assert [node["code"] for node in api(planner).get("/api/v1/units/tree/").json()] == ["PUSDATIN"]


def test_reports_carry_their_status_and_download_link(api, planner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unit = OrgUnit.objects.get(code="PUSDATIN")
    fields = {"place": "Jakarta", "signed_on": dt.date(2023, 1, 20), "signatory_name": "K", "signatory_title": "Kepala"}
    done = Report.objects.create(unit=unit, year=2022, quarter=4, status="done", **fields)
    done.pdf.save("lapkin.pdf", ContentFile(b"%PDF-1.4"), save=True)
    Report.objects.create(unit=unit, year=2022, quarter=3, status="queued", **fields)
    results = api(planner).get("/api/v1/reports/").json()["results"]
    links = {r["quarter"]: (r["status"], r["download_url"]) for r in results}
    assert links == {4: ("done", f"http://testserver/reports/lapkin/report/{done.pk}/download/"), 3: ("queued", None)}


def test_the_docs_page_serves_its_assets_locally_under_a_strict_policy(client, planner):
    assert client.get("/api/docs/").status_code == 302  # login first
    client.force_login(planner)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html and "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self' 'unsafe-inline'" in policy
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    assert "'unsafe-inline'" not in client.get("/").headers["Content-Security-Policy"]


def test_the_browser_session_reads_and_must_send_its_csrf_token_to_write(planner):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(planner)
    assert browser.get("/api/v1/units/").status_code == 200
    response = browser.patch("/api/v1/months/PUSDATIN/2022/b9/realisations/", {}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_a_restricted_digest_is_listed_only_for_admins_and_auditors(api, planner, auditor):
    root = OrgUnit.objects.get(code="BPOM")
    fields = {"place": "Jakarta", "signed_on": dt.date(2024, 7, 20), "signatory_name": "K", "signatory_title": "Kepala"}
    for audience in ("internal", "restricted"):
        Report.objects.create(
            unit=root, year=2024, quarter=2, kind="digest", audience=audience, status="failed", **fields
        )

    def audiences(user):  # type: ignore[no-untyped-def]
        return sorted(r["audience"] for r in api(user).get("/api/v1/reports/", {"kind": "digest"}).json()["results"])

    assert audiences(planner) == ["internal"]
    assert audiences(auditor) == ["internal", "restricted"]
