"""Browser journey: an admin uploads a PK + RAPK file with one bad row, sees the error, uploads the corrected
file, confirms the new PK version with a reason, and sees the new target."""

from decimal import Decimal

import pytest

from indicators.models import PerformanceAgreement
from tests.e2e.conftest import log_in
from tests.imports.conftest import column, find_row, make_file, rows_for

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _settama_file(b12: object) -> bytes:
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    row = find_row("pk_rapk", rows, 27)
    row[column("pk_rapk", "annual_target")] = Decimal("94.3")
    row[column("pk_rapk", "b12")] = b12
    return make_file("pk_rapk", rows)[0]


def test_it_walks_an_admin_from_a_bad_file_to_the_confirmed_targets(page, live_server, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bad, good = _settama_file("94,3x"), _settama_file(Decimal("94.3"))
    log_in(page, live_server, "admin", "sakip-demo")
    page.click("text=Impor spreadsheet")
    page.wait_for_url("**/imports/")

    page.check("input[name=kind][value=pk_rapk]")
    page.set_input_files("#id_file", files=[{"name": "rapk_settama.xlsx", "mimeType": XLSX, "buffer": bad}])
    page.click("#upload")
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "1 kesalahan — tidak ada yang disimpan" in errors.text_content()
    assert "«94,3x» bukan angka" in errors.locator("td").nth(3).text_content()
    assert errors.locator("td").nth(1).text_content().strip() == "31"  # indicator 27 on spreadsheet row 31
    assert errors.locator("td").nth(2).text_content().strip() == "B12"

    page.check("input[name=kind][value=pk_rapk]")
    page.set_input_files("#id_file", files=[{"name": "rapk_settama.xlsx", "mimeType": XLSX, "buffer": good}])
    page.click("#upload")
    preview = page.locator("#import-preview")
    preview.wait_for()
    assert "Revisi PK: versi 2 menggantikan versi 1" in preview.text_content()
    assert "IKU 27: target tahunan 94,20 → 94,30; B12 94,20 → 94,30" in preview.text_content()
    assert PerformanceAgreement.objects.filter(unit__code="SETTAMA").count() == 1

    page.fill("#id_reason", "Revisi target NKA Settama")
    page.click("#confirm-import")
    page.wait_for_url("**/imports/rapk/SETTAMA/2023/")
    row = page.locator('#rapk tr[data-indicator="27"]')
    assert "94,30" in row.text_content()
    assert "Impor PK + RAPK" in page.locator(".messages").text_content()
    agreement = PerformanceAgreement.objects.get(unit__code="SETTAMA", year=2023, in_force=True)
    assert (agreement.version, agreement.reason, agreement.author.username) == (2, "Revisi target NKA Settama", "admin")
    page.screenshot(path="/tmp/sakip-import.png", full_page=True)
