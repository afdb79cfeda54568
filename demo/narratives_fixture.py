"""Build the narratives of the two demo Lapkin from the published reports, as overlay fixtures.

    python -m demo.narratives_fixture ../shared/seeds            # writes fixtures/demo/*_narratives.json
    python -m demo.narratives_fixture ../shared/seeds --check    # exits 1 when a committed file differs

The app never reads ../shared: `load_demo` reads the files this script writes and lays them over
`settama_2023.json` / `pusdatin_2022.json`. An overlay only fills what the unit file leaves empty (analysis and
activities of the reported month, kendala printed "-", operational definitions, the Lapkin texts and the
signature of the report); the loader refuses an overlay that would overwrite a value.

Each text is taken from the report itself: the paragraph that opens an indicator's analysis (found by its
first words, `marker`) and the list of activities under the sentence that announces them. Markdown and HTML
of the plain-text conversion are removed; nothing is reworded.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
BULLET = re.compile(r"^\s*(?:-\s+)?(?:\d+\)|\d+\.|[a-z]{1,2}\)|[a-z]\.|[ivx]+\.)\s+")

# indicator -> (first words of the analysis paragraph, paragraphs, first words of the first activity, items);
# "A >> B" is the first B after A; "¶B" takes `items` paragraphs of prose from B instead of list items.
SETTAMA = {
    1: ("Indikator kinerja yang pertama* yaitu “**Nilai RB BPOM", 1, "Telah ditetapkan 13 (Tiga Belas)", 1),
    2: (
        "Indikator kinerja yang kedua yaitu “Nilai AKIP BPOM",
        1,
        "“Nilai AKIP BPOM di Lingkup >> Rapat Kerja Nasional (Rakernas) Pembahasan",
        6,
    ),
    3: (
        "Indikator kinerja yang ketiga* yaitu “Opini BPK",
        1,
        "Penyusunan Laporan Keuangan BPOM dan Sekretariat Utama.",
        5,
    ),
    4: (None, 0, "Penerapan *reward* dan *punishment* dengan menggunakan NKA", 4),
    5: (
        "Indikator kinerja yang pertama yaitu “Indeks Kepuasan Masyarakat",
        1,
        "Dilakukan perbaikan berdasarkan rencana tindak lanjut SKM",
        6,
    ),
    6: (
        "Indikator kinerja yang kedua yaitu “Indeks Kepuasan Media",
        1,
        "Permohonan permintaan informasi/wawancara/talkshow yang diterima",
        3,
    ),
    7: (
        "Indikator kinerja yang ketiga yaitu “Indeks Opini Publik",
        1,
        "Menjalin hubungan baik dengan media dengan memfasilitasi",
        3,
    ),
    8: (
        "Indikator kinerja yang keempat* yaitu “Indeks Kepuasan Internal",
        1,
        "Meningkatkan koordinasi lintas sektor dalam dan luar negeri",
        4,
    ),
    9: (None, 0, "Sasaran 3\t >> Rapat Kerja Nasional (Rakernas) Pembahasan", 6),
    10: (
        "Indikator kinerja yang pertama* yaitu “**Indeks Pengelolaan Aset",
        1,
        "Pemutakhiran Data BMN yang dilakukan",
        2,
    ),
    11: (
        "Indikator kinerja yang kedua yaitu “Indeks Tata Kelola Pengadaan",
        1,
        "Monitoring dan Evaluasi Pengadaan barang/Jasa Triwulan I",
        2,
    ),
    12: ('Indikator kinerja yang ketiga yaitu "Indeks Sistem Merit', 1, "Penyusunan SKP Tahun 2023", 4),
    13: (
        "Indikator kinerja yang pertama yaitu “Persentase Unit Organisasi yang Dilakukan Penataan",
        2,
        "¶Sebagai tindak lanjut dari penyederhanaan birokrasi, BPOM",
        1,
    ),
    14: (
        "Indikator kinerja yang kedua yaitu “Persentase Unit Organisasi yang Menerapkan",
        1,
        "¶Pelaksanaan audit internal ISO 9001:2015 di lingkungan BPOM",
        1,
    ),
    15: (
        "Realisasi Indikator kinerja yang pertama yaitu “Persentase peraturan",
        1,
        "Proses penyusunan rancangan Peraturan BPOM, Keputusan Kepala BPOM",
        3,
    ),
    16: (
        'Realisasi Indikator kinerja yang kedua yaitu "Persentase Advokasi',
        2,
        "Fasilitasi dan Pendampingan Hukum Pemberian Keterangan",
        2,
    ),
    17: (None, 0, "Memfasilitasi dan mengkoordinasikan kerja sama Dalam Negeri", 4),
    18: (
        "Realisasi *Indikator kinerja yang kedua* yaitu “**Persentase kualitas pemberitaan",
        2,
        "Badan POM terus secara rutin menyampaikan informasi",
        4,
    ),
    19: (
        "Realisasi *Indikator kinerja yang ketiga* yaitu “**Persentase permohonan wawancara",
        1,
        "Memberikan jawaban secara tertulis sebagai alternatif",
        3,
    ),
    20: (
        "Realisasi Indikator kinerja yang pertama yaitu “Persentase layanan pengaduan",
        1,
        "Peningkatan kompetensi pelaksana layanan melalui seminar",
        5,
    ),
    21: (
        "Realisasi Indikator kinerja yang kedua yaitu “Tingkat efektifitas KIE",
        2,
        "Penetapan Keputusan Kepala BPOM Nomor 13 tahun 2022",
        3,
    ),
    22: (
        "Indikator kinerja yang ketiga yaitu “Indeks Pelayanan Publik",
        1,
        "Melakukan publikasi Standar Pelayanan Pengaduan Masyarakat",
        3,
    ),
    23: (
        "Indikator kinerja yang pertama* yaitu “**Indeks RB Sekretariat Utama",
        1,
        "Penyusunan rencana aksi reformasi birokrasi area penataan tata laksana",
        4,
    ),
    24: (
        "Indikator kinerja yang kedua* yaitu “**Nilai AKIP Sekretariat Utama",
        1,
        "Rapat Kerja Nasional (Rakernas) terkait arah kebijakan BPOM",
        6,
    ),
    25: (
        "Indikator kinerja “Indeks Profesionalitas ASN di Sektama”* dilakukan",
        1,
        "d. Biro SDM >> Kualifikasi: dilakukan monitoring",
        4,
    ),
    26: (None, 0, "- Pemeliharaan Sarana dan Prasarana\n- Mengotimalkan", 4),
    27: (None, 0, "Pelaksanaan Workshop IKPA Untuk Pejabat Pengelola Perbendaharaan termasuk", 5),
}
PUSDATIN = {
    1: ("Indeks SPBE Badan POM menjadi tolak ukur", 1, "Rabu, 21 April 2022 telah dilaksanakan", 9),
    2: ("Indeks Kepuasan Layanan TIK menjadi tolak ukur", 2, None, 0),
    3: (None, 0, "Telah tersedia layanan Help Pusdatin", 3),
    4: ("Pada tahun 2022 target aplikasi yang akan di backup", 1, None, 0),
    5: ("Indeks CSIRT dinilai oleh Badan Siber", 1, "Melakukan kegiatan *System Integration Test*", 11),
    6: ("Pada tahun 2022 Pusat Data dan Informasi menargetkan 64.500", 1, None, 0),
    7: ("Data berbagi pakai adalah layanan informasi yang memberikan gambaran", 2, None, 0),
    8: (None, 0, None, 0),
    9: ("Realisasi kinerja pada triwulan IV sudah mencapai 73,45%", 1, None, 0),
    10: ("Realisasi kinerja pada triwulan IV mencapai 100% dari target 100%", 2, None, 0),
    11: ("Pengukuran indikator kinerja dilakukan dengan mengacu pada hasil penilaian Indeks RB", 1, None, 0),
    12: ("Namun capaian ini masih jauh dari target", 1, "Membuat aplikasi monitoring dan evaluasi kinerja", 3),
    13: ("Target Tahun 2022 nilai Indeks Profesionalitas ASN", 1, None, 0),
    14: ("Realisasi indikator ini sebesar 3 atau sudah sesuai", 1, None, 0),
    15: ("Realisasi kinerja indikator ini sebesar 53,16%", 1, None, 0),
    16: (
        "Perolehan Sertifikasi ISO 27001 dinilai",
        1,
        "Telah dilakukan reviu dan penetapan Surat Keputusan Kepala Pusat Data",
        7,
    ),
    17: (None, 0, None, 0),
}
# What the report says it did, where it gives no list of activities under an indicator (the sentence is quoted).
PUSDATIN_ACTIVITIES = {
    2: "Pengukuran kepuasan pelanggan melalui survei kepada pengguna layanan TIK pada triwulan III.",
    4: "Backup 6 aplikasi ke Disaster Recovery Center (DRC): gateway TTE, Website Utama, e-sertif, gateway "
    "e-payment, gateway OSS dan gateway KSWP.",
    6: "Layanan perpustakaan luring dan daring (perpustakaan.pom.go.id): 244 pengunjung offline dan 65.495 "
    "pengunjung online sampai dengan triwulan IV.",
    7: "Berbagi pakai 15 domain data melalui portal Satu Data BPOM (antara lain data produk pangan, obat "
    "tradisional dan suplemen kesehatan teregistrasi).",
    8: "Pemutakhiran 25 dashboard Operational Center (BOC), antara lain Dashboard Layanan PPID Badan POM, "
    "Dashboard Kinerja Pusdatin dan Dashboard Layanan PPPOMN.",
    9: "Integrasi 29 aplikasi, antara lain Webreg – DIN, OSS – CDOB, OSS – SIREKA, SSO – Layanan Pusdatin dan "
    "E-Reg Pangan RBA – OSS RBA.",
    10: "Penyelesaian 31 pengembangan infrastruktur TIK, antara lain relokasi jaringan LAN, lisensi antivirus, "
    "migrasi email BPOM ke PDN Kominfo dan layanan koneksi internet.",
    11: "Konfirmasi ulang LKE dan data dukung RB kepada Inspektorat Utama (nota dinas 1 Juli 2022 dan surat dinas "
    "27 Oktober 2022).",
    13: "Monitoring pengembangan kompetensi pegawai (20 JP) dan dorongan tugas belajar.",
    14: "Pemanfaatan dashboard BOC (100%) dan e-mail (95,45%) serta verifikasi data oleh pemilik data (100%).",
    15: "Pemenuhan standar sistem informasi (22 modul aplikasi), standar infrastruktur TIK (30 unit pusat dan 22 "
    "UPT), standar data, dan vulnerability assessment terhadap 68 aplikasi.",
    17: "Penilaian IKPA (95,63; bobot 40%) pada OM SPAN dan EKA (89,31; bobot 60%) pada SMART DJA.",
}
PUSDATIN_ANALYSIS = {
    3: "Sampai dengan triwulan IV terdapat 4.714 keluhan yang masuk ke Pusat Data dan Informasi, dan 4.620 "
    "keluhan sudah ditindaklanjuti tepat waktu.",
    8: "Pada tahun 2022 target dashboard yang dimutakhirkan sebanyak 23 dashboard, realisasi hingga triwulan IV "
    "terdapat 25 dashboard yang telah dimutakhirkan.",
    17: "Bobot nilai IKPA sebesar 40% (95,63 × 40% = 38,25) dan bobot nilai EKA sebesar 60% (89,31 × 60% = "
    "53,58). Realisasi pada indikator ini adalah 91,83 atau 98,11% dari target tahunan 93,6.",
}

TEXTS = {
    "settama_2023": {
        "quarter": 2,
        "intro_start": "Sebagai salah satu Unit Organisasi Eselon I di BPOM",
        "intro_paragraphs": 2,
        "saran_start": "II. SARAN >> Pelaksanaan dan monev rencana aksi RB BPOM",
        "saran_items": 5,
        "place": "Jakarta",
        "signed_on": "2023-07-20",
        "signatory_name": "Dra. Rita Mahyona, Apt, M.Si",
        "signatory_title": "Sekretaris Utama",
    },
    "pusdatin_2022": {
        "quarter": 4,
        "intro_start": "Pusat Data dan Informasi Obat dan Makanan berperan penting",
        "intro_paragraphs": 2,
        "saran_start": None,
        "saran_items": 0,
        "place": "Jakarta",
        "signed_on": "2023-01-20",
        "signatory_name": "Syamsidar Thamrin, ST, MBA",
        "signatory_title": "Kepala Pusat Data dan Informasi Obat dan Makanan",
    },
}
# Pusdatin's BAB IV has no "Saran" list: the follow-up plans it states for its unmet indicators stand in for it.
PUSDATIN_RECOMMENDATIONS = [
    "Menyusun kertas kerja seluruh indikator kinerja utama (IKU) Pusdatin sesuai dengan pedoman.",
    "Membuat aplikasi monitoring dan evaluasi kinerja serta anggaran internal Pusdatin.",
    "Melakukan sinkronisasi perhitungan keluhan infrastruktur TIK dan review SOP mikro keluhan user.",
    "Menyusun perencanaan penambahan aplikasi yang akan di backup DRC di Badan POM.",
]


def clean(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = text.replace("**", "").replace("*", "")
    text = re.sub(r"^#+\s*", "", text.strip())
    text = BULLET.sub("", text)
    text = re.sub(r"^-\s*", "", text)
    text = re.sub(r"\s+", " ", text).replace(" ,", ",").replace(" .", ".")
    return text.strip()


def _prose(line: str) -> bool:
    return bool(line.strip()) and "\t" not in line and not line.startswith("|") and not BULLET.match(line)


def _find(seed: str, marker: str) -> int:
    """Where `marker` is; "A >> B" is the first B after A."""
    after = 0
    if " >> " in marker:
        before, marker = marker.split(" >> ", 1)
        after = _find(seed, before)
    start = seed.find(marker, after)
    if start < 0:
        raise ValueError(f"not in the seed: {marker!r}")
    return start


def paragraphs(seed: str, marker: str, count: int) -> str:
    """`count` lines of prose from the one that holds `marker` (a page break may split a paragraph)."""
    start = _find(seed, marker)
    lines = seed[seed.rfind("\n", 0, start) + 1 :].split("\n")
    found = [clean(line) for line in lines if _prose(line)][:count]
    return " ".join(found)


def items(seed: str, marker: str, count: int) -> str:
    """Up to `count` items of the list that starts at `marker`, numbered 1) 2) ..."""
    start = _find(seed, marker)
    found: list[str] = []
    for line in seed[seed.rfind("\n", 0, start) + 1 :].split("\n"):
        if not line.strip() or "\t" in line or line.startswith("|"):
            continue
        if not (BULLET.match(line) or line.lstrip().startswith("- ")):
            if found:
                break
            continue
        found.append(clean(line))
        if len(found) == count:
            break
    return "\n".join(f"{n}) {line}" for n, line in enumerate(found, start=1))


def definitions(seed: str) -> dict[int, str]:
    """Tabel 2.1 of the Pusdatin report: the operational definition of each of the 17 indicators, in order."""
    rows: list[str] = []
    for line in seed.split("\n"):
        cells = line.split("\t")
        if len(cells) < 3 or cells[0].strip().upper() == "SASARAN STRATEGIS":
            continue
        if cells[1].strip():
            rows.append(cells[2])
        elif rows:
            rows[-1] += " " + cells[2]
    rows = rows[:17]
    return {number: clean(text) for number, text in enumerate(rows, start=1)}


def build(seeds: Path) -> dict[str, dict[str, Any]]:
    settama_seed = (seeds / "lapkin_settama_tw2_2023.txt").read_text(encoding="utf-8")
    pusdatin_seed = (seeds / "lapkin_pusdatin_tw4_2022.txt").read_text(encoding="utf-8")
    out = {}
    for name, seed, spec, month in (
        ("settama_2023", settama_seed, SETTAMA, 6),
        ("pusdatin_2022", pusdatin_seed, PUSDATIN, 12),
    ):
        unit_file = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        stored = {(r["indicator"], r["month"]): r for r in unit_file["realisations"]}
        realisations = []
        for number, (a_marker, a_count, act_marker, act_count) in sorted(spec.items()):
            current = stored.get((number, month), {})
            row: dict[str, Any] = {"indicator": number, "month": month}
            analysis = paragraphs(seed, a_marker, a_count) if a_marker else PUSDATIN_ANALYSIS.get(number, "")
            if analysis and not current.get("analysis"):
                row["analysis"] = analysis
            if act_marker and act_marker.startswith("¶"):  # the report tells what was done in prose
                activities = paragraphs(seed, act_marker[1:], act_count)
            elif act_marker:
                activities = items(seed, act_marker, act_count)
            else:
                activities = PUSDATIN_ACTIVITIES.get(number, "")
            if activities and not current.get("activities"):
                row["activities"] = activities
            if current.get("rtl") and not current.get("kendala"):
                row["kendala"] = "-"  # the report prints "-": no obstacle, yet a follow-up plan
            realisations.append(row)
        texts: dict[str, Any] = dict(TEXTS[name])
        introduction = paragraphs(seed, texts.pop("intro_start"), texts.pop("intro_paragraphs"))
        saran_start, saran_items = texts.pop("saran_start"), texts.pop("saran_items")
        if saran_start:
            recommendations = [line.split(") ", 1)[1] for line in items(seed, saran_start, saran_items).split("\n")]
        else:
            recommendations = PUSDATIN_RECOMMENDATIONS
        overlay: dict[str, Any] = {
            "format": {
                "schema": "sakip-demo-narratives/1",
                "layout": "Laid over the unit file of the same name by load_demo: realisations[] add narratives "
                "(analysis, activities, kendala) to the unit file's realisation of that indicator and month; "
                "indicators[] add operational definitions; texts holds the period's Lapkin texts (BAB I, Saran) "
                "and the report's signature. Only empty values are filled. Written by demo/narratives_fixture.py.",
            },
            "source": unit_file["source"],
            "unit": unit_file["unit"],
            "year": unit_file["year"],
            "realisations": realisations,
            "indicators": [],
            "texts": {**texts, "introduction": introduction, "recommendations": "\n".join(recommendations)},
        }
        if name == "pusdatin_2022":
            overlay["indicators"] = [
                {"number": number, "definition": text} for number, text in sorted(definitions(seed).items())
            ]
        out[name] = overlay
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    differs = False
    for name, overlay in build(args.seeds).items():
        text = json.dumps(overlay, ensure_ascii=False, indent=2) + "\n"
        path = FIXTURES / f"{name}_narratives.json"
        if args.check:
            differs |= not path.exists() or path.read_text(encoding="utf-8") != text
        else:
            path.write_text(text, encoding="utf-8")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
