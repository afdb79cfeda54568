"""The API as a channel of the visibility rule (issue 10): the agency summary and the indicator lists show
restricted data only to the unit, its heads, admins and auditors; for those who see everything the summary
is the command's JSON byte for byte."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from api.tokens import issue_token
from sakip.models import Role
from tests.agency.test_visibility import RESTRICTED_NAME, member
from tests.api.conftest import SchemaCheckedClient
from tests.api.conftest import openapi as openapi  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
SUMMARY = "/api/v1/agency-summary/2024/q2/"


def client_for(user, schema) -> SchemaCheckedClient:  # type: ignore[no-untyped-def]
    _token, key = issue_token(user, "test", None)
    return SchemaCheckedClient(schema, HTTP_AUTHORIZATION=f"Token {key}")


def test_the_summary_is_the_commands_json_for_those_who_see_everything(admin_user, auditor, openapi):  # noqa: F811
    out = StringIO()
    call_command("agency_summary", year=2024, quarter=2, format="json", stdout=out)
    for user in (admin_user, auditor):
        response = client_for(user, openapi).get(SUMMARY)
        assert response.status_code == 200 and response.content == out.getvalue().encode()


@pytest.mark.parametrize(
    ("who", "sees"),
    [("planner", False), ("outsider", False), ("intel_planner", True), ("deputy_head", True), ("auditor", True)],
)
def test_restricted_indicators_reach_only_the_right_people(request, openapi, who, sees):  # noqa: F811
    if who == "intel_planner":
        user = member("intel", "DIT-INTELIJEN", Role.PLANNER)
    elif who == "deputy_head":
        user = member("deputi4", "DEPUTI-4", Role.HEAD)
    else:
        user = request.getfixturevalue(who)
    client = client_for(user, openapi)
    assert (RESTRICTED_NAME in client.get(SUMMARY).content.decode()) is sees
    names = [
        i["name"]
        for i in client.get("/api/v1/indicators/", {"unit": "DIT-INTELIJEN", "page_size": 500}).json()["results"]
    ]
    assert (RESTRICTED_NAME in names) is sees
