"""The columns of the three templates (headers in Indonesian, with the variants people type) and the words
the cells may hold. README "Spreadsheet import" documents the same."""

from __future__ import annotations

from indicators.imports.parsing import MONTH_NAMES, Column, Spec
from indicators.models import Indicator
from sakip import scoring

PK_RAPK = "pk_rapk"
BUDGET = "budget"
REALISATIONS = "realisations"
OMSPAN = "omspan"
FOLLOW_UP = "follow_up"
KINDS = (PK_RAPK, BUDGET, REALISATIONS, OMSPAN, FOLLOW_UP)

MONTH_KEYS = tuple(f"b{m:02d}" for m in range(1, 13))


def _month_columns(prefix_aliases: tuple[str, ...] = ()) -> tuple[Column, ...]:
    columns = []
    for month, names in enumerate(MONTH_NAMES, start=1):
        own = (f"B{month}", f"Bulan {month}", *names)
        aliases = own + tuple(f"{prefix} {alias}" for prefix in prefix_aliases for alias in (f"B{month:02d}", *own))
        columns.append(Column(f"b{month:02d}", f"B{month:02d}", aliases, required=True))
    return tuple(columns)


UNIT = Column("unit", "Kode unit", ("Unit", "Kode unit kerja", "Unit kerja", "Kode satker", "Satker"), required=True)
YEAR = Column("year", "Tahun", ("Tahun anggaran", "TA"), required=True)
GOAL_NUMBER = Column("goal_number", "No. sasaran", ("Nomor sasaran", "No sasaran", "SS", "No. SS"))
INDICATOR_NUMBER = Column("indicator_number", "No. indikator", ("Nomor indikator", "No IKU", "No. IKU", "Nomor IKU"))
INDICATOR_CODE = Column("indicator_code", "Kode indikator", ("Kode IKU",))
INDICATOR_NAME = Column("indicator_name", "Indikator", ("Nama indikator", "Indikator kinerja", "IKU"))

PK_RAPK_SPEC = Spec(
    kind=PK_RAPK,
    title="PK + RAPK",
    sheet="PK RAPK",
    columns=(
        UNIT,
        YEAR,
        Column("perspective", "Perspektif", ("Perspective",), required=True),
        Column(GOAL_NUMBER.key, GOAL_NUMBER.header, GOAL_NUMBER.aliases, required=True),
        Column("goal_name", "Sasaran", ("Nama sasaran", "Sasaran strategis", "Sasaran program", "Sasaran kegiatan")),
        Column(INDICATOR_NUMBER.key, INDICATOR_NUMBER.header, INDICATOR_NUMBER.aliases, required=True),
        INDICATOR_CODE,
        Column(INDICATOR_NAME.key, INDICATOR_NAME.header, INDICATOR_NAME.aliases, required=True),
        Column("unit_of_measure", "Satuan", ("Satuan ukuran",)),
        Column("polarity", "Polaritas", ("Polarisasi", "Arah")),
        Column("schedule", "Jadwal pengukuran", ("Jadwal", "Pengukuran", "Frekuensi pengukuran")),
        Column("qualitative", "Skala kualitatif", ("Pemetaan kualitatif", "Nilai kualitatif")),
        Column("annual_target", "Target tahunan", ("Target", "Target PK", "Target tahun"), required=True),
        *_month_columns(("Target",)),
        Column("budget", "Anggaran", ("Anggaran indikator", "Pagu", "Pagu indikator", "Anggaran RAPK")),
        # The PK itself (one value per unit and year; blank cells take the value of another row).
        Column("pk_signed_on", "Tanggal PK", ("Tanggal penandatanganan PK", "Tanggal perjanjian kinerja")),
        Column("first_party", "Pihak pertama", ("Pihak kesatu", "Nama pihak pertama")),
        Column("first_party_title", "Jabatan pihak pertama", ("Jabatan pihak kesatu",)),
        Column("second_party", "Pihak kedua", ("Nama pihak kedua",)),
        Column("second_party_title", "Jabatan pihak kedua", ()),
        Column("pk_budget", "Total anggaran PK", ("Anggaran PK", "Jumlah anggaran PK")),
        Column("method", "Metode", ("Metode perhitungan", "Cara menghitung")),
        Column("component_specs", "Definisi komponen", ("Komponen indikator",)),
    ),
)

BUDGET_SPEC = Spec(
    kind=BUDGET,
    title="Anggaran",
    sheet="Anggaran",
    columns=(
        UNIT,
        YEAR,
        GOAL_NUMBER,
        INDICATOR_NUMBER,
        INDICATOR_CODE,
        Column("description", "Uraian", ("Sasaran / indikator", "Keterangan", "Nama")),
        Column("spending_type", "Jenis belanja", ("Belanja", "Jenis belanja DIPA")),
        Column("pagu", "Pagu", ("Pagu anggaran", "Pagu DIPA"), required=True),
        Column("blokir", "Blokir", ("Self blocking", "Blokir anggaran")),
        Column("allocation", "Alokasi", ("Pagu setelah blokir", "Pagu dikurangi blokir", "Alokasi anggaran")),
        *_month_columns(("Realisasi", "Realisasi s.d.", "Realisasi sd")),
    ),
)

REALISATIONS_SPEC = Spec(
    kind=REALISATIONS,
    title="Realisasi",
    sheet="Realisasi",
    columns=(
        UNIT,
        YEAR,
        INDICATOR_NUMBER,
        INDICATOR_CODE,
        INDICATOR_NAME,
        Column("month", "Bulan", ("Bulan ke", "Periode"), required=True),
        Column("value", "Realisasi", ("Realisasi s.d.", "Realisasi sd", "Nilai"), required=True),
        Column("numerator", "Pembilang", ("Numerator",)),
        Column("denominator", "Penyebut", ("Denominator",)),
        Column("analysis", "Analisis", ("Analisa",)),
        Column("kendala", "Kendala", ("Hambatan", "Kendala / hambatan")),
        Column("rtl", "RTL", ("Rencana tindak lanjut",)),
        Column("rtl_status", "Status RTL", ("Status tindak lanjut", "Status RTL (Proses/Selesai)")),
        Column("activities", "Kegiatan", ("Kegiatan yang dilakukan", "Kegiatan dilaksanakan")),
        Column("components", "Komponen", ("Nilai komponen", "Komponen (KODE=nilai)")),
    ),
)

# Budget realisation as OMSPAN / SAKTI export it: one row per satker, spending type and month. README
# "Exchange with the national systems" documents the layout and how to map a real file onto it.
OMSPAN_SPEC = Spec(
    kind=OMSPAN,
    title="Realisasi anggaran OMSPAN",
    sheet="OMSPAN",
    columns=(
        Column(YEAR.key, "Tahun anggaran", ("Tahun", "TA", "THANG"), required=True),
        Column(
            "unit",
            "Kode satker",
            ("KDSATKER", "Kode satuan kerja", "Satker", "Kode unit", "Unit", "Kode unit kerja"),
            required=True,
        ),
        Column("satker_name", "Nama satker", ("NMSATKER", "Nama satuan kerja", "Uraian satker")),
        Column("spending_type", "Jenis belanja", ("Kode jenis belanja", "KDJENBEL", "Jenbel", "Akun"), required=True),
        Column("month", "Bulan", ("Bulan ke", "Periode", "BLN"), required=True),
        Column("pagu", "Pagu", ("Pagu DIPA", "Pagu revisi", "Pagu anggaran")),
        Column("blokir", "Blokir", ("Self blocking", "Automatic adjustment", "AA", "Blokir anggaran")),
        Column(
            "realised",
            "Realisasi s.d. bulan",
            ("Realisasi s.d. bulan ini", "Realisasi sd bulan", "Realisasi kumulatif", "Realisasi s.d.", "Realisasi"),
            required=True,
        ),
    ),
)

# The follow-up of recommendations (SAKIP_DOMAIN.md §16): one row per recommendation and quarter, as the Lapkin's
# Matriks Tindak Lanjut Rekomendasi prints it. Several action plans: one per line of «Rencana aksi», with the
# timeline on the same line of «Jadwal».
FOLLOW_UP_SPEC = Spec(
    kind=FOLLOW_UP,
    title="Tindak lanjut rekomendasi",
    sheet="Tindak lanjut",
    columns=(
        UNIT,
        YEAR,
        Column("quarter", "TW", ("Triwulan", "TW ke", "Triwulan ke"), required=True),
        Column("code", "Kode rekomendasi", ("Kode", "No. rekomendasi", "Nomor rekomendasi")),
        Column("origin", "Asal", ("Asal rekomendasi", "Sumber", "Sumber rekomendasi")),
        Column("text", "Rekomendasi", ("Uraian rekomendasi",), required=True),
        Column("indicators", "Indikator", ("No. indikator", "Nomor indikator", "No. IKU", "IKU")),
        Column("status", "Status", ("Status tindak lanjut",), required=True),
        Column("done_on", "Tanggal selesai", ("Tanggal",)),
        Column("evidence", "Bukti", ("Bukti dukung", "Eviden")),
        Column("plans", "Rencana aksi", ("Rencana tindak lanjut", "RTL")),
        Column("timeline", "Jadwal", ("Timeline", "Waktu", "Target waktu")),
        Column("outcome", "Hasil", ("Keterangan", "Hasil tindak lanjut")),
    ),
)

SPECS = {
    PK_RAPK: PK_RAPK_SPEC,
    BUDGET: BUDGET_SPEC,
    REALISATIONS: REALISATIONS_SPEC,
    OMSPAN: OMSPAN_SPEC,
    FOLLOW_UP: FOLLOW_UP_SPEC,
}

# Words written in the cells. Templates write the first word; the import accepts every one (normalised).
POLARITY_WORDS = {
    scoring.Polarity.HIGHER_IS_BETTER.value: ("Makin tinggi makin baik", "higher", "naik", "maksimal", "positif"),
    scoring.Polarity.LOWER_IS_BETTER.value: ("Makin rendah makin baik", "lower", "turun", "minimal", "negatif"),
}
SCHEDULE_WORDS = {
    Indicator.Schedule.MONTHLY.value: ("Bulanan", "monthly"),
    Indicator.Schedule.QUARTERLY.value: ("Triwulanan", "quarterly", "triwulan"),
    Indicator.Schedule.YEAR_END.value: ("Akhir tahun", "year end", "year_end", "tahunan"),
}
RTL_STATUS_WORDS = {
    "proses": ("Proses", "Progres", "Progress", "Dalam proses", "Belum selesai"),
    "selesai": ("Selesai", "Sudah selesai", "Done"),
}
# Jenis belanja (budget/models.py SpendingType; blank = every type together). OMSPAN writes the
# two-digit account group (51, 52, 53), often with the name.
SPENDING_TYPE_WORDS = {
    "pegawai": ("Pegawai", "Belanja Pegawai", "51", "51 Belanja Pegawai", "51 Pegawai"),
    "barang": ("Barang", "Belanja Barang", "52", "52 Belanja Barang", "52 Barang"),
    "modal": ("Modal", "Belanja Modal", "53", "53 Belanja Modal", "53 Modal"),
}
SPENDING_TYPE_CODES = {"pegawai": "51", "barang": "52", "modal": "53"}
STATE_WORDS = {
    "year_end": ("Akhir tahun", "year end"),
    "in_process": ("Dalam proses", "proses", "in process"),
    "not_entered": ("Belum diisi", "belum", "not entered"),
}
FOLLOW_UP_STATUS_WORDS = {
    "selesai": ("Selesai", "Sudah selesai", "Done"),
    "belum": ("Belum", "Belum selesai", "Proses", "Dalam proses", "Not yet"),
}
ORIGIN_WORDS = {
    "monev": ("Monev internal", "Monev", "monev"),
    "management_review": ("Kaji ulang manajemen", "Management review", "KUM"),
    "planning_bureau": ("Biro Perencanaan dan Keuangan", "Biro Perencanaan", "Roren", "Biro PK"),
    "inspectorate": ("Inspektorat", "Inspektorat Utama", "Itama"),
    "other": ("Lainnya", "Lain-lain"),
}
