"""Browser journey: a planner submits a kuning month, the head returns it with a comment, the planner reads
the thread and fixes it, the head sees what changed since the return and approves."""

import pytest

from tests.e2e.conftest import log_in
from tests.e2e.month import fill_due_at_target, log_out, row, submit_and_confirm

pytestmark = pytest.mark.browser
BCM = row("Business Continuity")


def test_it_returns_a_month_with_its_history_and_approves_the_fix(page, live_server, demo):
    month = f"{live_server.url}/realisasi/PUSDATIN/2022/b9/"
    log_in(page, live_server, "perencana", "sakip-demo")
    page.goto(month)
    fill_due_at_target(page, except_names=("Business Continuity",))
    page.fill(f"{BCM} input[name$='-value']", "27")
    page.wait_for_selector(f"{BCM} .preview.crit-yellow")  # live preview: 27 / 30 = 90% kuning
    assert page.text_content(f"{BCM} .preview-capaian") == "90,00"
    page.click("button[value=submit]")  # saved as a draft; the confirmation lists what is missing
    assert "isi kendala & RTL" in page.text_content("#konfirmasi")
    assert page.locator("#confirm-submit").count() == 0
    page.click(f"#konfirmasi a[href='#{page.get_attribute(BCM, 'id')}']")
    page.fill(f"{BCM} textarea[name$='-kendala']", "Sumber daya DRC terbatas")
    page.fill(f"{BCM} textarea[name$='-rtl']", "Tambah aplikasi yang dibackup di DRC")
    submit_and_confirm(page)
    log_out(page)

    log_in(page, live_server, "kepala", "sakip-demo")
    page.goto(month)
    assert page.text_content(f"{BCM} .preview-capaian").strip() == "90,00"  # the head reviews with colours
    page.click(f"{BCM} details.review-box summary")
    page.fill(f"{BCM} textarea[name^='comment-']", "Realisasi belum sesuai data DRC")
    page.click("button[value=return]")
    assert page.text_content("#month-state") == "Dikembalikan"
    log_out(page)

    log_in(page, live_server, "perencana", "sakip-demo")
    page.goto(month)
    assert "Realisasi belum sesuai data DRC" in page.text_content(f"{BCM} .review-comment")
    page.click(f"{BCM} details.row-thread summary")
    assert "Realisasi belum sesuai data DRC" in page.text_content(f"{BCM} ol.thread")
    page.fill(f"{BCM} input[name$='-value']", "31")
    page.wait_for_selector(f"{BCM} .preview.crit-green")
    submit_and_confirm(page)
    log_out(page)

    log_in(page, live_server, "kepala", "sakip-demo")
    page.goto(month)
    assert "Business Continuity" in page.text_content("#review-summary")
    assert "Realisasi: 27 → 31" in " ".join(page.text_content(f"{BCM} .changes-since-return").split())
    page.click(f"{BCM} details.row-thread summary")
    thread = page.text_content(f"{BCM} ol.thread")
    assert "Dikembalikan" in thread and "Diajukan ulang, dengan perubahan" in thread
    page.click("button[value=approve]")
    assert page.text_content("#month-state") == "Disetujui"
    page.click("text=Kartu skor TW 3")
    cell = page.locator('tr[data-indicator="4"] td[data-field="capaian"]')
    assert cell.text_content().strip() == "103,33"  # 31 / 30
    page.screenshot(path="/tmp/sakip-workflow.png", full_page=True)
