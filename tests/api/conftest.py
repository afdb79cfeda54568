"""The API's test kit: a client that checks every response against the generated OpenAPI schema, tokens for
the named cast, and a second unit with a PK of its own (the "other" unit of the permission matrix)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_schema_validator import OAS30ReadValidator

from api.tokens import issue_token
from indicators.models import AgreementTarget, Goal, Indicator, MonthlyTarget, PerformanceAgreement, Perspective
from sakip.models import OrgUnit

OWN, OTHER = "PUSDATIN", "BBPOM-JKT"


@pytest.fixture(scope="session")
def openapi() -> dict[str, Any]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def _template(schema: dict[str, Any], path: str) -> str:
    """The schema's path template that `path` matches (the most literal one: /units/tree/ before /units/{code}/)."""
    found = []
    for template in schema["paths"]:
        pattern = "[^/]+".join(re.escape(part) for part in re.split(r"\{[^}]+\}", template))
        if re.fullmatch(pattern, path):
            found.append(template)
    assert found, f"{path} is not in the schema"
    return min(found, key=lambda t: t.count("{"))


def check_against_schema(schema: dict[str, Any], method: str, path: str, response: Any) -> None:
    operation = schema["paths"][_template(schema, path)][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {path}: {status} is not documented"
    documented = operation["responses"][status]
    if "content" not in documented:
        return
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body_schema = documented["content"]["application/json"]["schema"]
    OAS30ReadValidator({**body_schema, "components": schema["components"]}).validate(json.loads(response.content))


class SchemaCheckedClient(Client):
    """A test client whose every /api/v1/ response must be documented in the schema, body included."""

    def __init__(self, schema: dict[str, Any], **defaults: Any) -> None:
        super().__init__(**defaults)
        self.schema = schema
        self.checked = 0

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        if request["PATH_INFO"].startswith("/api/v1/"):
            check_against_schema(self.schema, request["REQUEST_METHOD"], request["PATH_INFO"], response)
            self.checked += 1
        return response


@pytest.fixture(autouse=True)
def fresh_throttle() -> None:
    cache.clear()


@pytest.fixture
def api(openapi):  # type: ignore[no-untyped-def]
    """api(user) -> a client sending that user's token (api(None): no credentials)."""

    def make(user: Any = None, **defaults: Any) -> SchemaCheckedClient:
        if user is not None:
            _token, key = issue_token(user, "test", None)
            defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
        return SchemaCheckedClient(openapi, **defaults)

    return make


@pytest.fixture
def other_unit(outsider) -> OrgUnit:  # type: ignore[no-untyped-def]
    """BBPOM-JKT (the outsider's unit) with a 2022 PK of one monthly indicator."""
    unit = OrgUnit.objects.get(code=OTHER)
    goal = Goal.objects.create(unit=unit, year=2022, perspective=Perspective.objects.first(), number=1, name="SS")
    indicator = Indicator.objects.create(goal=goal, number=1, code="JKT1", name="IKU Jakarta", unit_of_measure="%")
    agreement = PerformanceAgreement.objects.create(unit=unit, year=2022, in_force=True)
    AgreementTarget.objects.create(agreement=agreement, indicator=indicator, annual_target=Decimal(90))
    for month in range(1, 13):
        MonthlyTarget.objects.create(agreement=agreement, indicator=indicator, month=month, value=Decimal(90))
    return unit
