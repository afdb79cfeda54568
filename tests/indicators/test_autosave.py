"""Autosave of drafts: the page's fields go to the draft endpoint, saved through the same service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import MonthStatus, Realisation
from sakip.models import AuditEvent
from tests.indicators.helpers import entry_post

pytestmark = pytest.mark.django_db
ARGS = ["PUSDATIN", 2022, 9]
ENTRY = reverse("indicators:month-entry", args=ARGS)
DRAFT = reverse("indicators:month-draft", args=ARGS)


def bcm() -> Realisation:
    return Realisation.objects.get(indicator__code="BCM", month=9)


def test_it_saves_a_draft_and_answers_the_new_revisions(client, planner):
    client.force_login(planner)
    data = entry_post(*ARGS, {"BCM": {"value": "27"}})
    response = client.post(DRAFT, data)
    assert response.status_code == 200
    assert bcm().value == Decimal(27)
    assert response.json()["revisions"] == {f"i{bcm().indicator_id}": 1}
    assert "Draf tersimpan otomatis pukul" in response.json()["message"]
    assert AuditEvent.objects.get(action="month.save").detail["source"] == "autosave"
    data[f"i{bcm().indicator_id}-revision"] = "1"  # what the script writes back into the form
    data[f"i{bcm().indicator_id}-value"] = "28"
    assert client.post(ENTRY, data).status_code == 302  # the Save button after an autosave: no conflict
    assert bcm().value == Decimal(28)


def test_it_saves_nothing_that_is_invalid_stale_or_no_longer_a_draft(client, planner, auditor, outsider):
    client.force_login(planner)
    response = client.post(DRAFT, entry_post(*ARGS, {"BCM": {"value": "123456789012345678901234567890"}}))
    assert response.status_code == 400 and "periksa indikator 4." in response.json()["message"]
    stale = entry_post(*ARGS, {"BCM": {"value": "30"}})
    client.post(ENTRY, entry_post(*ARGS, {"BCM": {"value": "27"}}))
    response = client.post(DRAFT, stale)
    assert response.status_code == 409 and response.json()["stop"] is True
    assert bcm().value == Decimal(27)
    MonthStatus.objects.filter(unit__code="PUSDATIN", month=9).update(state="submitted")
    response = client.post(DRAFT, entry_post(*ARGS, {"BCM": {"value": "31"}}))
    assert response.status_code == 409 and "tidak dapat diubah" in response.json()["message"]
    assert bcm().value == Decimal(27)
    client.force_login(auditor)
    assert client.post(DRAFT, stale).status_code == 403
    client.force_login(outsider)
    assert client.post(DRAFT, stale).status_code == 404
