"""Month workflow: submit, return with comments, resubmit, approve, lock, reopen; conflicts; lateness."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from indicators.models import MonthStatus, Realisation, ReviewComment
from sakip.models import AuditEvent, Membership, OrgUnit, Role
from tests.indicators.helpers import entry_post

pytestmark = pytest.mark.django_db
ARGS = ["PUSDATIN", 2022, 9]
ENTRY = reverse("indicators:month-entry", args=ARGS)
REVIEW = reverse("indicators:month-review", args=ARGS)
CLOSE = reverse("indicators:month-close", args=ARGS)
SUBMIT = reverse("indicators:month-submit", args=ARGS)


def status() -> MonthStatus:
    return MonthStatus.objects.get(unit__code="PUSDATIN", year=2022, month=9)


def bcm_id() -> int:
    return Realisation.objects.get(indicator__code="BCM", month=12).indicator_id


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def submit(client, changes: dict) -> None:  # type: ignore[no-untyped-def]
    """Save the month with every due indicator filled (the rest at their targets) and confirm the submission."""
    response = client.post(ENTRY, entry_post(*ARGS, changes, action="submit", complete=True))
    assert response.status_code == 302 and response.url.endswith("?ajukan=1#konfirmasi"), response
    assert client.post(SUBMIT).status_code == 302


def test_it_walks_a_month_from_draft_to_locked_and_back(client, planner, head, admin_user):
    client.force_login(planner)
    submit(client, {"BCM": {"value": "27", "kendala": "DRC terbatas", "rtl": "Tambah aplikasi DRC"}})
    assert status().state == "submitted"

    client.force_login(head)
    response = client.post(REVIEW, {"action": "return", f"comment-{bcm_id()}": "Lampirkan daftar aplikasi DRC"})
    assert response.status_code == 302 and status().state == "returned"

    client.force_login(planner)
    html = client.get(ENTRY).content.decode()
    assert "Lampirkan daftar aplikasi DRC" in html and "has-comments" in html
    submit(client, {"BCM": {"value": "27", "kendala": "DRC terbatas", "rtl": "Tambah aplikasi DRC", "analysis": "6"}})
    assert status().state == "submitted"
    assert not ReviewComment.objects.filter(resolved=False).exists()

    client.force_login(head)
    client.post(REVIEW, {"action": "approve"})
    assert status().state == "approved"

    client.force_login(admin_user)
    client.post(CLOSE, {"action": "lock"})
    assert status().state == "locked"

    client.force_login(planner)
    response = client.post(ENTRY, entry_post(*ARGS, {"BCM": {"value": "31"}}), follow=True)
    assert "tidak dapat diubah" in " ".join(messages_of(response))
    assert Realisation.objects.get(indicator_id=bcm_id(), month=9).value == Decimal(27)

    client.force_login(admin_user)
    response = client.post(CLOSE, {"action": "reopen", "reason": ""}, follow=True)
    assert status().state == "locked" and "Alasan" in " ".join(messages_of(response))
    client.post(CLOSE, {"action": "reopen", "reason": "Koreksi data BCM dari Biro Umum"})
    assert status().state == "draft"

    actions = list(AuditEvent.objects.filter(unit__code="PUSDATIN", period="2022-B09").values_list("action", flat=True))
    for action in ("month.save", "month.submit", "month.return", "month.approve", "month.lock", "month.reopen"):
        assert action in actions
    reopen = AuditEvent.objects.get(action="month.reopen")
    assert reopen.detail["reason"] == "Koreksi data BCM dari Biro Umum" and reopen.user == admin_user


@pytest.mark.parametrize(
    ("who", "url", "data", "message"),
    [
        ("head", REVIEW, {"action": "approve"}, "Tidak dapat"),  # nothing submitted yet
        ("admin_user", CLOSE, {"action": "lock"}, "Tidak dapat"),  # not approved
        ("admin_user", CLOSE, {"action": "reopen", "reason": "x"}, "Tidak dapat"),  # not approved or locked
    ],
)
def test_it_refuses_transitions_the_state_does_not_allow(client, request, who, url, data, message):
    request.getfixturevalue("planner")
    client.force_login(request.getfixturevalue(who))
    response = client.post(url, data, follow=True)
    assert message in " ".join(messages_of(response))
    assert not MonthStatus.objects.filter(unit__code="PUSDATIN", year=2022, month=9).exclude(state="draft").exists()


def test_it_needs_a_comment_to_return_a_month(client, planner, head):
    client.force_login(planner)
    submit(client, {"KELUHAN": {"value": "97"}})
    client.force_login(head)
    response = client.post(REVIEW, {"action": "return"}, follow=True)
    assert "komentar" in " ".join(messages_of(response))
    assert status().state == "submitted"


def test_it_does_not_let_an_approved_month_be_resubmitted(client, planner, head):
    client.force_login(planner)
    submit(client, {"KELUHAN": {"value": "97"}})
    client.force_login(head)
    client.post(REVIEW, {"action": "approve"})
    client.force_login(planner)
    response = client.post(ENTRY, entry_post(*ARGS, {"KELUHAN": {"value": "98"}}, action="submit"), follow=True)
    assert "tidak dapat diubah" in " ".join(messages_of(response))
    assert status().state == "approved"


def test_it_shows_the_second_editor_a_conflict_with_the_other_change(client, planner):
    colleague = User.objects.create_user("frank", password="x")
    Membership.objects.create(user=colleague, unit=OrgUnit.objects.get(code="PUSDATIN"), role=Role.PLANNER)
    stale = entry_post(*ARGS, {"BCM": {"value": "30,5"}})  # both opened the page now
    client.force_login(colleague)
    assert client.post(ENTRY, entry_post(*ARGS, {"BCM": {"value": "31"}})).status_code == 302
    client.force_login(planner)
    response = client.post(ENTRY, stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diubah oleh frank" in html and "31,00" in html
    assert "Tidak ada yang disimpan" in html
    assert Realisation.objects.get(indicator_id=bcm_id(), month=9).value == Decimal(31)


def test_it_flags_a_late_submission(client, planner, head):
    client.force_login(planner)
    submit(client, {"KELUHAN": {"value": "97"}})
    event = AuditEvent.objects.get(action="month.submit")
    assert event.detail["late"] is True  # due 10 October 2022
    assert "Terlambat" in client.get(ENTRY).content.decode()
    client.force_login(head)
    grid = client.get(reverse("indicators:status-grid") + "?tahun=2022").content.decode()
    assert 'class="state state-submitted is-late" data-month="9"' in grid
    assert 'class="state state-locked" data-month="12"' in grid  # the demo's reported month, on time


def test_it_records_the_user_and_old_and_new_values_of_every_kind_of_change(client, planner, auditor):
    from budget.models import BudgetLine
    from indicators.models import AgreementTarget, MonthlyTarget, PerformanceAgreement

    client.force_login(planner)
    client.post(ENTRY, entry_post(*ARGS, {"KELUHAN": {"value": "97"}}))
    client.post(ENTRY, entry_post(*ARGS, {"KELUHAN": {"value": "98"}}))
    history = Realisation.history.filter(indicator__code="KELUHAN", month=9).order_by("history_date")
    assert [h.value for h in history] == [Decimal(97), Decimal(98)]
    assert {h.history_user for h in history} == {planner}

    target = MonthlyTarget.objects.filter(agreement__unit__code="PUSDATIN", month=9).first()
    target.value = Decimal(77)
    target.save()
    line = BudgetLine.objects.filter(unit__code="PUSDATIN").first()
    line.blokir = Decimal(1000)
    line.save()
    annual = AgreementTarget.objects.filter(agreement__unit__code="PUSDATIN").first()
    annual.annual_target = Decimal(5)
    annual.save()
    agreement = PerformanceAgreement.objects.get(unit__code="PUSDATIN", version=2)
    agreement.letter_number = "PR.01/2022"
    agreement.save()

    client.force_login(auditor)
    page = client.get(reverse("audit:trail") + "?unit=PUSDATIN&year=2022").content.decode()
    html = page[page.index("<tbody>") :]
    for label in ("Realisasi", "Target bulanan (RAPK)", "Anggaran", "Target tahunan", "PK", "Status bulan"):
        assert label in html
    assert "Realisasi</span>: <del>97</del> → <ins>98</ins>" in html
    assert "Realisasi disimpan" in html
    page = client.get(reverse("audit:trail") + "?user=alice").content.decode()
    only_alice = page[page.index("<tbody>") :]
    assert "alice" in only_alice and "Target bulanan (RAPK)" not in only_alice


def test_it_never_marks_a_unit_without_a_pk_late(client, head, admin_user):
    client.force_login(admin_user)
    grid = client.get(reverse("indicators:status-grid") + "?tahun=2022").content.decode()
    bpom = re.search(r'<tr data-unit="BPOM">(.*?)</tr>', grid, re.S).group(1)
    assert "is-late" not in bpom and "terlambat" not in bpom
    assert "Belum ada Perjanjian Kinerja 2022" in bpom
    pusdatin = re.search(r'<tr data-unit="PUSDATIN">(.*?)</tr>', grid, re.S).group(1)
    assert 'class="state state-not_started is-late" data-month="1"' in pusdatin  # due and never entered


def test_it_opens_on_the_year_with_work_in_progress_and_tells_approved_from_locked(client, planner, head):
    client.force_login(head)
    assert "Status realisasi bulanan 2023" in client.get(reverse("indicators:status-grid")).content.decode()
    client.force_login(planner)
    client.post(ENTRY, entry_post(*ARGS, {"KELUHAN": {"value": "97"}}))  # a 2022 draft
    client.force_login(head)
    grid = client.get(reverse("indicators:status-grid")).content.decode()
    assert "Status realisasi bulanan 2022" in grid
    legend = grid[grid.index('class="legend status-legend"') : grid.index("</section>")]
    assert 'swatch state-approved"></span><strong>Disetujui' in legend
    assert 'swatch state-locked"></span><strong>Dikunci' in legend
    css = (settings.BASE_DIR / "static/css/sakip.css").read_text()
    approved = re.search(r"\.state-approved \{([^}]*)\}", css).group(1)
    locked = re.search(r"\.state-locked \{([^}]*)\}", css).group(1)
    assert approved != locked
