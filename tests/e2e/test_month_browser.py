"""Browser journeys of the month page: a data-quality warning seen by the planner and by the head; the page
at phone width; the keyboard reaching Save; autosave."""

from __future__ import annotations

import struct

import pytest

from tests.e2e.conftest import log_in
from tests.e2e.month import fill_due_at_target, log_out, row

pytestmark = pytest.mark.browser
DIM = row("Data dan Informasi yang Mutakhir")
PHONE = {"width": 390, "height": 844}


def png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_it_warns_planner_and_head_of_a_thousands_separator_read_as_a_number(page, live_server, demo):
    month = f"{live_server.url}/realisasi/PUSDATIN/2022/b9/"
    log_in(page, live_server, "perencana", "sakip-demo")
    page.goto(month)
    fill_due_at_target(page, except_names=("Mutakhir",))
    page.fill(f"{DIM} input[name$='-value']", "61.111")  # meant 61,111%; the Indonesian way it is 61111
    warning = page.wait_for_selector(f"{DIM} .quality-warnings li:has-text('salah ketik pemisah ribuan')")
    assert "61.111,00 lebih dari 10,00 kali" in warning.text_content()
    submit_and_confirm_with_warning(page)
    log_out(page)

    log_in(page, live_server, "kepala", "sakip-demo")
    page.goto(month)
    summary = page.text_content("#review-summary")
    assert "Peringatan kualitas data pada 1 indikator" in summary and "salah ketik pemisah ribuan" in summary
    assert page.locator(f"{DIM} .quality-warnings li").count() == 2  # above 100% and far outside the range


def submit_and_confirm_with_warning(page) -> None:  # type: ignore[no-untyped-def]
    page.click("button[value=submit]")
    panel = page.text_content("#konfirmasi")
    assert "Peringatan kualitas data pada 1 indikator (tidak menghalangi pengajuan)" in panel
    page.click("#confirm-submit")
    page.wait_for_selector("#month-state:has-text('Diajukan')")


def test_it_fits_a_phone_and_reaches_save_from_the_keyboard(browser, live_server, demo, transactional_db):
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    month = f"{live_server.url}/realisasi/PUSDATIN/2022/b9/"
    log_in(page, live_server, "perencana", "sakip-demo")
    page.goto(month)
    main = page.locator("main")
    assert main.evaluate("el => el.scrollWidth <= el.clientWidth")  # no horizontal scrolling in the page
    wider = main.evaluate(
        "el => [...el.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).length"
    )
    assert wider == 0
    width, height = png_size(main.screenshot(path="/tmp/sakip-month-phone.png"))
    assert width == 390 and height > 1500
    bar = page.locator("#entry-actions").bounding_box()
    assert bar is not None and bar["y"] + bar["height"] <= PHONE["height"]  # the sticky bar is on screen
    for _ in range(15):  # from the top bar: the skip link, then Save
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('skip-link')"):
            break
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "save"
    context.close()


def test_it_autosaves_a_draft_and_keeps_the_save_button_free_of_conflicts(page, live_server, demo):
    month = f"{live_server.url}/realisasi/PUSDATIN/2022/b9/"
    log_in(page, live_server, "perencana", "sakip-demo")
    page.goto(month)
    page.fill(f"{DIM} input[name$='-value']", "70")
    page.wait_for_selector(".autosave-status:has-text('Draf tersimpan otomatis')", timeout=20_000)
    assert page.input_value(f"{DIM} input[name$='-revision']") == "1"
    page.reload()
    assert page.input_value(f"{DIM} input[name$='-value']") == "70"
    page.fill(f"{DIM} input[name$='-value']", "72")
    page.click("button[value=save]")  # right after typing: the pending autosave or the save, never a conflict
    assert "disimpan sebagai draf" in page.text_content(".messages")
    assert page.input_value(f"{DIM} input[name$='-value']") == "72"
