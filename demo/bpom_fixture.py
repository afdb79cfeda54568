"""Build `fixtures/demo/bpom_2024.json` from the golden files of "Kinerja BPOM Dalam Angka" TW II 2024.

    python -m demo.bpom_fixture ../shared/golden            # writes fixtures/demo/bpom_2024.json
    python -m demo.bpom_fixture ../shared/golden --check    # exits 1 when the committed file differs

The app never reads ../shared: `load_demo` reads the fixture this script writes. What the golden files do not
say is stated here, as data, with its reason:

- the unit codes, official names and parents of the 30 central satker (Lampiran II prints abbreviated names,
  '.' for ',', and two typos), and which kegiatan of Lampiran I each runs (one kegiatan per satker);
- programme indicators and kegiatan 1.1 (done by every UPT together) belong to BPOM itself;
- the eight Loka POM that became Balai POM (inaugurated 24 October 2023, MaPOM Vol. 5 No. 4 2023 p. 8);
- Lampiran I gives only the 2024 target and scores the realisation s.d. TW II against it, so the RAPK holds
  that target in B06 (measured rows) and B12: the unit scorecards then show the capaian Lampiran I prints;
- the Dit. Intelijen indicators are marked restricted (a demo choice that shows the visibility rule; the
  printed digest is public), every other Lampiran I indicator public.

Every row keeps its `source_line` in the seed text; the source's defects (the golden `notes`) become
data-quality warnings, never silent fixes.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

SEED = "kinerja_bpom_dalam_angka_tw2_2024.txt"
OUTPUT = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "bpom_2024.json"
HEAD_OFFICE = ("Jakarta", "DKI Jakarta")  # the digest's address: Jln. Percetakan Negara, Jakarta Pusat

ESELON_1 = [
    ("SETTAMA", "Sekretariat Utama"),
    ("DEPUTI-1", "Deputi Bidang Pengawasan Obat, Narkotika, Psikotropika, Prekursor, dan Zat Adiktif"),
    ("DEPUTI-2", "Deputi Bidang Pengawasan Obat Tradisional, Suplemen Kesehatan, dan Kosmetik"),
    ("DEPUTI-3", "Deputi Bidang Pengawasan Pangan Olahan"),
    ("DEPUTI-4", "Deputi Bidang Penindakan"),
    ("ITTAMA", "Inspektorat Utama"),
]

# Lampiran II name -> (code, official name, parent, kegiatan of Lampiran I, note on the printed name)
CENTRAL = {
    "DIT. INTELIJEN OBAT DAN MAKANAN": (
        "DIT-INTELIJEN",
        "Direktorat Intelijen Obat dan Makanan",
        "DEPUTI-4",
        "1.3",
        "",
    ),
    "DIT. STANDARDISASI OBAT. NARKOTIKA. PSIKOTROPIKA. PREKURSOR DAN ZAT ADIKTIF": (
        "DIT-STAND-ONPPZA",
        "Direktorat Standardisasi Obat, Narkotika, Psikotropika, Prekursor, dan Zat Adiktif",
        "DEPUTI-1",
        "1.16",
        "",
    ),
    "DIT. STANDADISASI OBAT TRADISIONAL. SUPLEMEN KESEHATAN DAN KOSMETIK": (
        "DIT-STAND-OTSKK",
        "Direktorat Standardisasi Obat Tradisional, Suplemen Kesehatan, dan Kosmetik",
        "DEPUTI-2",
        "1.14",
        "printed 'STANDADISASI' (typo of 'STANDARDISASI')",
    ),
    "PUSAT DATA DAN INFORMASI OBAT DAN MAKANAN": (
        "PUSDATIN",
        "Pusat Data dan Informasi Obat dan Makanan",
        "SETTAMA",
        "2.6",
        "",
    ),
    "BIRO SUMBER DAYA MANUSIA": ("BIRO-SDM", "Biro Sumber Daya Manusia", "SETTAMA", "2.4", ""),
    "INSPEKTORAT I": ("INSPEKTORAT-1", "Inspektorat I", "ITTAMA", "2.7", ""),
    "PUSAT PENGEMBANGAN PENGUJIAN OBAT DAN MAKANAN NASIONAL": (
        "PPPOMN",
        "Pusat Pengembangan Pengujian Obat dan Makanan Nasional",
        "SETTAMA",
        "1.18",
        "",
    ),
    "DIT. REGISTRASI PANGAN OLAHAN": ("DIT-REG-PANGAN", "Direktorat Registrasi Pangan Olahan", "DEPUTI-3", "1.11", ""),
    "DIT. PENGAWASAN PRODUKSI OBAT. NARKOTIKA. PSIKOTROPIKA DAN PREKURSOR": (
        "DIT-WAS-PROD-ONPP",
        "Direktorat Pengawasan Produksi Obat, Narkotika, Psikotropika, dan Prekursor",
        "DEPUTI-1",
        "1.10",
        "",
    ),
    "DIT. CEGAH TANGKAL": ("DIT-CEGAH-TANGKAL", "Direktorat Cegah Tangkal", "DEPUTI-4", "1.2", ""),
    "DIT. PENGAWASAN DISTRIBUSI DAN PELAYANAN OBAT. NARKOTIKA. PSIKOTROPIKA DAN PREKURSOR": (
        "DIT-WAS-DIST-ONPP",
        "Direktorat Pengawasan Distribusi dan Pelayanan Obat, Narkotika, Psikotropika, dan Prekursor",
        "DEPUTI-1",
        "1.7",
        "",
    ),
    "DIT. PENGAWASAN KOSMETIK": ("DIT-WAS-KOSMETIK", "Direktorat Pengawasan Kosmetik", "DEPUTI-2", "1.6", ""),
    "DIT. PENGAWASAN KEAMANAN. MUTU DAN EKSPOR IMPOR OBAT. NARKOTIKA. PSIKOTROPIKA. PREKURSOR DAN ZAT ADIKTIF": (
        "DIT-WAS-KMEI-ONPPZA",
        "Direktorat Pengawasan Keamanan, Mutu, dan Ekspor Impor Obat, Narkotika, Psikotropika, Prekursor, "
        "dan Zat Adiktif",
        "DEPUTI-1",
        "1.8",
        "",
    ),
    "DIT. PEMBERDAYAAN MASYARAKAT DAN PELAKU USAHA PANGAN OLAHAN": (
        "DIT-PEMB-PANGAN",
        "Direktorat Pemberdayaan Masyarakat dan Pelaku Usaha Pangan Olahan",
        "DEPUTI-3",
        "1.17",
        "",
    ),
    "DIT. REGISTRASI OBAT": ("DIT-REG-OBAT", "Direktorat Registrasi Obat", "DEPUTI-1", "1.12", ""),
    "DIT. PENGAWASAN PRODUKSI PANGAN OLAHAN": (
        "DIT-WAS-PROD-PANGAN",
        "Direktorat Pengawasan Produksi Pangan Olahan",
        "DEPUTI-3",
        "1.5",
        "",
    ),
    "PUSAT PENGEMBANGAN SDM PENGAWASAN OBAT DAN MAKANAN": (
        "PPSDM",
        "Pusat Pengembangan Sumber Daya Manusia Pengawas Obat dan Makanan",
        "SETTAMA",
        "2.5",
        "",
    ),
    "DIT. REGISTRASI OBAT TRADISIONAL. SUPLEMEN KESEHATAN DAN KOSMETIK": (
        "DIT-REG-OTSKK",
        "Direktorat Registrasi Obat Tradisional, Suplemen Kesehatan, dan Kosmetik",
        "DEPUTI-2",
        "1.13",
        "",
    ),
    "DIT. PEMBERDAYAAN MASYARAKAT DAN PELAKU USAHA OBAT TRADISIONAL. SUPLEMEN KESEHATAN. DAN KOSMETIK": (
        "DIT-PEMB-OTSKK",
        "Direktorat Pemberdayaan Masyarakat dan Pelaku Usaha Obat Tradisional, Suplemen Kesehatan, dan Kosmetik",
        "DEPUTI-2",
        "1.21",
        "",
    ),
    "BIRO KERJASAMA": ("BIRO-KERJASAMA", "Biro Kerja Sama dan Hubungan Masyarakat", "SETTAMA", "2.1", ""),
    "DIT. PENGAWASAN OBAT TRADISIONAL DAN SUPLEMEN KESEHATAN": (
        "DIT-WAS-OTSK",
        "Direktorat Pengawasan Obat Tradisional dan Suplemen Kesehatan",
        "DEPUTI-2",
        "1.4",
        "",
    ),
    "DIT. PENGAWASAN PEREDARAN PANGAN OLAHAN": (
        "DIT-WAS-EDAR-PANGAN",
        "Direktorat Pengawasan Peredaran Pangan Olahan",
        "DEPUTI-3",
        "1.9",
        "",
    ),
    "DIT. SIBER OBAT DAN MAKANAN": ("DIT-SIBER", "Direktorat Siber Obat dan Makanan", "DEPUTI-4", "1.22", ""),
    "BIRO UMUM": ("BIRO-UMUM", "Biro Umum", "SETTAMA", "2.9", ""),
    "DIT. PENYIDIKAN OBAT DAN MAKANAN": (
        "DIT-PENYIDIKAN",
        "Direktorat Penyidikan Obat dan Makanan",
        "DEPUTI-4",
        "1.19",
        "",
    ),
    "BIRO HUKUM DAN ORGANISASI": ("BIRO-HUKOR", "Biro Hukum dan Organisasi", "SETTAMA", "2.3", ""),
    "PUSAT RISET DAN KAJIAN OBAT DAN MAKANAN": (
        "PUSRISKAJ",
        "Pusat Riset dan Kajian Obat dan Makanan",
        "SETTAMA",
        "1.20",
        "",
    ),
    "BIRO PERENCANAAN DAN KEUANGAN": ("BIRO-RENKEU", "Biro Perencanaan dan Keuangan", "SETTAMA", "2.2", ""),
    "INSPEKTORAT II": ("INSPEKTORAT-2", "Inspektorat II", "ITTAMA", "2.8", ""),
    "DIT. STANDRDISASI PANGAN OLAHAN": (
        "DIT-STAND-PANGAN",
        "Direktorat Standardisasi Pangan Olahan",
        "DEPUTI-3",
        "1.15",
        "printed 'STANDRDISASI' (typo of 'STANDARDISASI')",
    ),
}

# Loka POM upgraded to Balai POM: inaugurated 24 October 2023 (MaPOM Vol. 5 No. 4 2023, p. 8). Their 2018 names.
LOKA_TO_BALAI_ON = "2023-10-24"
LOKA_TO_BALAI_SOURCE = (
    "Peresmian 8 Balai POM hasil peningkatan status Loka POM, 24 Oktober 2023 (MaPOM Vol.5/No.4/2023)"
)
LOKA_TO_BALAI = {
    "Bogor": "Kabupaten Bogor",
    "Tangerang": "Kabupaten Tangerang",
    "Kediri": "Kabupaten Kediri",
    "Jember": "Kabupaten Jember",
    "Payakumbuh": "Kota Payakumbuh",
    "Surakarta": "Kota Surakarta",
    "Tasikmalaya": "Kota Tasikmalaya",
    "Palopo": "Kota Palopo",
}
RESTRICTED_KEGIATAN = {"1.3"}  # demo choice: intelligence figures restricted (see the module docstring)
UPT_KEGIATAN = "1.1"

WARNINGS = [
    ("name cut at ~100 chars in source", "name_truncated", "Nama indikator terpotong sekitar 100 karakter di sumber"),
    ("garbled 'Persen'", "garbled_unit", "Satuan tercetak 'Per센' (rusak; maksudnya 'Persen')"),
    ("does not match indicator type in name", "unit_mismatch", "Satuan tidak sesuai jenis indikator pada namanya"),
    ("target missing in source", "target_missing", "Target tidak tercantum di sumber"),
    ("target 200%", "target_over_100", "Indikator persentase dengan target 200 (dicetak demikian; capaian konsisten)"),
    ("capaian printed 105.28", "unrounded_realisation", ""),
]


def slug(text: str) -> str:
    return "-".join(text.upper().replace(".", " ").split())


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upt(row: dict[str, str]) -> dict[str, Any]:
    kind = row["unit_type"]
    location = row["location"]
    if kind == "Loka POM":
        group, code, name = (
            "loka",
            "LOKA-" + slug(location.removeprefix("Kabupaten ").removeprefix("Kota ")),
            (f"Loka Pengawas Obat dan Makanan di {location}"),
        )
    elif kind == "Balai Besar POM":
        group, code, name = (
            "balai_besar",
            "BBPOM-" + slug(location),
            f"Balai Besar Pengawas Obat dan Makanan di {location}",
        )
    else:
        group, code, name = "balai", "BPOM-" + slug(location), f"Balai Pengawas Obat dan Makanan di {location}"
    return {
        "code": code,
        "name": name,
        "kind": "upt",
        "group": group,
        "parent": "BPOM",
        "city": location,
        "province": row["province_derived"],
        "printed_name": row["unit_name"],
        "source_line": int(row["source_line"]),
    }


def build(golden: Path) -> dict[str, Any]:
    budget_rows = _read(golden / "003_budget.csv")
    satker = [row for row in budget_rows if row["table_id"].startswith("L2_")]
    units: list[dict[str, Any]] = [
        {
            "code": code,
            "name": name,
            "kind": "eselon1",
            "group": "",
            "parent": "BPOM",
            "city": HEAD_OFFICE[0],
            "province": HEAD_OFFICE[1],
            "printed_name": "",
            "source_line": None,
        }
        for code, name in ESELON_1
    ]
    budget: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    kegiatan_units = {UPT_KEGIATAN: "BPOM"}
    for row in satker:
        if row["table_id"] == "L2_pusat":
            code, name, parent, kegiatan, note = CENTRAL[row["unit_name"]]
            kegiatan_units[kegiatan] = code
            unit = {
                "code": code,
                "name": name,
                "kind": "eselon2",
                "group": "central",
                "parent": parent,
                "city": HEAD_OFFICE[0],
                "province": HEAD_OFFICE[1],
                "printed_name": row["unit_name"],
                "source_line": int(row["source_line"]),
            }
            if note:
                warnings.append(
                    {
                        "code": "name_typo",
                        "unit": code,
                        "indicator": None,
                        "message": f"Lampiran II: nama satker {note}",
                        "source_line": unit["source_line"],
                    }
                )
        else:
            unit = _upt(row)
        units.append(unit)
        budget.append(
            {
                "unit": unit["code"],
                "pagu": row["pagu"],
                "pagu_aa": row["pagu_setelah_aa"],
                "realised_b06": row["realisasi"],
                "printed": {
                    "rank": int(row["rank"]),
                    "absorption_of_pagu": row["pct_realisasi_pagu_awal"],
                    "absorption_of_pagu_aa": row["pct_realisasi_pagu_aa"],
                },
                "source_line": int(row["source_line"]),
            }
        )
    changes = []
    for unit in units:
        if unit["group"] == "balai" and unit["city"] in LOKA_TO_BALAI:
            old = LOKA_TO_BALAI[unit["city"]]
            changes.append(
                {
                    "unit": unit["code"],
                    "before": {
                        "name": f"Loka Pengawas Obat dan Makanan di {old}",
                        "kind": "upt",
                        "group": "loka",
                        "city": old,
                    },
                    "valid_from": LOKA_TO_BALAI_ON,
                    "source": LOKA_TO_BALAI_SOURCE,
                }
            )
    spending = [
        {
            "type": row["breakdown"].removeprefix("Belanja ").lower(),
            "pagu": row["pagu"],
            "realised_b06": row["realisasi"],
            "printed": {"absorption_of_pagu": row["pct_realisasi_pagu_awal"]},
            "source_line": int(row["source_line"]),
        }
        for row in budget_rows
        if row["table_id"] == "B12_belanja" and row["breakdown"] != "Total"
    ]
    groups_printed = {
        row["unit_group"]: {
            "pagu": row["pagu"],
            "realised": row["realisasi"],
            "absorption_of_pagu": row["pct_realisasi_pagu_awal"],
            "source_line": int(row["source_line"]),
        }
        for row in budget_rows
        if row["table_id"] == "B12_unit_group"
    }
    indicators, goals = _indicators(_read(golden / "003_iku.csv"), kegiatan_units, warnings)
    sampling = [
        {
            "table": "targeted" if row["metode"] == "Targeted" else "random",
            "commodity": row["komoditi"],
            **{key: (int(row[key]) if row[key] else None) for key in row if key[:2] in {f"{c}_" for c in "abcdefghij"}},
            "source_line": int(row["source_line"]),
        }
        for row in _read(golden / "003_sampling.csv")
    ]
    warnings.append(
        {
            "code": "caption_month",
            "unit": None,
            "indicator": None,
            "source_line": 989,
            "message": "Bab 12: judul Gambar 34 tertulis 's.d Maret 2024' untuk realisasi s.d. Juni 2024",
        }
    )
    return {
        "format": {
            "schema": "sakip-bpom/1",
            "layout": "Built by demo/bpom_fixture.py from the golden files 003_*; see its docstring. units: every "
            "Eselon I parent and every satker of Lampiran II (code, name, kind, group, parent, city, province, the "
            "name as printed, source line). unit_changes: earlier master data of a unit until valid_from. budget: "
            "per satker pagu, pagu after automatic adjustment, realisation s.d. June (blokir = pagu - pagu_aa); "
            "spending_types: Bab 12 per jenis belanja (no pagu AA per type in the source). goals/indicators: "
            "Lampiran I, one goal per owning unit. 'printed' keys hold what the report printed (tests compare), "
            "the loader never reads them. Numbers are decimal strings.",
        },
        "source": f"Kinerja BPOM Dalam Angka Triwulan II Tahun 2024 ({SEED}); line numbers refer to that file",
        "year": 2024,
        "month": 6,
        "units": units,
        "unit_changes": changes,
        "budget": budget,
        "spending_types": spending,
        "groups_printed": groups_printed,
        "goals": goals,
        "indicators": indicators,
        "sampling": sampling,
        "warnings": warnings,
    }


def _indicators(
    rows: list[dict[str, str]], kegiatan_units: dict[str, str], warnings: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    goals: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    goal_keys: dict[tuple[str, str], dict[str, Any]] = {}
    numbers: dict[str, int] = {}
    for row in rows:
        if row["level"] == "program":
            key, unit, level = (row["program_code"], ""), "BPOM", "program"
            name, perspective = row["program_name"], "stakeholder"
        else:
            key, unit, level = ("", row["kegiatan_no"]), kegiatan_units[row["kegiatan_no"]], "activity"
            name, perspective = f"{row['kegiatan_no']} {row['kegiatan_name']}", "internal"
        if key not in goal_keys:
            goal_keys[key] = {
                "unit": unit,
                "number": sum(1 for g in goals if g["unit"] == unit) + 1,
                "level": level,
                "perspective": perspective,
                "name": name,
                "program": row["program_code"],
                "kegiatan": row["kegiatan_no"],
            }
            goals.append(goal_keys[key])
        goal = goal_keys[key]
        numbers[unit] = numbers.get(unit, 0) + 1
        seq = int(row["seq"])
        notes = row["notes"]
        printed_unit = "Per센" if "garbled 'Persen'" in notes else row["satuan"]
        realisation = row["realisasi_tw2"] or None
        note = ""
        if "capaian printed 105.28" in notes:
            # 4.21 / 4 = 105.25; the printed 105.28 comes from the unrounded score: any R in [4.2110, 4.2114)
            # gives 105.28 and prints as 4.21. The midpoint is stored, with the warning below.
            realisation, note = (
                "4.2112",
                "Realisasi tercetak 4,21; capaian tercetak 105,28 = 4,2112 / 4 (nilai tak dibulatkan)",
            )
        indicators.append(
            {
                "seq": seq,
                "unit": unit,
                "goal": goal["number"],
                "number": numbers[unit],
                "name": row["indicator"],
                "unit_of_measure": printed_unit,
                "target": row["target"] or ("4" if row["target_text"] == "WTP" else None),
                "qualitative_map": {"WTP": 4} if row["target_text"] == "WTP" else {},
                "status": row["status"],
                "realisation": realisation,
                "progress": row["progress_pct"] or None,
                "visibility": "restricted" if row["kegiatan_no"] in RESTRICTED_KEGIATAN else "public",
                "printed": {"capaian": row["capaian_pct"] or None, "status": row["status_label_source"]},
                "note": note,
                "source_line": int(row["source_line"]),
            }
        )
        for marker, code, message in WARNINGS:
            if marker in notes:
                warnings.append(
                    {
                        "code": code,
                        "unit": unit,
                        "indicator": seq,
                        "source_line": int(row["source_line"]),
                        "message": message or note,
                    }
                )
    return indicators, goals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("golden", type=Path, help="the golden folder, e.g. ../shared/golden")
    parser.add_argument("--check", action="store_true", help="compare with the committed fixture instead")
    args = parser.parse_args(argv)
    text = json.dumps(build(args.golden), indent=1, ensure_ascii=False) + "\n"
    if args.check:
        same = OUTPUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUTPUT} differs from what the golden files give")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
