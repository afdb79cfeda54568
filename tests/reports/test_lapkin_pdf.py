"""The SETTAMA TW II 2023 Lapkin as a real PDF (rendered once for this module): text, pages, fonts, determinism."""

from __future__ import annotations

import hashlib
import re
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.db import transaction
from pypdf import PdfReader

from demo.loader import load_demo
from indicators.models import Realisation
from reports.lapkin import build_context
from reports.pdf import render_html_to_pdf
from reports.services import build_snapshot, render_snapshot
from sakip.models import OrgUnit

SIGNATURE = {
    "place": "Jakarta",
    "date": "2023-07-20",
    "name": "Dra. Rita Mahyona, Apt, M.Si",
    "title": "Sekretaris Utama",
}
TEXTS = {"foreword": "", "introduction": "", "recommendations": "Mempercepat pengadaan barang/jasa.\nMonev RPD."}
TITLE = "LAPORAN KINERJA INTERIM SEKRETARIAT UTAMA TRIWULAN II TAHUN 2023"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def lapkin(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(agency=False)
        Realisation.objects.filter(indicator__goal__unit__code="SETTAMA", indicator__number=1, month=6).update(
            analysis=""
        )  # one narrative not written yet: its placeholder shows
        snapshot = build_snapshot(OrgUnit.objects.get(code="SETTAMA"), 2023, 2, texts=TEXTS, signature=SIGNATURE)
        transaction.set_rollback(True)
    rendered = render_snapshot(snapshot)
    reader = PdfReader(BytesIO(rendered.pdf))
    pages = [flat(page.extract_text()) for page in reader.pages]
    return SimpleNamespace(snapshot=snapshot, rendered=rendered, reader=reader, pages=pages, text=" ".join(pages))


def page_of(lapkin, needle: str, after: int = 0) -> int:
    """1-based number of the first page from `after` on that holds `needle`."""
    for number, text in enumerate(lapkin.pages, start=1):
        if number > after and needle in text:
            return number
    raise AssertionError(f"{needle!r} not found after page {after}")


def test_it_has_a_plausible_number_of_a4_pages(lapkin):
    count = len(lapkin.reader.pages)
    assert count == lapkin.rendered.pages
    assert 18 <= count <= 60
    portrait = lapkin.reader.pages[1].mediabox
    assert (round(float(portrait.width)), round(float(portrait.height))) == (595, 842)  # A4 in points


def test_it_prints_the_title_the_numbers_and_the_signatory(lapkin):
    assert TITLE in lapkin.pages[0]
    text = lapkin.text
    assert "NPSS" in text and "105,84" in text and "105.84" not in text
    assert "101,83" in text and "120,19" in text and "57,48" in text
    assert "Rp364.734.836.000,00" in text and "Rp199.204.505.081,00" in text
    assert "Dra. Rita Mahyona, Apt, M.Si" in text and "Sekretaris Utama," in text
    assert "Jakarta, 20 Juli 2023" in text
    assert "5 (lima) indikator dengan kriteria Memenuhi Ekspektasi" in text
    assert "Mempercepat pengadaan barang/jasa." in text  # the editable Saran


def test_it_prints_every_table_caption_and_lists_it_with_its_real_page(lapkin):
    context = build_context(lapkin.snapshot)
    contents_page = page_of(lapkin, "DAFTAR TABEL")
    contents = " ".join(lapkin.pages[contents_page - 1 : contents_page + 1])
    for item in context["tables"] + context["figures"] + context["appendices"]:
        match = re.search(re.escape(item["label"]) + r"[ .]*?(\d+)(?!\d)", contents)
        assert match, f"{item['label']} missing from the lists of tables, figures and appendices"
        assert page_of(lapkin, item["label"], after=contents_page + 1) == int(match.group(1)), item["label"]
    assert "Tabel 6. Pencapaian IKU Sekretariat Utama Triwulan II Tahun 2023" in lapkin.text
    assert "Tabel 21. Efisiensi Berdasarkan Sasaran Program Sekretariat Utama Triwulan II Tahun 2023" in lapkin.text


def test_it_has_a_running_header_and_page_x_of_y_on_every_page_but_the_cover(lapkin):
    total = len(lapkin.pages)
    assert "Halaman" not in lapkin.pages[0]
    for number, text in enumerate(lapkin.pages[1:], start=2):
        assert TITLE in text, number
        assert f"Halaman {number} dari {total}" in text, number


def test_it_repeats_the_table_header_on_every_page_the_main_table_spans(lapkin):
    first = page_of(lapkin, "Tabel 6. Pencapaian IKU", after=page_of(lapkin, "DAFTAR TABEL"))
    last = page_of(lapkin, "Nilai Pencapaian Sasaran Strategis (NPSS) 105,84", after=first - 1)
    assert last > first, "the main table should span at least two pages"
    for number in range(first, last + 1):
        assert "s.d. B03 s.d. B06" in lapkin.pages[number - 1], number


def test_it_shows_a_visible_placeholder_for_a_missing_narrative(lapkin):
    assert "[analisis capaian belum diisi]" in lapkin.text
    assert "[Pendahuluan (tugas, fungsi, struktur organisasi, permasalahan utama) belum diisi]" in lapkin.text
    assert "NKA = 60% × EKA 76.65" in lapkin.text  # a narrative that was written is printed


def test_it_embeds_only_the_shipped_fonts(lapkin):
    fonts = {}
    for page in lapkin.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descendant["/FontDescriptor"]
    assert fonts and all(embedded for embedded in fonts.values())
    assert all("LapkinSans" in name for name in fonts), sorted(fonts)


def test_it_renders_the_same_snapshot_to_the_same_bytes(lapkin):
    again = render_snapshot(lapkin.snapshot)
    assert hashlib.sha256(again.pdf).hexdigest() == hashlib.sha256(lapkin.rendered.pdf).hexdigest()


@pytest.mark.parametrize("url", ["http://example.invalid/logo.png", "file:///etc/hostname", "../../README.md"])
def test_it_loads_nothing_but_the_shipped_static_files(url):
    with pytest.raises(RuntimeError, match="only files under static/"):
        render_html_to_pdf(f'<p>x</p><img src="{url}">')
    assert render_html_to_pdf("<p>x</p>").pages == 1


def _luminance(colour) -> float:  # type: ignore[no-untyped-def]
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.to("srgb").coordinates
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def _contrast(a, b) -> float:  # type: ignore[no-untyped-def]
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _cell_texts(box, background=None):  # type: ignore[no-untyped-def]
    """(text, colour, background behind it) of every piece of text in a table, as laid out."""
    own = box.style["background_color"]
    if own.alpha > 0 and box.element_tag in ("table", "tbody", "thead", "tr", "td", "th"):
        background = own
    if getattr(box, "text", None) and background is not None:
        yield box.text, box.style["color"], background
    for child in getattr(box, "children", ()):
        yield from _cell_texts(child, background)


@pytest.fixture(scope="module")
def laid_out(lapkin):  # type: ignore[no-untyped-def]
    from reports.pdf import lay_out, render_html
    from reports.services import TEMPLATE

    return lay_out(render_html(TEMPLATE, build_context(lapkin.snapshot)))


def test_it_prints_every_table_text_readably_on_its_cell_colour(laid_out):
    seen = []
    for page in laid_out.pages:
        for text, colour, background in _cell_texts(page._page_box):
            seen.append(text)
            assert _contrast(colour, background) >= 4.5, (text, colour, background)
    assert "120,19" in seen  # SETTAMA TW II "Capaian SS 12", grey (> 120): white on dark grey


def test_it_prints_the_rtl_status_of_each_quarter(lapkin):
    start = lapkin.text.index("Kendala dan Rencana Tindak Lanjut s.d. Triwulan II Tahun 2023 No.")
    table = lapkin.text[start : lapkin.text.index("C. Akuntabilitas Keuangan", start)]
    assert "lebih intensif - Proses" in table  # TW I "-": the kendala arose in TW II (001_kendala.csv)
    assert "dapat tercapai - Selesai" in table
