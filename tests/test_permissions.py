"""Permission matrix: every view x every role x own / other unit -> 200 / 302 / 403 / 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Evidence, Realisation
from sakip.models import OrgUnit

pytestmark = pytest.mark.django_db

OWN, OTHER = "PUSDATIN", "BBPOM-JKT"
ROLES = ("planner", "head", "admin_user", "auditor", "outsider")


@pytest.fixture
def cast(request, planner, head, admin_user, auditor, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    realisation = Realisation.objects.get(indicator__code="KELUHAN", month=12)
    evidence = {}
    for code in (OWN, OTHER):
        if code == OTHER:
            unit = OrgUnit.objects.get(code=OTHER)
            realisation = _other_unit_realisation(unit)
        evidence[code] = Evidence.objects.create(
            realisation=realisation,
            file=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 test"),
            original_name="bukti.pdf",
            content_type="application/pdf",
            size=13,
            uploaded_by=planner,
        )
    users = {"planner": planner, "head": head, "admin_user": admin_user, "auditor": auditor, "outsider": outsider}
    return users, evidence


def _other_unit_realisation(unit: OrgUnit) -> Realisation:
    from indicators.models import Goal, Indicator, Perspective

    goal = Goal.objects.create(unit=unit, year=2022, perspective=Perspective.objects.first(), number=1, name="SS")
    indicator = Indicator.objects.create(goal=goal, number=1, name="IKU")
    return Realisation.objects.create(indicator=indicator, month=9, state="number", value=1)


def requests_for(code: str, evidence_pk: int) -> dict[str, tuple[str, str, dict[str, str]]]:
    args = [code, 2022, 9]
    return {
        "scorecard": ("get", reverse("reports:scorecard", args=[code, 2022, 3]), {}),
        "entry": ("get", reverse("indicators:month-entry", args=args), {}),
        "save": ("post", reverse("indicators:month-entry", args=args), {"action": "save"}),
        "preview": ("post", reverse("indicators:month-preview", args=[*args, 0]), {}),
        "review": ("post", reverse("indicators:month-review", args=args), {"action": "approve"}),
        "close": ("post", reverse("indicators:month-close", args=args), {"action": "lock"}),
        "evidence": ("get", reverse("indicators:evidence-download", args=[evidence_pk]), {}),
    }


# Expected status per view for a user who can see the unit, by role.
_ROW = ("scorecard", "entry", "save", "preview", "review", "close", "evidence")
VISIBLE = {
    "planner": dict(zip(_ROW, (200, 200, 200, 404, 403, 403, 200), strict=True)),
    "head": dict(zip(_ROW, (200, 200, 403, 404, 302, 403, 200), strict=True)),
    "admin_user": dict(zip(_ROW, (200, 200, 403, 404, 403, 302, 200), strict=True)),
    "auditor": dict(zip(_ROW, (200, 200, 403, 404, 403, 403, 200), strict=True)),
}
# save with an empty form re-renders with errors (200), not 403: the planner may save.
# preview of indicator id 0 is a 404 for everyone who can see the unit: the indicator does not exist.
SEES = {
    OWN: {"planner", "head", "admin_user", "auditor"},
    OTHER: {"admin_user", "auditor", "outsider"},  # the outsider heads BBPOM-JKT
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("code", [OWN, OTHER])
def test_it_allows_each_role_exactly_its_job(client, cast, role, code):
    users, evidence = cast
    client.force_login(users[role])
    expected_by_view = VISIBLE.get(role, VISIBLE["head"])
    for view, (method, url, data) in requests_for(code, evidence[code].pk).items():
        response = getattr(client, method)(url, data)
        if response.streaming:  # reading a FileResponse to its end closes its file
            b"".join(response.streaming_content)
        expected = expected_by_view[view] if role in SEES[code] else 404
        assert response.status_code == expected, f"{role} {view} {code}: {response.status_code} != {expected}"


@pytest.mark.parametrize(
    ("role", "status"),
    [("planner", 403), ("head", 403), ("outsider", 403), ("admin_user", 200), ("auditor", 200)],
)
def test_it_shows_the_audit_trail_to_auditors_and_admins_only(client, cast, role, status):
    users, _ = cast
    client.force_login(users[role])
    assert client.get(reverse("audit:trail")).status_code == status
    assert client.get(reverse("audit:trail") + "?export=csv").status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_home_and_the_status_grid_to_everyone_logged_in(client, cast, role):
    users, _ = cast
    client.force_login(users[role])
    assert client.get(reverse("home")).status_code == 200
    grid = client.get(reverse("indicators:status-grid"))
    assert grid.status_code == 200
    html = grid.content.decode()
    assert ('data-unit="PUSDATIN"' in html) == (role in SEES[OWN])


def test_it_sends_anonymous_users_to_the_login_page(client, cast):
    _, evidence = cast
    for _view, (method, url, data) in requests_for(OWN, evidence[OWN].pk).items():
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
