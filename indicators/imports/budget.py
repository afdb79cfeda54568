"""Import of the budget sheet: one row per budget line (the unit, a goal or an indicator) with pagu, blokir,
allocation and the cumulative realisation per month.

Blank cells mean "no value": a blank allocation is pagu − blokir, a blank month leaves that month's
realisation as it is, a blank blokir is 0. "-" in an amount is zero, as the Lapkin tables print it.
A row with no pagu and no realisation at all is skipped (an untouched template row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from budget.models import BudgetLine, BudgetRealisation, SpendingType
from indicators.imports.columns import BUDGET_SPEC, SPENDING_TYPE_WORDS
from indicators.imports.lookup import Catalogue
from indicators.imports.parsing import is_blank
from indicators.imports.plan import (
    BaseImport,
    Plan,
    UnitPlan,
    create_with_history,
    show,
    update_with_history,
)
from indicators.models import Goal, Indicator
from sakip.audit import record_event
from sakip.models import OrgUnit
from sakip.validation import capacity_of

CAPACITIES = {name: capacity_of(BudgetLine, name, allow_negative=False) for name in ("pagu", "blokir", "allocation")}
AMOUNT = capacity_of(BudgetRealisation, "amount", allow_negative=False)

LineKey = tuple[int, int, str, int | None]  # unit id, year, "unit"/"goal"/"indicator", goal or indicator id


@dataclass
class BudgetRow:
    number: int
    unit: OrgUnit
    year: int
    goal: Goal | None
    indicator: Indicator | None
    pagu: Decimal | None
    blokir: Decimal | None
    allocation: Decimal | None
    months: dict[int, Decimal] = field(default_factory=dict)
    spending_type: str = ""  # a unit row may be one spending type of the DIPA (Pegawai / Barang / Modal)

    @property
    def key(self) -> LineKey:
        if self.indicator is not None:
            return (self.unit.id, self.year, "indicator", self.indicator.id)
        if self.goal is not None:
            return (self.unit.id, self.year, "goal", self.goal.id)
        if self.spending_type:
            return (self.unit.id, self.year, self.spending_type, None)
        return (self.unit.id, self.year, "unit", None)

    @property
    def label(self) -> str:
        if self.indicator is not None:
            return _("IKU %(n)s") % {"n": self.indicator.number}
        if self.goal is not None:
            return _("SS%(n)s") % {"n": self.goal.number}
        if self.spending_type:
            return str(SpendingType(self.spending_type).label)
        return _("unit")


def _line_key(line: BudgetLine) -> LineKey:
    if line.indicator_id is not None:
        return (line.unit_id, line.year, "indicator", line.indicator_id)
    if line.goal_id is not None:
        return (line.unit_id, line.year, "goal", line.goal_id)
    if line.spending_type:
        return (line.unit_id, line.year, line.spending_type, None)
    return (line.unit_id, line.year, "unit", None)


class BudgetImport(BaseImport):
    spec = BUDGET_SPEC

    def build(self) -> Plan:
        keys = self.read_keys()
        unit_ids = {unit.id for unit, _year, _values in keys.values()}
        years = {year for _unit, year, _values in keys.values()}
        catalogue = Catalogue(unit_ids, years)
        rows: list[BudgetRow] = []
        seen: dict[LineKey, int] = {}
        for number, (unit, year, values) in keys.items():
            parsed = self._read_row(number, values, unit, year, catalogue)
            if parsed is None:
                continue
            if parsed.key in seen:
                self.reader(number, values).fail(
                    "indicator_number" if parsed.indicator else "goal_number",
                    _("baris duplikat: anggaran %(what)s %(unit)s %(year)s sudah ada di baris %(row)s")
                    % {"what": parsed.label, "unit": unit.code, "year": year, "row": seen[parsed.key]},
                )
                continue
            seen[parsed.key] = number
            rows.append(parsed)
        if not self.problems:
            self._diff(rows, unit_ids, years)
        return self.plan

    def _read_row(
        self, number: int, values: list[Any], unit: OrgUnit, year: int, catalogue: Catalogue
    ) -> BudgetRow | None:
        row = self.reader(number, values)
        ok_goal, goal = catalogue.goal(row, unit, year)
        ok_indicator, indicator = catalogue.indicator(row, unit, year)
        if not (ok_goal and ok_indicator):
            return None
        if indicator is not None and goal is not None and indicator.goal_id != goal.id:
            row.fail(
                "goal_number",
                _("indikator %(n)s termasuk sasaran %(goal)s, bukan sasaran %(other)s")
                % {"n": indicator.number, "goal": indicator.goal.number, "other": goal.number},
            )
            return None
        parsed = BudgetRow(
            number=number,
            unit=unit,
            year=year,
            goal=indicator.goal if indicator else goal,
            indicator=indicator,
            pagu=row.number("pagu", CAPACITIES["pagu"], dash_is_zero=True),
            blokir=row.number("blokir", CAPACITIES["blokir"], dash_is_zero=True),
            allocation=row.number("allocation", CAPACITIES["allocation"], dash_is_zero=True),
        )
        if row.present("spending_type") and not is_blank(row.raw("spending_type")):
            kind = row.choice("spending_type", SPENDING_TYPE_WORDS)
            if kind and (goal is not None or indicator is not None):
                row.fail("spending_type", _("jenis belanja hanya untuk baris unit (tanpa sasaran dan indikator)"))
            parsed.spending_type = kind or ""
        for month in range(1, 13):
            amount = row.number(f"b{month:02d}", AMOUNT, dash_is_zero=True)
            if amount is not None:
                parsed.months[month] = amount
        if not row.ok:
            return None
        if parsed.pagu is None and not parsed.months and parsed.allocation is None:
            return None  # an untouched template row
        return parsed

    def _diff(self, rows: list[BudgetRow], unit_ids: set[int], years: set[int]) -> None:
        lines = {
            _line_key(line): line
            for line in BudgetLine.objects.filter(unit_id__in=unit_ids, year__in=years).select_related(
                "goal", "indicator"
            )
        }
        amounts = {
            (r.line_id, r.month): r
            for r in BudgetRealisation.objects.filter(line__unit_id__in=unit_ids, line__year__in=years)
        }
        plans: dict[tuple[int, int], UnitPlan] = {}
        self.new_lines: list[BudgetLine] = []
        self.changed_lines: list[BudgetLine] = []
        self.new_amounts: list[BudgetRealisation] = []
        self.changed_amounts: list[BudgetRealisation] = []
        for row in sorted(rows, key=lambda r: (r.unit.code, r.year, r.number)):
            plan = plans.get((row.unit.id, row.year))
            if plan is None:
                plan = plans[(row.unit.id, row.year)] = UnitPlan(row.unit, row.year)
                self.plan.units.append(plan)
            line = lines.get(row.key)
            parts = []
            if line is None:
                if row.pagu is None:
                    self.reader(row.number, []).fail("pagu", _("wajib diisi untuk baris anggaran baru"))
                    continue
                line = BudgetLine(
                    unit=row.unit,
                    year=row.year,
                    goal=row.goal,
                    indicator=row.indicator,
                    spending_type=row.spending_type,
                    pagu=row.pagu,
                    blokir=row.blokir if row.blokir is not None else Decimal(0),
                    allocation=row.allocation,
                )
                self.new_lines.append(line)
                plan.counts["budget_lines_created"] += 1
                parts.append(_("pagu %(amount)s") % {"amount": show(row.pagu)})
            else:
                wanted = {
                    "pagu": row.pagu if row.pagu is not None else line.pagu,
                    "blokir": row.blokir if row.blokir is not None else Decimal(0),
                    "allocation": row.allocation,
                }
                for name, value in wanted.items():
                    if getattr(line, name) != value:
                        parts.append(f"{name} {show(getattr(line, name))} → {show(value)}")
                        setattr(line, name, value)
                if parts:
                    self.changed_lines.append(line)
                    plan.counts["budget_lines_updated"] += 1
            parts += plan_amounts(line, row.months, amounts, plan, self.new_amounts, self.changed_amounts)
            if parts:
                action = "new" if line.pk is None else "update"
                goal_number = row.goal.number if row.goal else None
                indicator_number = row.indicator.number if row.indicator else None
                plan.add(
                    action,
                    _("Anggaran %(what)s: ") % {"what": row.label} + "; ".join(parts),
                    goal_number,
                    indicator_number,
                )
        for plan in self.plan.units:
            plan.headline = (
                _("%(new)s baris anggaran baru, %(changed)s berubah; %(amounts)s realisasi bulanan baru atau berubah")
                % {
                    "new": plan.counts["budget_lines_created"],
                    "changed": plan.counts["budget_lines_updated"],
                    "amounts": plan.counts["budget_realisations_created"] + plan.counts["budget_realisations_updated"],
                }
                if plan.changed
                else _("Anggaran tidak berubah")
            )

    def apply(self, reason: str = "", letter_number: str = "") -> None:
        user = self.context.user
        why = self.change_reason()
        create_with_history(self.new_lines, BudgetLine, user, why)
        if self.changed_lines:
            update_with_history(self.changed_lines, BudgetLine, ["pagu", "blokir", "allocation"], user, why)
        create_with_history(self.new_amounts, BudgetRealisation, user, why)
        if self.changed_amounts:
            update_with_history(self.changed_amounts, BudgetRealisation, ["amount"], user, why)
        for plan in self.plan.units:
            if plan.changed:
                detail: dict[str, Any] = dict(plan.counts)
                record_event(
                    user,
                    "import.budget",
                    unit=plan.unit,
                    period=str(plan.year),
                    file=self.context.file_name,
                    **detail,
                )


def plan_amounts(
    line: BudgetLine,
    months: dict[int, Decimal],
    amounts: dict[tuple[int, int], BudgetRealisation],
    plan: UnitPlan,
    new_amounts: list[BudgetRealisation],
    changed_amounts: list[BudgetRealisation],
) -> list[str]:
    """The cumulative realisations of one budget line to create or change (shared with the OMSPAN import); returns
    what changes, in words, for the preview."""
    parts = []
    for month, amount in sorted(months.items()):
        existing = amounts.get((line.pk, month)) if line.pk else None
        if existing is None:
            new_amounts.append(BudgetRealisation(line=line, month=month, amount=amount))
            plan.counts["budget_realisations_created"] += 1
            parts.append(_("realisasi B%(m)02d %(amount)s") % {"m": month, "amount": show(amount)})
        elif existing.amount != amount:
            parts.append(
                _("realisasi B%(m)02d %(old)s → %(new)s")
                % {"m": month, "old": show(existing.amount), "new": show(amount)}
            )
            existing.amount = amount
            changed_amounts.append(existing)
            plan.counts["budget_realisations_updated"] += 1
    return parts
