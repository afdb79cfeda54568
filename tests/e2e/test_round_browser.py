"""Browser journeys of the monthly round: the planner's and the head's inbox (one click to the month), a
reminder mail followed to its month (sent once, not twice), and the phone-width layout."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from indicators import workflow
from indicators.models import Indicator
from sakip.models import OrgUnit
from tests.e2e.conftest import log_in
from tests.month_helpers import submitted

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_the_planner_opens_a_returned_month_from_the_inbox(page, live_server, demo):
    from django.contrib.auth.models import User

    planner, head = User.objects.get(username="perencana"), User.objects.get(username="kepala")
    submitted(planner, "PUSDATIN", 2022, 9)
    keluhan = Indicator.objects.get(code="KELUHAN", goal__unit__code="PUSDATIN")
    workflow.return_month(
        head, OrgUnit.objects.get(code="PUSDATIN"), 2022, 9, {keluhan: "Rekap keluhan belum dilampirkan"}
    )
    log_in(page, live_server, "perencana", "sakip-demo")
    returned = page.locator("#inbox-returned")
    assert "Rekap keluhan belum dilampirkan" in returned.text_content()
    assert page.locator("#inbox-overdue a.task").count() >= 8  # B01..B08 2022 never entered
    returned.locator("a.task").first.click()
    page.wait_for_url("**/realisasi/PUSDATIN/2022/b9/")
    assert page.text_content("#month-state") == "Dikembalikan"
    assert "Rekap keluhan belum dilampirkan" in page.content()


def test_the_head_opens_the_oldest_month_awaiting_review_from_the_inbox(page, live_server, demo):
    from django.contrib.auth.models import User

    planner = User.objects.get(username="perencana")
    submitted(planner, "PUSDATIN", 2022, 9)
    submitted(planner, "PUSDATIN", 2022, 10)
    log_in(page, live_server, "kepala", "sakip-demo")
    tasks = page.locator("#inbox-review a.task")
    assert [tasks.nth(i).text_content() for i in range(tasks.count())] == ["PUSDATIN B09 2022", "PUSDATIN B10 2022"]
    assert "PUSDATIN" in page.text_content("#inbox-late-units")
    tasks.first.click()
    page.wait_for_url("**/realisasi/PUSDATIN/2022/b9/")
    assert page.text_content("#month-state") == "Diajukan"


def test_a_reminder_mail_leads_the_planner_to_the_month_and_comes_once(page, live_server, demo, mailoutbox):
    call_command("send_reminders", "--date", "2022-10-07")  # 3 days before B09's deadline
    call_command("send_reminders", "--date", "2022-10-07")  # the beat job and a manual run on the same day
    [mail] = [m for m in mailoutbox if m.to == ["perencana@example.org"]]
    assert mail.subject == "[SAKIP] Pengingat: realisasi PUSDATIN B09 (September 2022) jatuh tempo"
    path = re.search(r"https?://[^/\s]+(/realisasi/PUSDATIN/2022/b9/)", mail.body).group(1)  # on SAKIP_BASE_URL
    log_in(page, live_server, "perencana", "sakip-demo")
    page.goto(live_server.url + path)
    page.wait_for_url("**/realisasi/PUSDATIN/2022/b9/")
    assert page.text_content("#month-state") == "Belum mulai"


@pytest.mark.parametrize(
    "path", ["/", "/realisasi/status/?tahun=2022", "/reports/scorecard/SETTAMA/2023/q2/", "/audit/"]
)
def test_it_fits_a_phone_screen_without_sideways_scrolling(browser, live_server, demo, path):
    context = browser.new_context(viewport=PHONE, locale="id-ID", device_scale_factor=1)
    page = context.new_page()
    log_in(page, live_server, "admin", "sakip-demo")
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not page.is_visible("nav[aria-label='Menu utama']")  # folded behind the menu button
    page.click(".menu-button")
    assert page.is_visible("text=Status realisasi")
    shot = page.screenshot(full_page=True)
    assert int.from_bytes(shot[16:20], "big") == PHONE["width"]  # PNG width: nothing wider than the phone
    context.close()
