"""Browser journey: an admin opens the leadership dashboard for the 103 satker (map, scatter), drills down from
the agency to a group, to a unit's scorecard through its dot on the map, to an indicator's month entry."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_it_drills_down_from_the_map_to_a_month_entry(page, live_server, bpom):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "admin", "sakip-demo")
    page.click("text=Kinerja BPOM")
    page.wait_for_url("**/agency/2024/q2/")
    page.wait_for_selector("#province-map circle.unit-dot")
    assert page.locator("#province-map path.province").count() == 33
    assert page.locator("#province-map circle.unit-dot").count() == 103
    assert page.get_attribute("#scatter", "data-points") == "30"  # the central satker: score and absorption
    assert page.locator("#units tbody tr").count() == 103
    assert page.text_content("#absorption-pagu-aa").strip() == "47,24%"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/sakip-agency-dashboard.png", full_page=True)

    page.click('#budget-groups a[href="?kelompok=loka"]')  # agency -> group
    page.wait_for_url("**/agency/2024/q2/?kelompok=loka")
    assert page.locator("#units tbody tr").count() == 31
    assert page.text_content("#absorption-pagu").strip() == "41,88%"

    page.goto(f"{live_server.url}/agency/2024/q2/?kelompok=central")
    page.click("#units thead th:nth-child(9)")  # sort by score
    first = page.locator("#units tbody tr").first.get_attribute("data-unit")
    page.click("#units thead th:nth-child(9)")
    assert page.locator("#units tbody tr").first.get_attribute("data-unit") != first
    page.wait_for_selector('circle.unit-dot[data-unit="DIT-INTELIJEN"]')
    page.locator('circle.unit-dot[data-unit="DIT-INTELIJEN"]').dispatch_event("click")  # group -> unit
    page.wait_for_url("**/reports/scorecard/DIT-INTELIJEN/2024/q2/")
    assert page.text_content("#unit-score").strip() == "86,22"
    page.click('tr[data-indicator="7"] a.indicator-link')  # unit -> indicator -> month entry
    page.wait_for_url("**/realisasi/DIT-INTELIJEN/2024/b6/#ind-7")
    assert "Persentase laporan informasi yang sesuai standar" in page.text_content("#ind-7")
    assert errors == []
