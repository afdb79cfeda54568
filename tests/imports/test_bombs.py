"""Spreadsheet bombs: small files that unzip or expand to enormous sheets are refused fast, in bounded memory.

Each bomb is generated here (a few KB to about a MB). Time and peak memory (tracemalloc) of each refusal are
recorded as test properties (`--junitxml` shows them) and asserted against fixed bounds.
"""

from __future__ import annotations

import io
import re
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import Workbook

from indicators.imports.columns import PK_RAPK, PK_RAPK_SPEC
from indicators.imports.errors import FileRejected
from indicators.imports.service import run_import
from indicators.imports.templates import build_xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db
SHEET = "xl/worksheets/sheet1.xml"
MAX_SECONDS = 5.0
MAX_PEAK_MB = 40.0


def pk_rows(count: int = 30) -> list[list[Any]]:
    return [
        ["SETTAMA", 2023, "Stakeholder", 1, "Sasaran", n, "", f"Indikator {n}", "%", "", "Bulanan", "", 100,
         *[n * 8 for n in range(1, 13)], None]
        for n in range(1, count + 1)
    ]  # fmt: skip


def pk_file(rows: list[list[Any]] | None = None) -> bytes:
    return xlsx_bytes(build_xlsx(PK_RAPK_SPEC, pk_rows() if rows is None else rows, "PK RAPK uji"))


def rewrite(content: bytes, change: Callable[[bytes], bytes], member: str = SHEET) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == member else data)
    return output.getvalue()


def measure(record_property, action: Callable[[], Any]) -> Any:  # type: ignore[no-untyped-def]
    """Run `action` under tracemalloc; record and bound its time and peak memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        return action()
    finally:
        seconds = time.perf_counter() - started
        peak_mb = tracemalloc.get_traced_memory()[1] / 1048576
        tracemalloc.stop()
        record_property("seconds", round(seconds, 3))
        record_property("peak_mb", round(peak_mb, 1))
        assert seconds < MAX_SECONDS, f"{seconds:.1f} s"
        assert peak_mb < MAX_PEAK_MB, f"{peak_mb:.1f} MB"


def refused(record_property, content: bytes, name: str = "bom.xlsx") -> str:  # type: ignore[no-untyped-def]
    def attempt() -> str:
        with pytest.raises(FileRejected) as raised:
            run_import(PK_RAPK, content, name, None)
        return raised.value.message

    return measure(record_property, attempt)


def merge_bomb(merges: int = 400) -> bytes:
    """400 merged ranges of A1:XFD1048576 (the whole sheet), as in the probe: 13 KB."""
    ranges = "".join('<mergeCell ref="A1:XFD1048576"/>' for _ in range(merges))
    block = f'<mergeCells count="{merges}">{ranges}</mergeCells>'.encode()

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb"<mergeCells.*?</mergeCells>", b"", xml, flags=re.DOTALL)  # the template's own
        return xml.replace(b"</sheetData>", b"</sheetData>" + block, 1)

    return rewrite(pk_file(), change)


def test_it_clips_merged_ranges_and_refuses_overlapping_ones_at_once(record_property):
    content = merge_bomb()
    assert len(content) < 20_000
    message = refused(record_property, content)
    assert "rentang sel gabungan «A1:XFD1048576» menimpa rentang gabungan lain" in message


def test_it_fills_a_sheet_wide_merge_only_within_the_columns_and_rows_read(record_property):
    content = merge_bomb(merges=1)  # one valid merge over everything: every cell shows the title
    message = refused(record_property, content)
    assert "Tidak ada lembar dengan judul kolom PK + RAPK" in message


def _padded_rows(value: bytes) -> Callable[[bytes], bytes]:
    """A cell at column XFD in each of 2,000 rows below the table (the probe's 57 KB file)."""

    def change(xml: bytes) -> bytes:
        rows = b"".join(b'<row r="%d"><c r="XFD%d"%s</row>' % (n, n, value) for n in range(100, 2100))
        return xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)

    return change


def test_it_reads_rows_padded_to_column_xfd_without_expanding_them(record_property):
    content = rewrite(pk_file(), _padded_rows(b' s="0"/>'))  # blank styled cells, as Excel writes them
    plan = measure(record_property, lambda: run_import(PK_RAPK, content, "pk.xlsx", None))
    assert plan.rows == 30  # the table, read; its rows then fail on the unit (no demo data in this test)
    assert plan.problems[0].message == "kode unit «SETTAMA» tidak dikenal"


def test_it_refuses_data_beyond_the_column_limit_naming_the_limit(record_property):
    content = rewrite(pk_file(), _padded_rows(b' t="inlineStr"><is><t>x</t></is></c>'))
    message = refused(record_property, content)
    assert message == (
        "Lembar «PK RAPK» berisi data di kolom XFD; batas impor 100 kolom (sampai kolom CV). "
        "Hapus isi di luar tabel, lalu unggah lagi."
    )


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """About a megabyte that unzips to 204 MB (inside the old 20x rule), written in chunks."""
    workbook = Workbook()
    workbook.active.append([column.header for column in PK_RAPK_SPEC.columns])
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(workbook)))
    sheet = source.read(SHEET)
    head, tail = sheet.split(b"</sheetData>", 1)
    filler = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != SHEET:
                target.writestr(item, source.read(item.filename))
                continue
            with target.open(SHEET, "w", force_zip64=True) as stream:
                stream.write(head)
                while stream._file_size < 204 * 1048576:  # type: ignore[attr-defined]
                    stream.write(filler)
                stream.write(b"</sheetData>" + tail)
    return output.getvalue()


def test_it_refuses_a_zip_bomb_by_its_declared_size(record_property, zip_bomb):
    assert len(zip_bomb) < 1_500_000
    message = refused(record_property, zip_bomb)
    assert re.fullmatch(r"Isi berkas terlalu besar setelah diekstrak \(204,\d MB\); batasnya 64,0 MB\.", message)


def test_it_refuses_a_member_that_unzips_to_more_than_it_declares(record_property, settings):
    """The declared sizes cannot be forged: zipfile stops at the declared size and the sheet is damaged."""
    content = pk_file(pk_rows(2000))
    name = SHEET.encode()
    entry = next(m.start() for m in re.finditer(rb"PK\x01\x02", content) if content[m.start() + 46 :].startswith(name))
    forged = content[: entry + 24] + struct.pack("<I", 1000) + content[entry + 28 :]  # its uncompressed size
    message = refused(record_property, forged)
    assert message.startswith("Berkas rusak")


LIMITS = {
    "rows": ("SAKIP_IMPORT_MAX_ROWS", 20, "Lembar «PK RAPK» berisi lebih dari 20 baris data; batas impor 20 baris."),
    "cells": ("SAKIP_IMPORT_MAX_CELLS", 500, "Lembar «PK RAPK» berisi lebih dari 500 sel"),
    "columns": ("SAKIP_IMPORT_MAX_COLUMNS", 10, "berisi data di kolom K; batas impor 10 kolom (sampai kolom J)"),
    "time": ("SAKIP_IMPORT_MAX_SECONDS", 0, "melewati batas waktu impor 0 detik"),
    "uncompressed": ("SAKIP_IMPORT_MAX_UNCOMPRESSED_BYTES", 10_000, "batasnya 0,0 MB"),
}


@pytest.mark.parametrize("limit", LIMITS, ids=list(LIMITS))
def test_it_stops_at_each_limit_with_a_message_naming_it(record_property, settings, limit):
    name, value, expected = LIMITS[limit]
    setattr(settings, name, value)
    assert expected in refused(record_property, pk_file())


def test_it_applies_the_limits_to_csv_files(record_property, settings):
    settings.SAKIP_IMPORT_MAX_COLUMNS = 30
    line = b";".join(b"x" for _ in range(400)) + b"\r\n"
    assert "batas impor 30 kolom" in refused(record_property, line * 3, "pk.csv")
    separators = b"Kode unit" + b";" * 5_000_000  # one line of five million empty fields
    assert "batas impor 30 kolom" in refused(record_property, separators, "pk.csv")
