"""Evidence files are checked by their content, not only by their extension: an executable renamed .pdf, a zip
renamed .xlsx or a workbook renamed .docx is refused with a message, nothing is stored and what was typed stays;
real PDF, images, Office files and CSV are accepted."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter

from indicators.forms import EVIDENCE_KINDS, EVIDENCE_TYPES
from indicators.models import Evidence, Realisation
from sakip.filetypes import CHECKS, OLE2, content_matches
from tests.indicators.helpers import entry_post

URL = reverse("indicators:month-entry", args=["PUSDATIN", 2022, 9])
TYPED = {"BCM": {"value": "31", "analysis": "Analisis yang diketik panjang-panjang"}}


def windows_exe() -> bytes:
    """A Windows executable's start: the DOS header (MZ, e_lfanew at 0x3c), its stub, the PE header."""
    dos = bytearray(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 43)
    dos[0x3C:0x40] = struct.pack("<I", 0x80)
    stub = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$"
    body = bytes(dos) + stub.ljust(0x80 - len(dos), b"\x00")
    return body + b"PE\x00\x00" + struct.pack("<HH", 0x8664, 3) + b"\x00" * 4000


def real_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def real_xlsx() -> bytes:
    book = Workbook()
    book.active.append(["Indikator", "Realisasi"])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ooxml(main_type: str, part: str) -> bytes:
    """A minimal Office Open XML package (what Word or PowerPoint write, reduced to the parts that name it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/{part}" ContentType="{main_type}"/></Types>',
        )
        package.writestr(part, "<document/>")
    return out.getvalue()


def real_docx() -> bytes:
    return ooxml(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml"
    )


def real_pptx() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return ooxml(main, "ppt/presentation.xml")


def image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, kind)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("setup.exe", windows_exe())
    return out.getvalue()


ACCEPTED = [
    ("laporan.pdf", real_pdf),
    ("foto.png", lambda: image("PNG")),
    ("foto.jpg", lambda: image("JPEG")),
    ("foto.JPEG", lambda: image("JPEG")),
    ("capaian.xlsx", real_xlsx),
    ("notulen.docx", real_docx),
    ("paparan.pptx", real_pptx),
    ("lama.doc", lambda: OLE2 + b"\x00" * 504),
    ("lama.xls", lambda: OLE2 + b"\x00" * 504),
    ("data.csv", lambda: "Indikator;Realisasi\r\nKepuasan ≥ target;97,5\r\n".encode()),
    ("data-latin.csv", lambda: "Unit;Catatan\r\nBalai;caf\xe9 \xb0C\r\n".encode("cp1252")),
    ("data-excel.csv", lambda: "\ufeffUnit;Nilai\r\nBalai;1\r\n".encode("utf-16")),
]
REFUSED = [
    ("skrip.pdf", windows_exe),
    ("foto.png", windows_exe),
    ("foto.jpg", lambda: image("PNG")),
    ("capaian.xlsx", plain_zip),
    ("capaian.xlsx", real_docx),
    ("notulen.docx", real_xlsx),
    ("lama.doc", windows_exe),
    ("data.csv", windows_exe),
    ("data.csv", real_xlsx),
    ("kosong.pdf", lambda: b""),
    ("rusak.xlsx", lambda: b"PK\x03\x04 not really a zip"),
]


@pytest.mark.parametrize(("name", "content"), ACCEPTED, ids=[name for name, _ in ACCEPTED])
def test_it_accepts_real_files_of_each_allowed_type(name, content):
    file = io.BytesIO(content())
    assert content_matches(file, name.rsplit(".", 1)[1])
    assert file.tell() == 0  # left at its start, ready to be stored


@pytest.mark.parametrize(("name", "content"), REFUSED, ids=[f"{name}-{i}" for i, (name, _) in enumerate(REFUSED)])
def test_it_refuses_files_whose_content_is_not_what_their_name_says(name, content):
    assert not content_matches(io.BytesIO(content()), name.rsplit(".", 1)[1])


def test_every_allowed_extension_has_a_content_check_and_a_name_for_the_message():
    assert set(EVIDENCE_TYPES) == set(CHECKS) == set(EVIDENCE_KINDS)


@pytest.mark.django_db
def test_it_refuses_an_exe_renamed_pdf_on_the_entry_page_keeping_what_was_typed(client, planner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bcm = Realisation.objects.get(indicator__code="BCM", month=12).indicator
    client.force_login(planner)
    data = entry_post("PUSDATIN", 2022, 9, TYPED)
    data[f"i{bcm.id}-evidence"] = SimpleUploadedFile("laporan BCM.pdf", windows_exe(), "application/pdf")
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "laporan BCM.pdf: isinya bukan dokumen PDF seperti yang ditunjukkan namanya (.pdf)" in page
    assert "Analisis yang diketik panjang-panjang" in page and 'value="31"' in page
    assert not Evidence.objects.exists() and not Realisation.objects.filter(indicator=bcm, month=9).exists()
    assert not any(tmp_path.rglob("*.*"))  # no file written

    data[f"i{bcm.id}-evidence"] = SimpleUploadedFile("laporan BCM.pdf", real_pdf(), "application/pdf")
    assert client.post(URL, data).status_code == 302
    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as stored:
        assert stored.read() == real_pdf() and evidence.content_type == "application/pdf"
