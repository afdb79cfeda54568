"""Browser journey: a unit head logs in and reads the SETTAMA TW II 2023 scorecard."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_it_shows_the_head_105_84_and_the_grey_cell_of_indicator_27(page, live_server, demo):
    log_in(page, live_server, "kepala", "sakip-demo")
    page.click('a[href="/reports/scorecard/SETTAMA/2023/q2/"]')
    page.wait_for_url("**/reports/scorecard/SETTAMA/2023/q2/")
    assert page.text_content("#unit-score").strip() == "105,84"
    cell = page.locator('tr[data-indicator="27"] td[data-field="capaian"]')
    assert cell.text_content().strip() == "120,19"
    colour = cell.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(107, 107, 107)"  # abu gelap, Tidak Dapat Disimpulkan
    page.screenshot(path="/tmp/sakip-scorecard.png", full_page=True)
