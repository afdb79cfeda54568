"""Content-Security-Policy: every page works under the policy, with no violation reported by the browser."""

from __future__ import annotations

import pytest

from indicators.models import Indicator, Realisation
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/realisasi/PUSDATIN/2022/b12/",
    "/realisasi/status/",
    "/reports/scorecard/SETTAMA/2023/q2/",
    "/reports/lapkin/",
    "/reports/lapkin/SETTAMA/2023/q2/",
    "/agency/2023/q2/",
    "/audit/",
    "/imports/",
    "/notifikasi/",
    "/akun/2fa/",
    "/admin/",
    "/admin/indicators/realisation/",
    "/admin/indicators/realisation/import/",
    "/admin/indicators/indicator/{indicator}/change/",
    "/admin/indicators/realisation/{realisation}/history/",
    "/api/docs/",
]


def test_it_shows_every_page_without_a_policy_violation(page, live_server, demo):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(f"{page.url}: {message.text[:90]}")
        ),
    )
    page.on("pageerror", lambda error: violations.append(f"script error: {error}"))
    ids = {
        "indicator": Indicator.objects.get(code="KELUHAN").pk,
        "realisation": Realisation.objects.filter(indicator__code="KELUHAN").first().pk,
    }
    log_in(page, live_server, "admin", "sakip-demo")
    for path in PAGES:
        response = page.goto(live_server.url + path.format(**ids))
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/realisasi/PUSDATIN/2022/b12/")
    page.select_option("select[name=language]", "en")  # the switch submits itself (no inline handler)
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server.url + "/publik/")
    assert violations == []
