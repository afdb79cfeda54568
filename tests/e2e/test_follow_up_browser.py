"""The follow-up page on a phone (390 px) under the site's Content-Security-Policy: the planner saves a status."""

from __future__ import annotations

import pytest

from indicators.models import ActionPlan, Indicator, Recommendation, RecommendationStatus
from sakip.models import OrgUnit
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_the_planner_saves_a_follow_up_on_a_phone_without_a_policy_violation(
    browser, live_server, demo, transactional_db
):
    unit = OrgUnit.objects.get(code="PUSDATIN")
    rec = Recommendation.objects.create(unit=unit, year=2022, text="Percepat penanganan keluhan TIK " * 4)
    rec.indicators.set([Indicator.objects.get(goal__unit=unit, goal__year=2022, number=3)])
    tw2 = RecommendationStatus.objects.create(recommendation=rec, quarter=2, status="belum")
    ActionPlan.objects.create(status=tw2, text="Otomasi Help Pusdatin", timeline="Desember 2022")
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text[:90]))
    log_in(page, live_server, "perencana", "sakip-demo")
    response = page.goto(f"{live_server.url}/realisasi/PUSDATIN/2022/tw3/tindak-lanjut/")
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    main = page.locator("main")
    wider = main.evaluate(
        "el => [...el.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).length"
    )
    assert wider == 0 and main.evaluate("el => el.scrollWidth <= el.clientWidth")
    page.check(f"input[name='r{rec.pk}-status'][value='selesai']")
    page.fill(f"input[name='r{rec.pk}-done_on']", "2022-09-20")
    page.fill(f"textarea[name='r{rec.pk}-evidence']", "Laporan otomasi Help Pusdatin")
    page.click(f"#rek-{rec.pk} button[value=save]")
    page.wait_for_selector(".messages:has-text('disimpan sebagai draf')")
    assert RecommendationStatus.objects.get(recommendation=rec, quarter=3).evidence == "Laporan otomasi Help Pusdatin"
    assert violations == []
    context.close()
