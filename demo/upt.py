"""A third demo unit: a UPT (Balai Besar POM) with invented data for 2022 — "data contoh/fiktif" — that
exercises every calculation method of SAKIP_DOMAIN.md §11 and the schedules of §12, TW I to TW III.

Everything is built here in the layout of `fixtures/demo/*.json` ("sakip-demo/1") and loaded by the same
`_Loader`, so it upserts like the rest of the demo. Each indicator is one `DemoIndicator`; each realisation's
value is computed from its components by `sakip.scoring` (the demo cannot contradict its own components).
To extend the unit (a target revision, budget by spending type, follow-ups), add a function that changes
`build()`'s dict or loads after `load_upt` — the layout is the loader's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from budget.models import PaguChange
from indicators.models import ActionPlan, Indicator, Recommendation, RecommendationStatus
from sakip import scoring
from sakip.models import OrgUnit

if TYPE_CHECKING:
    from demo.loader import _Loader

CODE = "BBPOM-CONTOH"
YEAR = 2022
LABEL = "data contoh/fiktif"
MONTHS = range(1, 10)  # B01..B09: TW I..III
APPROVED_NOT_LOCKED = (7, 8, 9)  # TW III is approved; earlier months are locked


@dataclass
class DemoIndicator:
    number: int
    goal: int
    name: str
    unit_of_measure: str
    annual: str
    targets: dict[int, str]  # month -> target
    method: str = "direct"
    formula: str = ""
    schedule: str = "monthly"
    start_month: int | None = None
    components: list[tuple[str, str, str | None, bool]] = field(default_factory=list)  # code, name, weight, ratio
    values: dict[int, dict[str, Any]] = field(default_factory=dict)  # month -> code -> number or (num, den)
    direct: dict[int, str] = field(default_factory=dict)  # month -> the value typed (direct, ratio, B12 count)
    ratio: dict[int, tuple[str, str]] = field(default_factory=dict)  # month -> realisation numerator/denominator


GOALS = (
    (1, "stakeholder", "Meningkatnya efektivitas pengawasan Obat dan Makanan di wilayah kerja"),
    (2, "customer", "Meningkatnya kepuasan dan kepatuhan pelaku usaha serta masyarakat"),
    (3, "internal", "Meningkatnya kualitas pengujian, penindakan dan tata kelola anggaran"),
    (4, "learning", "Meningkatnya kompetensi sumber daya manusia"),
)

CUMULATIVE = {3: "25", 6: "50", 9: "75", 12: "100"}

INDICATORS = (
    DemoIndicator(
        1,
        1,
        "Indeks kepuasan masyarakat terhadap layanan publik",
        "indeks",
        "4.5",
        {12: "4.5"},
        schedule="year_end",
        direct={6: "4.62", 9: "4.62"},  # survey published mid-year: an early value
    ),
    DemoIndicator(
        2,
        1,
        "Persentase sampel Obat dan Makanan yang diuji sesuai standar",
        "%",
        "90",
        {
            m: t
            for m, t in (
                (1, "70"),
                (2, "75"),
                (3, "81"),
                (4, "82"),
                (5, "83"),
                (6, "85"),
                (7, "86"),
                (8, "87"),
                (9, "88"),
                (10, "89"),
                (11, "90"),
                (12, "90"),
            )
        },
        method="ratio",
        ratio={
            1: ("20", "30"),
            2: ("41", "57"),
            3: ("66", "108"),
            4: ("120", "160"),
            5: ("180", "230"),
            6: ("260", "320"),
            7: ("330", "390"),
            8: ("420", "470"),
            9: ("539", "572"),
        },
    ),
    DemoIndicator(
        3,
        2,
        "Persentase tindak lanjut hasil pengawasan sarana yang diselesaikan",
        "%",
        "80",
        {3: "20", 6: "40", 9: "60", 12: "80"},
        method="mean_of_ratios",
        schedule="quarterly",
        components=[
            ("PROD", "sarana produksi: tindak lanjut selesai / temuan", None, True),
            ("DIST", "sarana distribusi: tindak lanjut selesai / temuan", None, True),
            ("RITEL", "sarana ritel: tindak lanjut selesai / temuan", None, True),
        ],
        values={
            3: {"PROD": ("20", "50"), "DIST": ("1", "9"), "RITEL": ("0", "0")},
            6: {"PROD": ("61", "103"), "DIST": ("3", "17"), "RITEL": ("0", "0")},
            9: {"PROD": ("80", "110"), "DIST": ("9", "20"), "RITEL": ("2", "4")},
        },
    ),
    DemoIndicator(
        4,
        2,
        "Jumlah sekolah dengan pangan jajanan anak sekolah (PJAS) aman",
        "sekolah",
        "58",
        {3: "20", 6: "50", 9: "80", 12: "58"},
        method="staged",
        components=[
            ("ADV", "Advokasi kepada pemangku kepentingan", "20", False),
            ("BIMTEK", "Bimbingan teknis komunitas sekolah", "30", False),
            ("UJI", "Sampling dan pengujian PJAS", "30", False),
            ("MONEV", "Monitoring dan evaluasi", "20", False),
        ],
        values={
            **{m: {"ADV": str(min(100, 40 * m))} for m in (1, 2)},
            3: {"ADV": "100"},
            4: {"ADV": "100", "BIMTEK": "30"},
            5: {"ADV": "100", "BIMTEK": "70"},
            6: {"ADV": "100", "BIMTEK": "100"},
            7: {"ADV": "100", "BIMTEK": "100", "UJI": "60"},
            8: {"ADV": "100", "BIMTEK": "100", "UJI": "100", "MONEV": "10"},
            9: {"ADV": "100", "BIMTEK": "100", "UJI": "100", "MONEV": "30.85"},
        },
    ),
    DemoIndicator(
        5,
        3,
        "Nilai Kinerja Anggaran Balai Besar POM",
        "nilai",
        "93",
        {
            m: t
            for m, t in (
                (1, "30"),
                (2, "45"),
                (3, "55"),
                (4, "62"),
                (5, "66"),
                (6, "70"),
                (7, "74"),
                (8, "78"),
                (9, "82"),
                (10, "86"),
                (11, "90"),
                (12, "93"),
            )
        },
        method="weighted_sum",
        components=[
            ("EKA", "Evaluasi Kinerja Anggaran (SMART DJA)", "0.6", False),
            ("IKPA", "Indikator Kinerja Pelaksanaan Anggaran (OMSPAN)", "0.4", False),
        ],
        values={
            m: {"EKA": eka, "IKPA": ikpa}
            for m, eka, ikpa in (
                (1, "20", "90"),
                (2, "30", "91"),
                (3, "40", "92.5"),
                (4, "50", "93"),
                (5, "55", "94"),
                (6, "60", "95.2"),
                (7, "65", "95.5"),
                (8, "70", "96"),
                (9, "76.65", "97.35"),
            )
        },
    ),
    DemoIndicator(
        6,
        3,
        "Indeks tata kelola laboratorium pengujian (konversi bobot)",
        "indeks",
        "85",
        {3: "80", 6: "82", 9: "84", 12: "85"},
        method="weighted_mean",
        schedule="quarterly",
        components=[
            (f"K{i}", name, weight, False)
            for i, (name, weight) in enumerate(
                (
                    ("Kompetensi personel", "10"),
                    ("Metode uji", "10"),
                    ("Peralatan", "20"),
                    ("Ketertelusuran", "10"),
                    ("Penanganan sampel", "10"),
                    ("Jaminan mutu", "10"),
                    ("Pelaporan", "5"),
                    ("Sistem informasi", "25"),
                ),
                start=1,
            )
        ],
        values={
            3: {"K1": "80", "K2": "85", "K3": "70", "K8": "75"},
            6: {"K1": "85", "K2": "85", "K3": "80", "K4": "90", "K8": "80"},
            9: {"K1": "88", "K2": "86", "K3": "82", "K4": "90", "K5": "84", "K6": "80", "K7": "95", "K8": "85"},
        },
    ),
    DemoIndicator(
        7,
        3,
        "Persentase perkara penindakan yang diselesaikan",
        "%",
        "75",
        {3: "20", 6: "40", 9: "60", 12: "75"},
        method="formula",
        formula="penindakan",
        schedule="quarterly",
        components=[
            ("SPDP", "perkara dengan SPDP", None, False),
            ("TAHAP1", "perkara Tahap I", None, False),
            ("P21", "perkara P21", None, False),
            ("TAHAP2", "perkara Tahap II", None, False),
            ("KASUS", "perkara ditangani (termasuk limpahan tahun lalu)", None, False),
        ],
        values={
            3: {"SPDP": "3", "TAHAP1": "1", "P21": "0", "TAHAP2": "0", "KASUS": "8"},
            6: {"SPDP": "6", "TAHAP1": "4", "P21": "2", "TAHAP2": "1", "KASUS": "8"},
            9: {"SPDP": "8", "TAHAP1": "6", "P21": "4", "TAHAP2": "3", "KASUS": "8"},
        },
    ),
    DemoIndicator(
        8,
        4,
        "Persentase pegawai yang mengikuti pengembangan kompetensi minimal 20 JP",
        "%",
        "100",
        {m: str(10 * (m - 3)) for m in range(4, 12)} | {12: "100"},
        start_month=4,
        direct={4: "8", 5: "17", 6: "31", 7: "38", 8: "52", 9: "63"},
    ),
)


DEFINITIONS = {
    1: "Nilai indeks hasil survei kepuasan masyarakat atas layanan publik Balai pada skala 1–5.",
    2: "Sampel yang diuji sesuai standar dibagi sampel yang direncanakan, dikali 100%.",
    3: "Rata-rata persentase tindak lanjut temuan sarana produksi, distribusi dan ritel yang diselesaikan.",
    4: "Jumlah sekolah yang PJAS-nya aman, diukur dari tahapan advokasi, bimtek, sampling dan monev.",
    5: "Nilai Kinerja Anggaran: 60% Evaluasi Kinerja Anggaran (SMART DJA) dan 40% IKPA (OMSPAN).",
    6: "Rata-rata tertimbang delapan aspek tata kelola laboratorium pengujian.",
    7: "Perkara penindakan yang mencapai tahap SPDP, Tahap I, P21 atau Tahap II dibanding perkara ditangani.",
    8: "Pegawai yang mengikuti pengembangan kompetensi minimal 20 jam pelajaran dibagi seluruh pegawai.",
}


CALCULATIONS = {
    "direct": "Nilai realisasi diisi langsung dari data dukung.",
    "ratio": "Realisasi = pembilang / penyebut × 100%.",
    "mean_of_ratios": "Realisasi = rata-rata rasio komponen × 100%; komponen 0/0 tidak dihitung.",
    "staged": "B01–B11: Σ bobot tahapan × penyelesaian tahapan (%); B12: jumlah akhir yang dicapai.",
    "weighted_sum": "Realisasi = 0,6 × EKA + 0,4 × IKPA.",
    "weighted_mean": "Realisasi = Σ bobot × nilai aspek / Σ bobot aspek yang dinilai.",
    "formula": "Realisasi = (15% SPDP + 40% Tahap I + 30% P21 + 15% Tahap II) / jumlah kasus.",
}


def _value(indicator: DemoIndicator, month: int) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Realisation value, numerator, denominator of a month, computed by sakip.scoring."""
    if month in indicator.ratio:
        numerator, denominator = (Decimal(x) for x in indicator.ratio[month])
        return scoring.ratio_percent(numerator, denominator).value, numerator, denominator
    if month in indicator.direct:
        return Decimal(indicator.direct[month]), None, None
    if month not in indicator.values:
        return None, None, None
    weights = {code: Decimal(weight) if weight else None for code, _name, weight, _ratio in indicator.components}
    inputs = []
    for code, _name, _weight, uses_ratio in indicator.components:
        typed = indicator.values[month].get(code)
        if uses_ratio and typed is not None:
            inputs.append(scoring.ComponentValue(code, weights[code], None, Decimal(typed[0]), Decimal(typed[1])))
        else:
            inputs.append(scoring.ComponentValue(code, weights[code], Decimal(typed) if typed else None))
    computed = scoring.indicator_value(scoring.Method(indicator.method), inputs, month, indicator.formula)
    return computed.value, None, None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(scoring.round_half_up(value, 4))


KENDALA = {
    1: "survei kepuasan baru dilaksanakan sekali setahun",
    2: "sebagian pelaku usaha belum menindaklanjuti temuan tepat waktu",
    3: "keterbatasan reagen dan alat uji pada awal tahun",
    4: "jadwal pelatihan bersamaan dengan pengawasan rutin",
}
RTL = {
    1: "menyusun survei triwulanan sebagai pemantauan antara",
    2: "menyurati pelaku usaha dan menjadwalkan verifikasi lapangan",
    3: "mempercepat pengadaan reagen melalui e-katalog",
    4: "menjadwalkan pelatihan daring di luar jadwal sampling",
}


def _rtl_status(indicator: DemoIndicator, month: int) -> str:
    """RTL of TW I done for even-numbered indicators; every RTL of TW II and TW III still in process."""
    return "selesai" if month == 3 and indicator.number % 2 == 0 else "proses"


def _realisations() -> list[dict[str, Any]]:
    rows = []
    for indicator in INDICATORS:
        for month in MONTHS:
            value, numerator, denominator = _value(indicator, month)
            if value is None and not (indicator.schedule == "year_end" and month % 3 == 0):
                continue
            quarter_end = month % 3 == 0
            rows.append(
                {
                    "indicator": indicator.number,
                    "month": month,
                    "state": "number" if value is not None else "year_end",
                    "value": _text(value),
                    "numerator": _text(numerator),
                    "denominator": _text(denominator),
                    "analysis": f"[{LABEL}] Analisis capaian B{month:02d} untuk demonstrasi." if quarter_end else "",
                    "kendala": f"[{LABEL}] Kendala TW {month // 3}: {KENDALA[indicator.goal]}" if quarter_end else "",
                    "rtl": f"[{LABEL}] RTL TW {month // 3}: {RTL[indicator.goal]}" if quarter_end else "",
                    "rtl_status": _rtl_status(indicator, month) if quarter_end else "",
                    "activities": f"[{LABEL}] Kegiatan s.d. B{month:02d} untuk demonstrasi." if quarter_end else "",
                }
            )
    return rows


def _components() -> list[dict[str, Any]]:
    entries = []
    for indicator in INDICATORS:
        values: dict[str, dict[str, dict[str, str]]] = {}
        for month, by_code in indicator.values.items():
            ratio_codes = {code for code, _n, _w, uses_ratio in indicator.components if uses_ratio}
            values[f"B{month:02d}"] = {
                code: {"numerator": typed[0], "denominator": typed[1]} if code in ratio_codes else {"value": typed}
                for code, typed in by_code.items()
            }
        entries.append(
            {
                "unit": CODE,
                "year": YEAR,
                "indicator": indicator.number,
                "method": indicator.method,
                "formula": indicator.formula,
                "start_month": indicator.start_month,
                "components": [
                    {"code": code, "name": name, "weight": weight, "uses_ratio": uses_ratio}
                    for code, name, weight, uses_ratio in indicator.components
                ],
                "values": values,
            }
        )
    return entries


def _indicator(indicator: DemoIndicator) -> dict[str, Any]:
    return {
        "number": indicator.number,
        "code": "",
        "name": f"{indicator.name} ({LABEL})",
        "unit_of_measure": indicator.unit_of_measure,
        "value_kind": "number",
        "qualitative_map": {},
        "polarity": "higher",
        "lower_rule": "mirror",
        "schedule": indicator.schedule,
        "target_behaviour": "year_end" if indicator.schedule == "year_end" else "cumulative",
        "decimals": 2,
        "scale_min": None,
        "scale_max": None,
        "weight": "1",
        "definition": f"[{LABEL}] {DEFINITIONS[indicator.number]}",
        "calculation": CALCULATIONS[indicator.method],
    }


BILLION = Decimal(1000000000)
# Jenis belanja of the DIPA: pagu, blokir and the cumulative realisation B01..B09, in billions of rupiah.
SPENDING = (
    ("pegawai", "24", "0", ("2", "4", "6", "8", "10", "12", "14", "16", "18")),
    ("barang", "15", "1.2", ("0.3", "0.8", "1.35", "2.6", "4", "5.4", "6.7", "8.1", "9.5")),
    ("modal", "3", "0.3", ("0", "0", "0", "0", "0.2", "0.5", "0.7", "0.95", "1.25")),
)
PAGU_CHANGES = (
    ("2021-11-24", f"DIPA-CONTOH-001/{YEAR}", "40500000000", "DIPA awal"),
    (
        "2022-05-30",
        f"DIPA-CONTOH-001/{YEAR}/REV-1",
        "42000000000",
        "Revisi DIPA: tambahan pagu belanja barang pengujian",
    ),
)
SHARES = ((3, "0.18"), (6, "0.43"), (9, "0.69"))


def _indicator_pagu(indicator: DemoIndicator) -> Decimal:
    return Decimal(500000000) * (indicator.number + 1)


def _budget() -> list[dict[str, Any]]:
    """The unit's DIPA (all types, then by jenis belanja), each goal's allocation and each indicator's pagu."""
    lines: list[dict[str, Any]] = [
        {
            "goal": None,
            "indicator": None,
            "pagu": "42000000000",
            "blokir": "1500000000",
            "allocation": None,
            "realisations": {"B03": "7350000000", "B06": "17900000000", "B09": "28750000000"},
        },
    ]
    for spending_type, billions, blokir, months in SPENDING:
        lines.append(
            {
                "goal": None,
                "indicator": None,
                "spending_type": spending_type,
                "pagu": str(Decimal(billions) * BILLION),
                "blokir": str(Decimal(blokir) * BILLION),
                "allocation": None,
                "realisations": {f"B{m:02d}": str(Decimal(x) * BILLION) for m, x in enumerate(months, start=1)},
            }
        )
    for number, _perspective, _name in GOALS:
        goal_pagu = sum((_indicator_pagu(i) for i in INDICATORS if i.goal == number), Decimal(0))
        lines.append(
            {
                "goal": number,
                "indicator": None,
                "pagu": str(goal_pagu),
                "blokir": "0",
                "allocation": str(goal_pagu),
                "realisations": {f"B{m:02d}": str(goal_pagu * Decimal(share)) for m, share in SHARES},
            }
        )
    for indicator in INDICATORS:
        pagu = _indicator_pagu(indicator)
        lines.append(
            {
                "goal": None,
                "indicator": indicator.number,
                "pagu": str(pagu),
                "blokir": "0",
                "allocation": None,
                "realisations": {f"B{m:02d}": str(pagu * Decimal(share)) for m, share in SHARES},
            }
        )
    return lines


REVISED = {2: {10: "90", 11: "91", 12: "92"}}  # indicator -> the months the revision raises (after TW III)
REVISED_ANNUAL = {2: "92"}
REFUSED = {8: "90"}  # indicator -> the lower annual target asked for and refused: the target stays


def _targets(revised: bool) -> list[dict[str, Any]]:
    rows = []
    for i in INDICATORS:
        months = dict(i.targets) | (REVISED.get(i.number, {}) if revised else {})
        annual = REVISED_ANNUAL.get(i.number, i.annual) if revised else i.annual
        rows.append({"indicator": i.number, "annual": annual, "monthly": {f"B{m:02d}": t for m, t in months.items()}})
    return rows


def _agreements() -> list[dict[str, Any]]:
    """PK semula (signed December) and its revision effective B07: one target raised, one lowering refused."""
    by_number = {i.number: i for i in INDICATORS}
    parties = {
        "first_party": f"Kepala Balai Besar POM Contoh ({LABEL})",
        "first_party_title": "Kepala Balai Besar POM Contoh",
        "second_party": f"Deputi Bidang Penindakan ({LABEL})",
        "second_party_title": "Deputi Bidang Penindakan",
    }
    return [
        {
            "version": 1,
            "signed_on": "2021-12-27",
            "letter_number": f"PK-CONTOH/{YEAR} ({LABEL})",
            "reason": "",
            "in_force": False,
            **parties,
            "targets": _targets(revised=False),
        },
        {
            "version": 2,
            "signed_on": "2022-06-28",
            "effective_month": 7,
            "letter_number": f"PK-CONTOH/{YEAR}/REV-1 ({LABEL})",
            "request_letter": f"PR.01.01/06/{YEAR} ({LABEL})",
            "reason": f"[{LABEL}] Penyesuaian target setelah penambahan pagu pengujian pada DIPA revisi.",
            "in_force": True,
            **parties,
            "items": [
                {
                    "indicator": 2,
                    "old_annual": by_number[2].annual,
                    "proposed_annual": REVISED_ANNUAL[2],
                    "decided_annual": REVISED_ANNUAL[2],
                    "decision": "approved",
                    "note": f"[{LABEL}] Pagu pengujian bertambah.",
                },
                {
                    "indicator": 8,
                    "old_annual": by_number[8].annual,
                    "proposed_annual": REFUSED[8],
                    "decided_annual": by_number[8].annual,
                    "decision": "refused",
                    "note": f"[{LABEL}] Penurunan target tahunan tidak disetujui; target tetap.",
                },
            ],
            "targets": _targets(revised=True),
        },
    ]


def build() -> dict[str, Any]:
    """The unit's data in the layout of fixtures/demo/*.json (see its "format")."""
    return {
        "units": [
            {"code": "BPOM", "name": "Badan Pengawas Obat dan Makanan", "kind": "badan", "parent": None},
            {"code": CODE, "name": f"Balai Besar POM Contoh ({LABEL})", "kind": "upt", "parent": "BPOM"},
        ],
        "perspectives": [
            {"code": "stakeholder", "name": "Stakeholder Perspective", "order": 1},
            {"code": "customer", "name": "Customer Perspective", "order": 2},
            {"code": "internal", "name": "Internal Process Perspective", "order": 3},
            {"code": "learning", "name": "Learning and Growth Perspective", "order": 4},
        ],
        "unit": CODE,
        "year": YEAR,
        "policy": {"rollup": "mean_of_goals", "efficiency_level": "indicator", "output_basis": "period"},
        "goals": [
            {
                "number": number,
                "level": "activity",
                "perspective": perspective,
                "name": f"{name} ({LABEL})",
                "indicators": [_indicator(i) for i in INDICATORS if i.goal == number],
            }
            for number, perspective, name in GOALS
        ],
        "agreements": _agreements(),
        "realisations": _realisations(),
        "approved_months": list(APPROVED_NOT_LOCKED),
        "budget": _budget(),
    }


# Follow-up of recommendations (§16): text, origin, indicators, first quarter, and per quarter
# (status, done on, evidence, action plans as (text, timeline)). A quarter without an entry carries the last forward.
RECOMMENDATIONS = (
    (
        f"[{LABEL}] Percepat verifikasi tindak lanjut temuan sarana distribusi",
        "monev",
        (3,),
        1,
        {
            1: ("belum", None, "", (("Menyusun jadwal verifikasi lapangan", "Mei 2022"),)),
            2: ("belum", None, "", (("Verifikasi lapangan 10 sarana distribusi", "Agustus 2022"),)),
            3: ("selesai", "2022-09-15", "Laporan verifikasi lapangan No. LV-09/2022", ()),
        },
    ),
    (
        f"[{LABEL}] Tingkatkan koordinasi dengan penyidik Polri dan Kejaksaan dalam penyelesaian perkara",
        "inspectorate",
        (7, 2),
        1,
        {
            1: ("belum", None, "", (("Rapat koordinasi triwulanan dengan Korwas PPNS", "TW II 2022"),)),
            2: (
                "belum",
                None,
                "",
                (
                    ("Menyusun nota kesepahaman dengan Kejaksaan Tinggi", "Desember 2022"),
                    ("Pelatihan berkas perkara bagi PPNS", "TW IV 2022"),
                ),
            ),
        },
    ),
)

REPORT_TEXT = {
    "quarter": 3,
    "introduction": (
        f"[{LABEL}] Balai Besar POM Contoh melaksanakan pengawasan Obat dan Makanan di wilayah kerjanya. "
        "Laporan ini menyajikan capaian kinerja s.d. Triwulan III untuk demonstrasi aplikasi SAKIP."
    ),
    "recommendations": (
        f"[{LABEL}] Percepat pengadaan reagen pengujian.\n"
        f"[{LABEL}] Tuntaskan tindak lanjut rekomendasi Inspektorat sebelum akhir tahun."
    ),
    "place": "Kota Contoh",
    "signed_on": "2022-10-07",
    "signatory_name": f"Nama Kepala Balai ({LABEL})",
    "signatory_title": "Kepala Balai Besar POM Contoh",
}


def _load_pagu_changes(loader: _Loader, unit: OrgUnit) -> None:
    for effective_on, letter, pagu, description in PAGU_CHANGES:
        loader.upsert(
            "pagu_changes",
            PaguChange,
            {"unit": unit, "year": YEAR, "effective_on": dt.date.fromisoformat(effective_on), "letter_number": letter},
            {"pagu": Decimal(pagu), "description": f"{description} ({LABEL})"},
        )


def _load_recommendations(loader: _Loader, unit: OrgUnit) -> None:
    indicators = {i.number: i for i in Indicator.objects.filter(goal__unit=unit, goal__year=YEAR)}
    for text, origin, numbers, first_quarter, quarters in RECOMMENDATIONS:
        recommendation = loader.upsert(
            "recommendations",
            Recommendation,
            {"unit": unit, "year": YEAR, "text": text},
            {"origin": origin, "first_quarter": first_quarter},
        )
        wanted = {indicators[n].pk for n in numbers}
        if set(recommendation.indicators.values_list("pk", flat=True)) != wanted:
            recommendation.indicators.set(wanted)
        for quarter, (status, done_on, evidence, plans) in quarters.items():
            row = loader.upsert(
                "recommendation_statuses",
                RecommendationStatus,
                {"recommendation": recommendation, "quarter": quarter},
                {
                    "status": status,
                    "done_on": dt.date.fromisoformat(done_on) if done_on else None,
                    "evidence": evidence,
                    "state": RecommendationStatus.State.APPROVED,  # reviewed by the head, as the months are
                },
            )
            for plan, timeline in plans:
                loader.upsert("action_plans", ActionPlan, {"status": row, "text": plan}, {"timeline": timeline})


def load_upt(loader: _Loader) -> None:
    """Load the demo UPT: its data (TW III approved but not yet locked), its components, the DIPA changes, the
    follow-up of recommendations and the TW III report texts."""
    loader.load_file(build())
    loader.load_components(_components())
    unit = loader.units[CODE]
    _load_pagu_changes(loader, unit)
    _load_recommendations(loader, unit)
    loader.load_texts(unit, YEAR, REPORT_TEXT)
