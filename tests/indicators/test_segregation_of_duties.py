"""Segregation of duties: whoever submitted a month cannot approve it; another head of the unit or a head of
an ancestor unit does."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indicators import workflow
from indicators.models import MonthStatus
from sakip.models import Membership, OrgUnit, Role
from tests.indicators.helpers import entry_post

pytestmark = pytest.mark.django_db
ARGS = ["PUSDATIN", 2022, 9]
ENTRY = reverse("indicators:month-entry", args=ARGS)
REVIEW = reverse("indicators:month-review", args=ARGS)
SUBMIT = reverse("indicators:month-submit", args=ARGS)
SUBMISSION = {"BCM": {"value": "27", "kendala": "DRC terbatas", "rtl": "Tambah aplikasi DRC"}}


@pytest.fixture
def planner_and_head(demo) -> User:  # type: ignore[no-untyped-def]
    """Planner and head of PUSDATIN at once."""
    user = User.objects.create_user("fajar", password="x")
    unit = OrgUnit.objects.get(code="PUSDATIN")
    Membership.objects.create(user=user, unit=unit, role=Role.PLANNER)
    Membership.objects.create(user=user, unit=unit, role=Role.HEAD)
    return user


def submit(client) -> None:  # type: ignore[no-untyped-def]
    """Save the month complete, then confirm the submission, as the page asks."""
    assert client.post(ENTRY, entry_post(*ARGS, SUBMISSION, action="submit", complete=True)).status_code == 302
    assert client.post(SUBMIT).status_code == 302
    assert state() == "submitted"


def state() -> str:
    return MonthStatus.objects.get(unit__code="PUSDATIN", year=2022, month=9).state


def test_it_refuses_approving_the_month_one_submitted(client, planner_and_head):
    client.force_login(planner_and_head)
    submit(client)
    page = client.get(ENTRY).content.decode()
    assert 'id="self-approval"' in page and 'value="approve"' not in page
    response = client.post(REVIEW, {"action": "approve"}, follow=True)
    assert "tidak dapat menyetujuinya sendiri" in response.content.decode()
    assert state() == "submitted"
    with pytest.raises(workflow.TransitionError):
        workflow.approve_month(planner_and_head, OrgUnit.objects.get(code="PUSDATIN"), 2022, 9)


def test_it_lets_another_head_of_the_unit_or_the_parent_unit_approve(client, planner_and_head, head):
    client.force_login(planner_and_head)
    submit(client)
    client.force_login(head)  # head of SETTAMA, PUSDATIN's parent
    page = client.get(ENTRY).content.decode()
    assert 'value="approve"' in page and 'id="self-approval"' not in page
    client.post(REVIEW, {"action": "approve"})
    assert state() == "approved"
    assert MonthStatus.objects.get(unit__code="PUSDATIN", year=2022, month=9).reviewed_by == head
