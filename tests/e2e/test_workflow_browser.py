"""Browser journey: planner enters a kuning month, head returns it, planner fixes it, head approves."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser
BCM = 'fieldset:has(legend:has-text("Business Continuity"))'


def log_out(page) -> None:
    page.click("button:has-text('Keluar')")
    page.wait_for_url("**/accounts/login/**")


def test_it_takes_a_month_from_entry_to_approval(page, live_server, demo):
    month = f"{live_server.url}/realisasi/PUSDATIN/2022/b9/"
    log_in(page, live_server, "perencana", "sakip-demo")
    page.goto(month)
    page.fill(f"{BCM} input[name$='-value']", "27")
    page.wait_for_selector(f"{BCM} .preview.crit-yellow")  # live preview: 27 / 30 = 90% kuning
    assert page.text_content(f"{BCM} .preview-capaian") == "90,00"
    page.click("button[value=submit]")
    assert page.locator(f"{BCM} .field-kendala .field-error").count() == 1  # kendala required when kuning
    page.fill(f"{BCM} textarea[name$='-kendala']", "Sumber daya DRC terbatas")
    page.fill(f"{BCM} textarea[name$='-rtl']", "Tambah aplikasi yang dibackup di DRC")
    page.click("button[value=submit]")
    assert page.text_content("#month-state") == "Diajukan"
    log_out(page)

    log_in(page, live_server, "kepala", "sakip-demo")
    page.goto(month)
    page.fill(".return-form label:has-text('Business Continuity') textarea", "Realisasi belum sesuai data DRC")
    page.click("button[value=return]")
    assert page.text_content("#month-state") == "Dikembalikan"
    log_out(page)

    log_in(page, live_server, "perencana", "sakip-demo")
    page.goto(month)
    assert "Realisasi belum sesuai data DRC" in page.text_content(f"{BCM} .review-comment")
    page.fill(f"{BCM} input[name$='-value']", "31")
    page.wait_for_selector(f"{BCM} .preview.crit-green")
    page.click("button[value=submit]")
    assert page.text_content("#month-state") == "Diajukan"
    log_out(page)

    log_in(page, live_server, "kepala", "sakip-demo")
    page.goto(month)
    page.click("button[value=approve]")
    assert page.text_content("#month-state") == "Disetujui"
    page.click("text=Kartu skor TW 3")
    row = page.locator('tr[data-indicator="4"] td[data-field="capaian"]')
    assert row.text_content().strip() == "103,33"  # 31 / 30
    page.screenshot(path="/tmp/sakip-workflow.png", full_page=True)
