"""The Django admin writes realisations and targets through the month workflow: locked, submitted and approved
months are read-only there too, saves bump the revision and meet the same optimistic-concurrency check."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indicators.models import AgreementTarget, MonthlyTarget, MonthStatus, PerformanceAgreement, Realisation
from sakip.models import AuditEvent
from tests.indicators.helpers import entry_post

pytestmark = pytest.mark.django_db
ENTRY = reverse("indicators:month-entry", args=["PUSDATIN", 2022, 9])


@pytest.fixture
def staff(demo) -> User:  # type: ignore[no-untyped-def]
    """The demo admin: staff, with the admin group's model permissions."""
    return User.objects.get(username="admin")


def realisation_post(realisation: Realisation, seen: int, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "state": realisation.state,
        "value": realisation.value if realisation.value is not None else "",
        "numerator": "",
        "denominator": "",
        "analysis": realisation.analysis,
        "kendala": realisation.kendala,
        "rtl": realisation.rtl,
        "activities": realisation.activities,
        "rtl_status": realisation.rtl_status,
        "seen_revision": seen,
        "_save": "Simpan",
    }
    data.update(changes)
    return data


def target_post(target: MonthlyTarget, value: str) -> dict[str, object]:
    return {"agreement": target.agreement_id, "indicator": target.indicator_id, "month": target.month, "value": value,
            "_save": "Simpan"}  # fmt: skip


def change_url(obj: object) -> str:
    return reverse(f"admin:indicators_{obj._meta.model_name}_change", args=[obj.pk])  # type: ignore[attr-defined]


def test_it_cannot_change_or_delete_a_locked_months_realisation_or_target(client, staff):
    keluhan = Realisation.objects.get(indicator__code="KELUHAN", month=12)  # PUSDATIN B12 is locked
    target = MonthlyTarget.objects.get(indicator__code="KELUHAN", month=12, agreement__in_force=True)
    client.force_login(staff)
    page = client.get(change_url(keluhan)).content.decode()
    assert 'name="_save"' not in page and 'name="value"' not in page  # shown read-only
    assert client.post(change_url(keluhan), realisation_post(keluhan, keluhan.revision, value="91")).status_code == 403
    assert client.post(change_url(target), target_post(target, "91")).status_code == 403
    for obj in (keluhan, target):
        delete = reverse(f"admin:indicators_{obj._meta.model_name}_delete", args=[obj.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        changelist = reverse(f"admin:indicators_{obj._meta.model_name}_changelist")
        bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        assert client.post(changelist, bulk).status_code == 403
    history = Realisation.history.filter(id=keluhan.pk).order_by("history_date").first()
    revert = reverse("admin:indicators_realisation_simple_history", args=[keluhan.pk, history.history_id])
    client.post(revert, realisation_post(keluhan, history.revision, value="50"))
    keluhan.refresh_from_db()
    target.refresh_from_db()
    assert (keluhan.value, target.value) == (Decimal(98), Decimal(95))
    assert not AuditEvent.objects.filter(action__in=["month.save", "target.save", "realisation.delete"]).exists()


def test_it_keeps_submitted_and_approved_months_read_only_in_the_admin(client, staff, planner):
    client.force_login(planner)
    client.post(ENTRY, entry_post("PUSDATIN", 2022, 9, {}, complete=True))
    bcm = Realisation.objects.get(indicator__code="BCM", month=9)
    target = MonthlyTarget.objects.get(indicator__code="BCM", month=9, agreement__in_force=True)
    client.force_login(staff)
    for state in ("submitted", "approved"):
        MonthStatus.objects.filter(unit__code="PUSDATIN", year=2022, month=9).update(state=state)
        assert client.post(change_url(bcm), realisation_post(bcm, bcm.revision, value="20")).status_code == 403
        assert client.post(change_url(target), target_post(target, "1")).status_code == 403
    MonthStatus.objects.filter(unit__code="PUSDATIN", year=2022, month=9).update(state="draft")
    response = client.post(change_url(target), target_post(target, "29"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal(29)
    assert AuditEvent.objects.get(action="target.save").detail["value"] == "29"


def test_it_saves_through_the_service_so_a_stale_planner_form_gets_the_conflict(client, staff, planner):
    client.force_login(planner)
    client.post(ENTRY, entry_post("PUSDATIN", 2022, 9, {"KELUHAN": {"value": "90"}}))
    stale = entry_post("PUSDATIN", 2022, 9, {"KELUHAN": {"value": "91"}})  # the planner's form, still open
    keluhan = Realisation.objects.get(indicator__code="KELUHAN", month=9)
    assert keluhan.revision == 1

    client.force_login(staff)
    response = client.post(change_url(keluhan), realisation_post(keluhan, 1, value="95"))
    assert response.status_code == 302, response.content.decode()[:3000]
    keluhan.refresh_from_db()
    assert (keluhan.value, keluhan.revision, keluhan.updated_by) == (Decimal(95), 2, staff)
    event = AuditEvent.objects.filter(action="month.save").latest("id")
    assert event.user == staff and event.detail["source"] == "admin"
    assert Realisation.history.filter(id=keluhan.pk).latest("history_date").history_user == staff

    client.force_login(planner)
    html = client.post(ENTRY, stale).content.decode()
    assert "Diubah oleh admin" in html and "Tidak ada yang disimpan" in html
    keluhan.refresh_from_db()
    assert keluhan.value == Decimal(95)

    client.force_login(staff)  # and the other way round: an admin page opened before the planner's save
    client.force_login(planner)
    client.post(ENTRY, entry_post("PUSDATIN", 2022, 9, {"KELUHAN": {"value": "96"}}))
    client.force_login(staff)
    html = client.post(change_url(keluhan), realisation_post(keluhan, 2, value="97")).content.decode()
    assert "diubah oleh alice sejak halaman dibuka" in html
    keluhan.refresh_from_db()
    assert keluhan.value == Decimal(96)


@pytest.mark.parametrize(("typed", "message"), [("9999999999999999", "terlalu besar"), ("-3", "tidak boleh negatif")])
def test_it_checks_admin_numbers_like_the_entry_form(client, staff, planner, typed, message):
    client.force_login(planner)
    client.post(ENTRY, entry_post("PUSDATIN", 2022, 9, {"KELUHAN": {"value": "90"}}))
    keluhan = Realisation.objects.get(indicator__code="KELUHAN", month=9)
    target = MonthlyTarget.objects.get(indicator__code="KELUHAN", month=9, agreement__in_force=True)
    client.force_login(staff)
    html = client.post(change_url(keluhan), realisation_post(keluhan, 1, value=typed)).content.decode()
    assert message in html
    html = client.post(change_url(target), target_post(target, typed)).content.decode()
    assert message in html
    keluhan.refresh_from_db()
    target.refresh_from_db()
    assert (keluhan.value, target.value) == (Decimal(90), Decimal(96))


def test_it_freezes_annual_targets_and_agreements_once_a_month_is_reported(client, staff):
    agreement = PerformanceAgreement.objects.get(unit__code="PUSDATIN", year=2022, in_force=True)
    client.force_login(staff)
    page = client.get(change_url(agreement)).content.decode()
    assert 'name="targets-0-annual_target"' not in page  # PUSDATIN 2022 has locked months
    delete = reverse("admin:indicators_performanceagreement_delete", args=[agreement.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AgreementTarget.objects.filter(agreement=agreement).count() == 17
    MonthStatus.objects.filter(unit__code="PUSDATIN", year=2022).delete()
    assert 'name="targets-0-annual_target"' in client.get(change_url(agreement)).content.decode()
