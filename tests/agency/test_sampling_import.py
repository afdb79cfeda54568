"""Sampling tables (Tabel 1 and 2) by import: all or nothing, and the totals the digest computes from them."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agency.models import SamplingResult
from agency.sampling import sampling_totals
from agency.sampling_import import SamplingImportError, import_sampling
from sakip.models import AuditEvent, OrgUnit

pytestmark = pytest.mark.django_db
HEADER = "table_id,komoditi,metode," + ",".join(SamplingResult.COUNT_FIELDS) + ",source_line\n"


def test_it_computes_the_digest_totals_from_the_loaded_tables(bpom):
    totals = {t.table: t for t in sampling_totals(list(SamplingResult.objects.filter(year=2024, quarter=2)))}
    # Bab 1: "dari 10.995 sampel targeted ... 7.649 sampel yang selesai diperiksa dan diuji ..., 706 (9,23%) TMS"
    targeted = totals["targeted"]
    assert (targeted.sampled, targeted.finished, targeted.failed) == (10995, 7649, 706)
    assert round(targeted.failed_share.value, 2) == Decimal("9.23")
    random = totals["random"]  # "dari 34.342 sampel random ... 24.038 ..., 1.591 (6,62%)"
    assert (random.sampled, random.finished, random.failed) == (34342, 24038, 1591)
    assert round(random.failed_share.value, 2) == Decimal("6.62")
    assert targeted.finished + random.finished == 31687  # "pengujian 31.687 sampel" (Sambutan)


def test_it_imports_a_file_and_audits_it(bpom):
    text = HEADER + "T1,Obat,Targeted," + ",".join(["1"] * 12) + ",195\n"
    assert import_sampling(None, text, 2025, 1) == 1
    row = SamplingResult.objects.get(year=2025, quarter=1)
    assert (row.table, row.commodity, row.j_diperiksa_diuji_sesuai_standar) == ("targeted", "Obat", 1)
    assert AuditEvent.objects.filter(action="import.sampling", period="2025-TW1").exists()


def test_it_rejects_a_bad_row_and_writes_nothing(bpom):
    good = "T1,Obat,Targeted," + ",".join(["1"] * 12) + ",1\n"
    bad = "T1,Pangan,Targeted," + ",".join(["1"] * 11) + ",x2,2\n"
    with pytest.raises(SamplingImportError, match="baris 3, kolom «j_diperiksa_diuji_sesuai_standar»"):
        import_sampling(None, HEADER + good + bad, 2025, 1)
    assert not SamplingResult.objects.filter(year=2025).exists()


def test_the_command_says_why_and_saves_nothing(bpom, tmp_path):
    path = tmp_path / "sampling.csv"
    path.write_text("komoditi,metode\nObat,Targeted\n", encoding="utf-8")
    with pytest.raises(CommandError, match="kolom tidak ada"):
        call_command("import_sampling", str(path), "--year", "2025", "--quarter", "1", stdout=StringIO())


def test_the_unit_change_command_records_a_version(bpom):
    call_command(
        "record_unit_change",
        "--unit",
        "LOKA-BIMA",
        "--from",
        "2099-01-01",
        "--group",
        "balai",
        "--name",
        "Balai POM di Bima",
        stdout=StringIO(),
    )
    assert OrgUnit.objects.get(code="LOKA-BIMA").versions.filter(group="balai").exists()
