"""The home page inbox: each role's tasks of the monthly round, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inbox.services import build_inbox
from indicators import workflow
from indicators.models import Indicator, MonthStatus, PerformanceAgreement
from reports.models import Report
from sakip.audit import record_event
from sakip.models import Membership, OrgUnit, Role
from tests.month_helpers import submitted

pytestmark = pytest.mark.django_db
HOME = reverse("home")
PUSDATIN = ("PUSDATIN", 2022)


def month_url(code: str, year: int, month: int) -> str:
    return reverse("indicators:month-entry", args=[code, year, month])


def section(html: str, name: str) -> str:
    match = re.search(rf'<section class="inbox-section" id="inbox-{name}">(.*?)</section>', html, re.S)
    assert match, f"no {name} section"
    return match.group(1)


def submit(client, user, month: int) -> None:  # type: ignore[no-untyped-def]
    submitted(user, *PUSDATIN, month)


def test_it_tells_a_planner_which_months_are_due_and_which_are_overdue(planner):
    inbox = build_inbox(planner, dt.date(2022, 10, 5))
    assert [task.label for task in inbox.due] == ["B09 2022", "B10 2022"]  # due 10 October, 10 November
    assert [task.label for task in inbox.overdue] == [f"B{m:02d} 2022" for m in range(1, 9)]
    assert inbox.due[0].url == month_url(*PUSDATIN, 9)
    assert not inbox.to_review and not inbox.to_lock


def test_it_shows_a_planner_the_returned_month_with_the_heads_comments(client, planner, head):
    submit(client, planner, 9)
    keluhan = Indicator.objects.get(code="KELUHAN", goal__unit__code="PUSDATIN")
    workflow.return_month(head, OrgUnit.objects.get(code="PUSDATIN"), 2022, 9, {keluhan: "Data keluhan belum lengkap"})
    client.force_login(planner)
    html = client.get(HOME).content.decode()
    returned = section(html, "returned")
    assert f'href="{month_url(*PUSDATIN, 9)}"' in returned
    assert "Data keluhan belum lengkap" in returned and f"IKU {keluhan.number}" in returned
    assert "dikembalikan oleh bob" in returned
    assert "B09 2022" not in section(html, "overdue")  # listed once, as returned


def test_it_shows_a_head_the_months_awaiting_review_oldest_first_and_the_late_units(client, planner, head):
    submit(client, planner, 10)
    submit(client, planner, 9)
    MonthStatus.objects.filter(unit__code="PUSDATIN", month=9).update(
        submitted_at=timezone.now() - dt.timedelta(days=3)
    )
    client.force_login(head)
    html = client.get(HOME).content.decode()
    review = section(html, "review")
    assert review.index(month_url(*PUSDATIN, 9)) < review.index(month_url(*PUSDATIN, 10))
    assert "diajukan oleh alice" in review
    late = section(html, "late-units")
    assert "<strong>PUSDATIN</strong>" in late and "<strong>SETTAMA</strong>" in late
    assert f'href="{month_url("PUSDATIN", 2022, 1)}"' in late
    assert f'href="{month_url("SETTAMA", 2023, 3)}"' not in late  # reported and locked on time
    assert 'id="inbox-returned"' not in html and 'id="inbox-lock"' not in html  # not a planner, not an admin


def test_it_shows_an_admin_the_months_to_lock_and_what_failed(client, planner, head, admin_user):
    submit(client, planner, 9)
    workflow.approve_month(head, OrgUnit.objects.get(code="PUSDATIN"), 2022, 9)
    settama = OrgUnit.objects.get(code="SETTAMA")
    report = Report.objects.create(
        unit=settama, year=2023, quarter=2, status=Report.Status.FAILED, error="WeasyPrint: boom",
        place="Jakarta", signed_on=dt.date(2023, 7, 20), signatory_name="X", signatory_title="Y",
    )  # fmt: skip
    record_event(admin_user, "import.rejected", kind="budget", file="anggaran.xlsx", problems=3, first="baris 7: x")
    client.force_login(admin_user)
    html = client.get(HOME).content.decode()
    assert f'href="{month_url(*PUSDATIN, 9)}"' in section(html, "lock")
    failed = section(html, "failed-reports")
    assert reverse("reports:report-detail", args=[report.pk]) in failed and "WeasyPrint: boom" in failed
    imports = section(html, "failed-imports")
    assert "anggaran.xlsx" in imports and "3 kesalahan" in imports and "baris 7: x" in imports
    Report.objects.create(
        unit=settama, year=2023, quarter=2, status=Report.Status.DONE,
        place="Jakarta", signed_on=dt.date(2023, 7, 20), signatory_name="X", signatory_title="Y",
    )  # fmt: skip
    assert "WeasyPrint: boom" not in section(client.get(HOME).content.decode(), "failed-reports")  # redone since


def test_it_records_a_rejected_import_for_the_admins_inbox(client, admin_user, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_user)
    upload = SimpleUploadedFile("rusak.xlsx", b"not a spreadsheet")
    with django_capture_on_commit_callbacks(execute=True):  # the import job is queued once the upload commits
        client.post(reverse("imports:page"), {"kind": "budget", "file": upload})
    [event] = build_inbox(admin_user, timezone.localdate()).failed_imports
    assert (event.detail["file"], event.detail["kind"], event.detail["problems"]) == ("rusak.xlsx", "budget", 1)


def add_units(count: int, planner, head) -> None:  # type: ignore[no-untyped-def]
    """More units under SETTAMA with a PK each, a submitted and a returned month, the planner and head in them."""
    settama = OrgUnit.objects.get(code="SETTAMA")
    source = PerformanceAgreement.objects.get(unit__code="PUSDATIN", in_force=True)
    for n in range(count):
        unit = OrgUnit.objects.create(code=f"UPT-{n}", name=f"Balai {n}", kind=OrgUnit.Kind.UPT, parent=settama)
        PerformanceAgreement.objects.create(unit=unit, year=2022, version=1, in_force=True)
        Membership.objects.create(user=planner, unit=unit, role=Role.PLANNER)
        for month, state in ((9, MonthStatus.State.SUBMITTED), (10, MonthStatus.State.RETURNED)):
            MonthStatus.objects.create(
                unit=unit, year=2022, month=month, state=state, deadline=workflow.deadline_for(2022, month),
                submitted_at=timezone.now(), reviewed_at=timezone.now(),
            )  # fmt: skip
    assert source  # the new PKs have no targets: their months are not due, their statuses still show


@pytest.mark.parametrize("role", ["planner", "head", "admin_user"])
def test_it_answers_with_a_fixed_number_of_queries_whatever_the_number_of_units(
    client, planner, head, admin_user, django_assert_max_num_queries, role
):
    user = {"planner": planner, "head": head, "admin_user": admin_user}[role]
    client.force_login(user)
    client.get(HOME)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(HOME).status_code == 200
    add_units(15, planner, head)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(HOME).content.decode()
    assert "UPT-14" in html
