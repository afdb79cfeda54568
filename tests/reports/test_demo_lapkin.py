"""The demo Lapkin print what the published reports print: narratives, operational definitions, texts and the
report's signature are loaded with the demo (fixtures/demo/*_narratives.json), so `generate_reports` for SETTAMA
2023 TW II and PUSDATIN 2022 TW IV gives PDFs without a single "[… belum diisi]" placeholder."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from demo.loader import DEMO_DIR, lay_over
from reports import services
from reports.models import Report
from sakip.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf_text(report: Report) -> str:
    with report.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize(
    ("code", "year", "quarter", "signed", "expected"),
    [
        ("SETTAMA", 2023, 2, dt.date(2023, 7, 20), ["Dra. Rita Mahyona, Apt, M.Si", "Jakarta, 20 Juli 2023"]),
        (
            "PUSDATIN",
            2022,
            4,
            dt.date(2023, 1, 20),
            ["Syamsidar Thamrin, ST, MBA", "Definisi Operasional Indikator Kinerja", "Sasaran Kegiatan"],
        ),
    ],
)
def test_the_demo_reports_have_no_placeholder(
    demo, media, django_capture_on_commit_callbacks, code, year, quarter, signed, expected
):  # noqa: E501
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_reports", unit=code, year=year, quarter=quarter, stdout=StringIO())
    report = Report.objects.get(unit__code=code, year=year, quarter=quarter)
    assert report.status == Report.Status.DONE, report.error
    assert report.signed_on == signed  # the report's own signature date, from the period's Lapkin texts
    text = pdf_text(report)
    assert "belum diisi" not in text and "belum tersedia" not in text
    for words in expected:
        assert words in text


def test_a_request_starts_from_the_periods_signature(demo):
    unit = OrgUnit.objects.get(code="PUSDATIN")
    signature = services.default_signature(unit, None, 2022, 4)
    assert signature == {
        "place": "Jakarta",
        "signed_on": dt.date(2023, 1, 20),
        "signatory_name": "Syamsidar Thamrin, ST, MBA",
        "signatory_title": "Kepala Pusat Data dan Informasi Obat dan Makanan",
    }
    assert services.default_signature(unit, None, 2022, 3)["signed_on"] != dt.date(2023, 1, 20)  # no texts for TW III


def test_the_narratives_never_overwrite_the_unit_files_values():
    data = json.loads((DEMO_DIR / "settama_2023.json").read_text(encoding="utf-8"))
    overlay = {
        "unit": "SETTAMA",
        "year": 2023,
        "indicators": [],
        "realisations": [{"indicator": 4, "month": 6, "analysis": "x"}],
    }  # noqa: E501
    with pytest.raises(ValueError, match="would overwrite analysis"):
        lay_over(data, overlay)


SEEDS = next(
    (p / "shared" / "seeds" for p in Path(__file__).resolve().parents[3:5] if (p / "shared" / "seeds").is_dir()), None
)


@pytest.mark.skipif(SEEDS is None, reason="the seed reports (../shared) are not beside the checkout")
def test_it_builds_the_committed_narratives_from_the_seed_reports():
    from demo.narratives_fixture import main

    assert main([str(SEEDS), "--check"]) == 0
