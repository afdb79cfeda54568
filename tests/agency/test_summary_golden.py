"""`agency_summary` reproduces "Kinerja BPOM Dalam Angka" Triwulan II 2024: Bab 12, Lampiran II and Lampiran I.

The Bab 12 numbers are written out here. Lampiran II (103 rows) and Lampiran I (235 measured rows) are compared
with what the report printed, which the fixture keeps beside each row under "printed" (the loader never reads
it; `demo/bpom_fixture.py` copies it from the golden files with the source line).
"""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from demo.loader import AGENCY_FILE, DEMO_DIR
from sakip import scoring

pytestmark = pytest.mark.django_db
FIXTURE = json.loads((DEMO_DIR / AGENCY_FILE).read_text(encoding="utf-8"))


def summary(year: int = 2024, quarter: int = 2, *extra: str) -> dict:
    out = StringIO()
    call_command(
        "agency_summary", "--year", str(year), "--quarter", str(quarter), "--format", "json", *extra, stdout=out
    )
    return json.loads(out.getvalue())


def test_it_reproduces_bab_12_budget_per_unit_group(bpom):
    budget = summary()["budget"]

    # Bab 12, "Realisasi anggaran per kelompok unit kerja s.d. Juni 2024" (lines 992-995)
    assert {g: (m["pagu"], m["realised"], m["absorption_of_pagu"]) for g, m in budget["groups"].items()} == {
        "central": ("852096226000.00", "384336144592.00", "45.10"),
        "balai": ("1325704712000.00", "576508636278.00", "43.49"),
        "loka": ("176521008000.00", "73933525526.00", "41.88"),
    }
    total = budget["total"]
    assert (total["pagu"], total["realised"], total["absorption_of_pagu"]) == (
        "2354321946000.00",
        "1034778306396.00",
        "43.95",
    )
    # SAKIP_DOMAIN §14: 47.24% of the pagu after automatic adjustment (Σ Lampiran II "Pagu Setelah AA")
    assert (total["pagu_aa"], total["absorption_of_pagu_aa"]) == ("2190697815000.00", "47.24")


def test_it_reproduces_bab_12_budget_per_spending_type_and_says_the_aa_is_not_broken_down(bpom):
    budget = summary()["budget"]

    # Bab 12, per jenis belanja (line 998)
    assert {k: (m["pagu"], m["realised"], m["absorption_of_pagu"]) for k, m in budget["spending_types"].items()} == {
        "pegawai": ("804240516000.00", "434700349936.00", "54.05"),
        "barang": ("1247639596000.00", "530468196543.00", "42.52"),
        "modal": ("302441834000.00", "69609759917.00", "23.02"),
    }
    pegawai = budget["spending_types"]["pegawai"]
    assert (pegawai["pagu_aa"], pegawai["pagu_aa_reason"]) == (None, "not_broken_down")
    assert budget["notes"] == ["blokir_not_broken_down"]


def test_it_reproduces_both_percentages_and_the_rank_of_all_103_satker_of_lampiran_ii(bpom):
    units = {u["code"]: u for u in summary()["units"]}

    assert len(units) == 103
    assert sum(1 for u in units.values() if u["group"] == "central") == 30
    assert sum(1 for u in units.values() if u["group"] == "balai") == 42
    assert sum(1 for u in units.values() if u["group"] == "loka") == 31
    for row in FIXTURE["budget"]:  # Lampiran II, lines 1555-1675
        unit = units[row["unit"]]
        printed = row["printed"]
        got = (unit["absorption_of_pagu"], unit["absorption_of_pagu_aa"], unit["rank"])
        want = (
            f"{Decimal(printed['absorption_of_pagu']):.2f}",
            f"{Decimal(printed['absorption_of_pagu_aa']):.2f}",
            printed["rank"],
        )
        assert got == want, (row["unit"], row["source_line"])


def test_it_ranks_pangkal_pinang_above_palembang_on_the_unrounded_absorption(bpom):
    units = {u["code"]: u for u in summary()["units"]}

    # Lampiran II ranks 14 and 15 both print 47,70%: 47.7046...% beats 47.7009...%
    assert units["BPOM-PANGKAL-PINANG"]["absorption_of_pagu_aa"] == units["BBPOM-PALEMBANG"]["absorption_of_pagu_aa"]
    assert (units["BPOM-PANGKAL-PINANG"]["rank"], units["BBPOM-PALEMBANG"]["rank"]) == (14, 15)


def test_it_reproduces_the_capaian_of_the_235_measured_rows_of_lampiran_i(bpom):
    rows = {r["code"]: r for r in summary()["indicators"]["rows"]}

    assert len(rows) == 460
    measured = [i for i in FIXTURE["indicators"] if i["status"] == "measured"]
    assert len(measured) == 235
    for item in measured:  # Lampiran I, lines 1024-1546
        row = rows[f"L1-{item['seq']:03d}"]
        assert row["status"] == "measured"
        assert row["capaian"] == f"{Decimal(item['printed']['capaian']):.2f}", (item["seq"], item["source_line"])
        assert row["capaian_period"] == row["capaian"]  # the RAPK holds the 2024 target in B06


def test_it_reproduces_row_350_only_with_the_unrounded_realisation():
    # Lampiran I line 1422, "Nilai Penilaian Mandiri Maturitas SPIP BPOM": realisation printed 4,21 against a
    # target of 4, capaian printed 105,28%. From the printed 4.21 the rule gives 105.25; the report computed
    # from the unrounded score, any value in [4.2110, 4.2114) gives 105.28 and prints as 4,21.
    assert scoring.round2(scoring.achievement(Decimal("4.21"), Decimal(4)).value) == Decimal("105.25")
    for unrounded in ("4.2110", "4.2112", "4.21139"):
        assert scoring.round2(scoring.achievement(Decimal(unrounded), Decimal(4)).value) == Decimal("105.28")
    assert scoring.round2(Decimal("4.2112")) == Decimal("4.21")
    item = next(i for i in FIXTURE["indicators"] if i["seq"] == 350)
    assert (item["realisation"], item["printed"]["capaian"]) == ("4.2112", "105.28")


def test_it_shows_the_status_of_the_rows_lampiran_i_does_not_measure(bpom):
    rows = {r["code"]: r for r in summary()["indicators"]["rows"]}
    counts = summary()["indicators"]["counts"]

    assert (rows["L1-001"]["status_label"], rows["L1-001"]["capaian"]) == ("Akhir Tahun", None)
    assert (rows["L1-024"]["status"], rows["L1-024"]["progress"]) == ("in_process", "49.43")  # PJAS, "Progress"
    assert rows["L1-426"]["status"] == "not_due"  # "Dimulai TW III"
    assert rows["L1-307"]["target_label"] == "WTP"
    assert (counts["indicators"], counts["measured"]) == (460, 235)
    assert sum(counts["by_criterion"].values()) == 235


def test_it_keeps_the_source_defects_as_warnings(bpom):
    data = summary()
    rows = {r["code"]: r for r in data["indicators"]["rows"]}
    codes = [w["code"] for w in data["warnings"]]

    assert codes.count("name_truncated") == 38
    assert codes.count("unit_mismatch") == 41
    assert codes.count("garbled_unit") == 7
    assert rows["L1-040"]["unit_of_measure"] == "Per센"  # kept as printed, with its warning
    assert any("Per센" in w for w in rows["L1-040"]["warnings"])
    assert rows["L1-060"]["indicator"].endswith("yang disel")  # cut at 100 characters, as printed


def test_it_prints_numbers_as_two_decimal_strings_like_the_scorecard_command(bpom):
    data = summary()
    unit = next(u for u in data["units"] if u["code"] == "DIT-INTELIJEN")

    assert unit["absorption_of_pagu_aa"] == "61.53" and unit["rank"] == 1
    assert isinstance(unit["score"], str) and len(unit["score"].split(".")[1]) == 2


GOLDEN = next(
    (p / "shared" / "golden" for p in Path(__file__).resolve().parents[3:5] if (p / "shared" / "golden").is_dir()), None
)


@pytest.mark.skipif(GOLDEN is None, reason="the golden files (../shared) are not beside the checkout")
def test_it_builds_the_committed_fixture_from_the_golden_files(capsys):
    from demo.bpom_fixture import main

    assert main([str(GOLDEN), "--check"]) == 0
