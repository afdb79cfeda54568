"""Import of budget realisation from an OMSPAN/SAKTI-style monthly export: one row per satker, spending type
(Belanja Pegawai / Barang / Modal) and month, with the realisation s.d. that month (cumulative) and, optionally,
the pagu and blokir.

Each (satker, year, spending type) is a unit-level budget line of that spending type (`BudgetLine.spending_type`);
a row sets that line's realisation for its month. The satker is named by its unit code or its six-digit satker
code (`OrgUnit.satker_code`). When rows of one line give different pagu or blokir (a DIPA revision during the
year), the latest month's wins. A new line needs a pagu on one of its rows. "-" in an amount is zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from budget.models import BudgetLine, BudgetRealisation, SpendingType
from indicators.imports.budget import plan_amounts
from indicators.imports.columns import OMSPAN_SPEC, SPENDING_TYPE_WORDS
from indicators.imports.parsing import BadValue, is_blank, parse_month
from indicators.imports.plan import (
    BaseImport,
    Plan,
    RowReader,
    UnitPlan,
    create_with_history,
    show,
    update_with_history,
)
from sakip.audit import record_event
from sakip.models import OrgUnit
from sakip.validation import capacity_of

CAPACITIES = {name: capacity_of(BudgetLine, name, allow_negative=False) for name in ("pagu", "blokir")}
AMOUNT = capacity_of(BudgetRealisation, "amount", allow_negative=False)

LineKey = tuple[int, int, str]  # unit id, year, spending type


@dataclass
class LineRows:
    """The rows of one (satker, year, spending type): the amounts by month, pagu and blokir of the latest month
    that gives them, and the first row (for errors about the line as a whole)."""

    unit: OrgUnit
    year: int
    spending_type: str
    first_row: int
    months: dict[int, Decimal] = field(default_factory=dict)
    pagu: tuple[int, Decimal] | None = None  # (month, amount)
    blokir: tuple[int, Decimal] | None = None

    def take(self, name: str, month: int, value: Decimal | None) -> None:
        current = getattr(self, name)
        if value is not None and (current is None or month > current[0]):
            setattr(self, name, (month, value))

    @property
    def label(self) -> str:
        return str(SpendingType(self.spending_type).label)


class OmspanImport(BaseImport):
    spec = OMSPAN_SPEC

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_satker_code = {
            unit.satker_code: unit for unit in self.units.values() if unit.satker_code
        }  # satker code -> unit

    def read_unit_year(self, row: RowReader) -> tuple[OrgUnit | None, int | None]:
        """The satker by its unit code or its six-digit satker code (a numeric cell 19001 is satker 019001)."""
        code = row.required_text("unit")
        unit = None
        if code:
            unit = self.units.get(code.upper())
            if unit is None and code.isdigit():
                unit = self.by_satker_code.get(code.zfill(6))
            if unit is None:
                row.fail("unit", _("satker «%(code)s» tidak dikenal (kode unit atau kode satker)") % {"code": code})
        year = row.integer("year", required=True, low=2000, high=2100)
        return unit, year

    def build(self) -> Plan:
        lines: dict[LineKey, LineRows] = {}
        seen: dict[tuple[LineKey, int], int] = {}
        for number, (unit, year, values) in self.read_keys().items():
            row = self.reader(number, values)
            spending_type = row.choice("spending_type", SPENDING_TYPE_WORDS)
            if spending_type is None and row.ok:
                row.fail("spending_type", _("wajib diisi"))
            month = self._month(row)
            pagu = row.number("pagu", CAPACITIES["pagu"], dash_is_zero=True)
            blokir = row.number("blokir", CAPACITIES["blokir"], dash_is_zero=True)
            realised = row.number("realised", AMOUNT, dash_is_zero=True)
            if realised is None and row.ok:
                row.fail("realised", _("wajib diisi"))
            if not row.ok or spending_type is None or month is None or realised is None:
                continue
            key = (unit.id, year, spending_type)
            if (key, month) in seen:
                row.fail(
                    "month",
                    _("baris duplikat: %(type)s %(unit)s %(year)s B%(month)02d sudah ada di baris %(row)s")
                    % {
                        "type": SpendingType(spending_type).label,
                        "unit": unit.code,
                        "year": year,
                        "month": month,
                        "row": seen[(key, month)],
                    },
                )
                continue
            seen[(key, month)] = number
            line = lines.setdefault(key, LineRows(unit, year, spending_type, number))
            line.months[month] = realised
            line.take("pagu", month, pagu)
            line.take("blokir", month, blokir)
        if not self.problems:
            self._diff(list(lines.values()))
        return self.plan

    def _month(self, row: RowReader) -> int | None:
        raw = row.raw("month")
        if is_blank(raw):
            row.fail("month", _("wajib diisi"))
            return None
        try:
            return parse_month(raw)
        except BadValue as error:
            row.fail("month", str(error))
            return None

    def _diff(self, rows: list[LineRows]) -> None:
        unit_ids = {row.unit.id for row in rows}
        years = {row.year for row in rows}
        stored = {
            (line.unit_id, line.year, line.spending_type): line
            for line in BudgetLine.objects.filter(
                unit_id__in=unit_ids, year__in=years, goal=None, indicator=None
            ).exclude(spending_type="")
        }
        amounts = {
            (r.line_id, r.month): r
            for r in BudgetRealisation.objects.filter(line__in=[line.pk for line in stored.values()])
        }
        plans: dict[tuple[int, int], UnitPlan] = {}
        self.new_lines: list[BudgetLine] = []
        self.changed_lines: list[BudgetLine] = []
        self.new_amounts: list[BudgetRealisation] = []
        self.changed_amounts: list[BudgetRealisation] = []
        order = list(SPENDING_TYPE_WORDS)
        for row in sorted(rows, key=lambda r: (r.unit.code, r.year, order.index(r.spending_type))):
            plan = plans.get((row.unit.id, row.year))
            if plan is None:
                plan = plans[(row.unit.id, row.year)] = UnitPlan(row.unit, row.year)
                self.plan.units.append(plan)
            line = stored.get((row.unit.id, row.year, row.spending_type))
            parts = []
            if line is None:
                if row.pagu is None:
                    self.reader(row.first_row, []).fail(
                        "pagu", _("wajib diisi untuk jenis belanja yang belum ada anggarannya")
                    )
                    continue
                line = BudgetLine(
                    unit=row.unit,
                    year=row.year,
                    spending_type=row.spending_type,
                    pagu=row.pagu[1],
                    blokir=row.blokir[1] if row.blokir else Decimal(0),
                )
                self.new_lines.append(line)
                plan.counts["budget_lines_created"] += 1
                parts.append(_("pagu %(amount)s") % {"amount": show(line.pagu)})
            else:
                changed = False
                for name in ("pagu", "blokir"):
                    given = getattr(row, name)
                    if given is not None and getattr(line, name) != given[1]:
                        parts.append(f"{name} {show(getattr(line, name))} → {show(given[1])}")
                        setattr(line, name, given[1])
                        changed = True
                if changed:
                    self.changed_lines.append(line)
                    plan.counts["budget_lines_updated"] += 1
            parts += plan_amounts(line, row.months, amounts, plan, self.new_amounts, self.changed_amounts)
            if parts:
                plan.add("new" if line.pk is None else "update", f"{row.label}: " + "; ".join(parts))
        for plan in self.plan.units:
            plan.headline = (
                _("%(new)s jenis belanja baru, %(changed)s berubah; %(amounts)s realisasi bulanan baru atau berubah")
                % {
                    "new": plan.counts["budget_lines_created"],
                    "changed": plan.counts["budget_lines_updated"],
                    "amounts": plan.counts["budget_realisations_created"] + plan.counts["budget_realisations_updated"],
                }
                if plan.changed
                else _("Realisasi anggaran tidak berubah")
            )

    def apply(self, reason: str = "", letter_number: str = "") -> None:
        user = self.context.user
        why = self.change_reason()
        create_with_history(self.new_lines, BudgetLine, user, why)
        if self.changed_lines:
            update_with_history(self.changed_lines, BudgetLine, ["pagu", "blokir"], user, why)
        create_with_history(self.new_amounts, BudgetRealisation, user, why)
        if self.changed_amounts:
            update_with_history(self.changed_amounts, BudgetRealisation, ["amount"], user, why)
        for plan in self.plan.units:
            if plan.changed:
                detail: dict[str, Any] = dict(plan.counts)
                record_event(
                    user, "import.omspan", unit=plan.unit, period=str(plan.year), file=self.context.file_name, **detail
                )
