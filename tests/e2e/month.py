"""Steps of the month page shared by the browser journeys."""

from __future__ import annotations


def row(code_name: str) -> str:
    """Selector of an indicator's row by (part of) its name."""
    return f'fieldset.indicator:has(legend:has-text("{code_name}"))'


def fill_due_at_target(page, except_names: tuple[str, ...] = ()) -> None:  # type: ignore[no-untyped-def]
    """Type each due indicator's target as its value (hijau), except the named rows."""
    for fieldset in page.locator("fieldset.indicator").all():
        legend = fieldset.locator("legend").text_content()
        if any(name in legend for name in except_names):
            continue
        fieldset.locator("input[name$='-value']").fill(fieldset.locator(".row-target").text_content().strip())


def submit_and_confirm(page) -> None:  # type: ignore[no-untyped-def]
    page.click("button[value=submit]")
    page.wait_for_selector("#konfirmasi")
    page.click("#confirm-submit")
    page.wait_for_selector("#month-state:has-text('Diajukan')")


def log_out(page) -> None:  # type: ignore[no-untyped-def]
    page.click("button:has-text('Keluar')")
    page.wait_for_url("**/accounts/login/**")
