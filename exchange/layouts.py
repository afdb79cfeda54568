"""The file layout SAKIP writes for each national system: one table, one header row (csv) or two title rows
above it (xlsx), the columns below in this order. README "Exchange with the national systems" lists the same
columns; a test keeps the two in step.

Cell kinds: `text`; `int`; `amount` (rupiah, as stored: at most 2 decimals, never rounded); `value` (a target
or realisation as stored, up to the indicator's decimals); `percent` (a computed figure — capaian, absorption,
IE, TE — rounded half-up to 2 decimals, as the scorecard shows it). csv numbers are Indonesian (`1.234,56`);
xlsx numbers are numeric cells. A blank cell is "none / not computable".
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.imports.columns import OMSPAN_SPEC
from indicators.imports.parsing import Column, Spec

KRISNA = "krisna"
EMONEV = "emonev"
SMART = "smart"
OMSPAN = "omspan"
KINDS = ("text", "int", "amount", "value", "percent")


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    kind: str
    note: str = ""


@dataclass(frozen=True)
class Layout:
    system: str
    name: str  # as the system calls itself
    what: str  # what the file carries, for the README and the page
    row: str  # one row per ...
    sheet: str
    fields: tuple[Field, ...]

    @property
    def spec(self) -> Spec:
        """The layout as an import spec, so a file is read back by the same tolerant reader as the templates."""
        return Spec(
            kind=self.system,
            title=self.name,
            sheet=self.sheet,
            columns=tuple(Column(f.key, f.header, required=True) for f in self.fields),
        )

    def kind_of(self, key: str) -> str:
        return next(f.kind for f in self.fields if f.key == key)


YEAR = Field("year", "Tahun anggaran", "int")
QUARTER = Field("quarter", "Triwulan", "int", "1..4")
SATKER = Field("satker", "Kode satker", "text", "`OrgUnit.satker_code` (6 digits), else the unit code")
SATKER_NAME = Field("satker_name", "Nama satker", "text")
GOAL = (Field("goal_number", "No. sasaran", "int"), Field("goal_name", "Sasaran", "text"))
INDICATOR = (
    Field("indicator_number", "No. indikator", "int"),
    Field("indicator_code", "Kode indikator", "text"),
    Field("indicator_name", "Indikator", "text"),
    Field("unit_of_measure", "Satuan", "text"),
)

LAYOUTS: dict[str, Layout] = {
    KRISNA: Layout(
        KRISNA,
        "KRISNA",
        "targets of the PK in force: annual target and the target of each quarter-end month, with the budget "
        "allocated to the indicator (RAPK)",
        "indicator of the PK in force",
        "KRISNA",
        (
            YEAR,
            SATKER,
            SATKER_NAME,
            *GOAL,
            *INDICATOR,
            Field("annual_target", "Target tahunan", "value"),
            *(Field(f"target_q{q}", f"Target TW {q}", "value", f"target of B{3 * q:02d}") for q in range(1, 5)),
            Field("budget", "Alokasi anggaran", "amount", "pagu of the indicator's budget line"),
        ),
    ),
    EMONEV: Layout(
        EMONEV,
        "e-Monev Bappenas",
        "progress of the quarter: target and realisation s.d. the quarter-end month, capaian, kendala and follow-up",
        "indicator of the PK in force",
        "e-Monev",
        (
            YEAR,
            QUARTER,
            SATKER,
            SATKER_NAME,
            *GOAL,
            *INDICATOR,
            Field("annual_target", "Target tahunan", "value"),
            Field("target", "Target TW", "value", "target of the quarter-end month"),
            Field("realisation", "Realisasi s.d. TW", "value", "realisation s.d. the quarter-end month"),
            Field("capaian", "Capaian TW (%)", "percent"),
            Field("capaian_annual", "Capaian thd target tahunan (%)", "percent"),
            Field("criterion", "Kriteria", "text", "criterion band label (Memenuhi, ...)"),
            Field("note", "Keterangan", "text", "why a blank realisation or capaian is blank (Akhir tahun, ...)"),
            Field("kendala", "Kendala", "text"),
            Field("rtl", "Tindak lanjut (RTL)", "text"),
        ),
    ),
    SMART: Layout(
        SMART,
        "SMART DJA",
        "budget performance (EKA) of the quarter: pagu, blokir, realisation and absorption per goal (or "
        "indicator) and in total, with the efficiency of each row",
        "budget row of the scorecard (a goal, or an indicator where efficiency is measured per indicator) and "
        "a Total row",
        "SMART",
        (
            YEAR,
            QUARTER,
            SATKER,
            SATKER_NAME,
            Field("row", "Baris", "text", "`SS<n>` goal, `IKU <n>` indicator, `Total`"),
            Field("description", "Uraian", "text"),
            Field("pagu", "Pagu", "amount"),
            Field("blokir", "Blokir", "amount"),
            Field("allocation", "Pagu setelah blokir", "amount", "allocation (pagu − blokir unless set)"),
            Field("realised", "Realisasi s.d. TW", "amount"),
            Field("absorption", "Penyerapan (%)", "percent", "against pagu after blokir"),
            Field("absorption_of_pagu", "Penyerapan thd pagu (%)", "percent"),
            Field("output", "Capaian output (%)", "percent"),
            Field("ie", "IE", "percent", "efficiency index"),
            Field("te", "TE", "percent", "efficiency level"),
            Field("capaian_te", "Capaian TE (%)", "percent"),
            Field("category", "Kategori efisiensi", "text", "Efisien / Tidak Efisien"),
        ),
    ),
    OMSPAN: Layout(
        OMSPAN,
        "OMSPAN/SAKTI",
        "budget realisation per spending type and month s.d. the quarter's last month; the same layout is "
        "imported back (*Impor spreadsheet*, kind OMSPAN)",
        "satker, spending type and month",
        OMSPAN_SPEC.sheet,
        tuple(
            Field(c.key, c.header, kind)
            for c, kind in zip(
                OMSPAN_SPEC.columns, ("int", "text", "text", "text", "int", "amount", "amount", "amount"), strict=True
            )
        ),
    ),
}
SYSTEMS = tuple(LAYOUTS)
