"""Import of the PK + RAPK sheet: goals, indicators, annual and monthly targets, budget per indicator.

The rows of a unit and year are its whole PK. Against the version in force:
- nothing differs -> nothing is written (re-importing a file changes nothing);
- no PK yet -> version 1 is created, in force;
- targets differ -> a new version (reason required) replaces the one in force, which is kept;
  months of quarters already reported may differ only with the admin override.
Goal and indicator attributes and the indicator's budget are updated in place. Everything is planned
first with a fixed number of queries, then written with bulk operations in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from budget.models import BudgetLine
from indicators.imports.columns import PK_RAPK_SPEC, POLARITY_WORDS, SCHEDULE_WORDS
from indicators.imports.errors import Problem
from indicators.imports.methods import ComponentSpec, method_text, parse_components, parse_method, sync_components
from indicators.imports.methods import differs as component_specs_differ
from indicators.imports.parsing import BadValue, is_blank, is_dash, is_year_end, normalise, parse_number
from indicators.imports.plan import (
    BaseImport,
    Plan,
    RowReader,
    UnitPlan,
    create_with_history,
    indicator_capacity,
    show,
    update_with_history,
)
from indicators.models import (
    AgreementTarget,
    Component,
    Goal,
    Indicator,
    MonthlyTarget,
    PerformanceAgreement,
    Perspective,
    RevisionItem,
)
from indicators.periods import reported_months_by_unit
from indicators.versions import breaks_pattern, move_quarters, quarter_of, store_quarters, weakens
from sakip import scoring
from sakip.audit import record_event
from sakip.models import OrgUnit
from sakip.numbers import Capacity
from sakip.terms import goal_level_for
from sakip.validation import capacity_of, max_length

MONTHS = range(1, 13)
ANNUAL_TARGET = capacity_of(AgreementTarget, "annual_target")
MONTHLY_TARGET = capacity_of(MonthlyTarget, "value")
BUDGET = capacity_of(BudgetLine, "pagu", allow_negative=False)
GOAL_NAME = max_length(Goal, "name")
INDICATOR_LENGTHS = {name: max_length(Indicator, name) for name in ("name", "code", "unit_of_measure")}
REQUIRED_MONTHS = {
    Indicator.Schedule.MONTHLY.value: (3, 6, 9, 12),
    Indicator.Schedule.QUARTERLY.value: (12,),
    Indicator.Schedule.YEAR_END.value: (12,),
}

PK_TEXTS = {name: max_length(PerformanceAgreement, name) for name in
            ("first_party", "first_party_title", "second_party", "second_party_title")}  # fmt: skip
PK_BUDGET = capacity_of(PerformanceAgreement, "budget_total", allow_negative=False)
PK_FIELDS = ("signed_on", *PK_TEXTS, "budget_total")
Key = tuple[int, int]  # (unit id, year)
Targets = tuple[Decimal | None, dict[int, Decimal]]  # annual target, month -> target (months with a target)


@dataclass
class PkRow:
    number: int
    unit: OrgUnit
    year: int
    perspective: Perspective | None
    goal_number: int
    goal_name: str
    indicator_number: int
    code: str | None
    name: str
    unit_of_measure: str | None
    polarity: str | None
    schedule: str | None
    qualitative: dict[str, Any] | None
    annual: Decimal | None = None
    months: dict[int, Decimal] = field(default_factory=dict)
    budget: Decimal | None = None
    pk: dict[str, Any] = field(default_factory=dict)  # PK details given on this row (signing date, parties, budget)
    method: tuple[str, str] | None = None  # (method, formula name)
    components: list[ComponentSpec] | None = None


@dataclass
class VersionPlan:
    """A new PK version and what it records: its rows, the month it takes effect, the revision items (indicator,
    annual before, annual proposed, months before, months proposed), the quarters to keep on the old version
    and whether an override moved reported months."""

    agreement: PerformanceAgreement
    pairs: list[tuple[PkRow, Indicator]]
    items: list[tuple[Indicator, Decimal | None, Decimal | None, dict[int, Decimal], dict[int, Decimal]]]
    reported_quarters: set[int]
    moves_reported: bool = False


def _plain(value: Decimal) -> str:
    """100.0000 -> '100', 59.43 -> '59.43': a target as JSON keeps it."""
    return format(value.normalize(), "f")


def parse_date(raw: Any) -> dt.date:
    """A date cell: a spreadsheet date, '21-01-2022', '21/01/2022' or '2022-01-21'."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise BadValue(_("«%(value)s» bukan tanggal; tulis seperti 21-01-2022") % {"value": text})


def parse_qualitative(text: str) -> dict[str, Any]:
    """'WTP=4; WDP=3' -> {'WTP': 4, 'WDP': 3} (numbers as int when whole, else as decimal strings)."""
    mapping: dict[str, Any] = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        word, sep, number = part.partition("=")
        if not sep or not word.strip():
            raise BadValue(_("tulis sebagai «WTP=4; WDP=3»"))
        value = parse_number(number.strip())
        mapping[word.strip()] = int(value) if value == value.to_integral_value() else str(value.normalize())
    return mapping


def qualitative_text(mapping: dict[str, Any]) -> str:
    return "; ".join(f"{word}={number}" for word, number in mapping.items())


def _same_map(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return {k: Decimal(str(v)) for k, v in a.items()} == {k: Decimal(str(v)) for k, v in b.items()}


class PkRapkImport(BaseImport):
    spec = PK_RAPK_SPEC

    # --- reading ------------------------------------------------------------------------------------------

    def build(self) -> Plan:
        perspectives = {}
        for perspective in Perspective.objects.all():
            perspectives[normalise(perspective.code)] = perspective
            perspectives[normalise(perspective.name)] = perspective
        self.perspective_names = ", ".join(p.name for p in Perspective.objects.order_by("order"))
        keys = self.read_keys()
        unit_ids = {unit.id for unit, _year, _row in keys.values()}
        years = {year for _unit, year, _row in keys.values()}
        self.goals: dict[tuple[int, int, int], Goal] = {
            (g.unit_id, g.year, g.number): g for g in Goal.objects.filter(unit_id__in=unit_ids, year__in=years)
        }
        self.indicators: dict[tuple[int, int, int], Indicator] = {}
        for indicator in Indicator.objects.filter(goal__unit_id__in=unit_ids, goal__year__in=years).select_related(
            "goal"
        ):
            self.indicators[(indicator.goal.unit_id, indicator.goal.year, indicator.number)] = indicator
        rows = [
            self._read_row(number, values, unit, year, perspectives) for number, (unit, year, values) in keys.items()
        ]
        parsed = [row for row in rows if row is not None]
        self._check_consistency(parsed)
        if self.problems:
            return self.plan
        self._diff(parsed, unit_ids, years)
        return self.plan

    def _read_row(
        self, number: int, values: list[Any], unit: OrgUnit, year: int, perspectives: dict[str, Perspective]
    ) -> PkRow | None:
        row = self.reader(number, values)
        goal_number = row.integer("goal_number", required=True)
        indicator_number = row.integer("indicator_number", required=True)
        if goal_number is None or indicator_number is None:
            return None
        indicator = self.indicators.get((unit.id, year, indicator_number))
        perspective = None
        if row.present("perspective"):
            perspective = perspectives.get(normalise(row.raw("perspective")))
            if perspective is None:
                row.fail(
                    "perspective",
                    _("perspektif «%(value)s» tidak dikenal; pilihan: %(choices)s")
                    % {"value": row.text("perspective"), "choices": self.perspective_names},
                )
        goal_name = row.text("goal_name", GOAL_NAME)  # a new goal needs a name and a perspective on one of its rows
        name = row.text("indicator_name", INDICATOR_LENGTHS["name"])
        if not name and indicator is None:
            row.fail("indicator_name", _("wajib diisi untuk indikator baru"))
        qualitative = None
        if row.present("qualitative"):
            try:
                qualitative = parse_qualitative(row.text("qualitative"))
            except BadValue as error:
                row.fail("qualitative", str(error))
        mapping = qualitative if qualitative is not None else (indicator.qualitative_map if indicator else {})
        schedule = row.choice("schedule", SCHEDULE_WORDS)
        parsed = PkRow(
            number=number,
            unit=unit,
            year=year,
            perspective=perspective,
            goal_number=goal_number,
            goal_name=goal_name,
            indicator_number=indicator_number,
            code=row.text("indicator_code", INDICATOR_LENGTHS["code"]) if row.present("indicator_code") else None,
            name=name,
            unit_of_measure=(
                row.text("unit_of_measure", INDICATOR_LENGTHS["unit_of_measure"])
                if row.present("unit_of_measure")
                else None
            ),
            polarity=row.choice("polarity", POLARITY_WORDS),
            schedule=schedule,
            qualitative=qualitative,
            annual=self._target(row, "annual_target", mapping, self._capacity(ANNUAL_TARGET, indicator)),
            budget=row.number("budget", BUDGET, dash_is_zero=True) if self.table.has("budget") else None,
        )
        self._read_method(row, parsed)
        if row.ok and parsed.annual is None:
            row.fail("annual_target", _("target tahunan wajib diisi"))
        self._read_pk_details(row, parsed)
        monthly = self._capacity(MONTHLY_TARGET, indicator)
        for month in MONTHS:
            value = self._target(row, f"b{month:02d}", mapping, monthly)
            if value is not None:
                parsed.months[month] = value
        effective = schedule or (indicator.schedule if indicator else Indicator.Schedule.MONTHLY.value)
        if effective == Indicator.Schedule.YEAR_END.value and 12 not in parsed.months and parsed.annual is not None:
            parsed.months[12] = parsed.annual  # a year-end indicator's B12 target is its annual target (§12)
        if row.ok:
            missing = [m for m in REQUIRED_MONTHS[effective] if m not in parsed.months]
            if missing:
                label = dict(Indicator.Schedule.choices)[effective]
                row.fail(
                    f"b{missing[0]:02d}",
                    _("target wajib diisi: indikator %(schedule)s memerlukan target pada %(months)s")
                    % {
                        "schedule": str(label).lower(),
                        "months": ", ".join(f"B{m:02d}" for m in REQUIRED_MONTHS[effective]),
                    },
                )
        return parsed if row.ok else None

    def _read_pk_details(self, row: RowReader, parsed: PkRow) -> None:
        if row.present("pk_signed_on"):
            try:
                parsed.pk["signed_on"] = parse_date(row.raw("pk_signed_on"))
            except BadValue as error:
                row.fail("pk_signed_on", str(error))
        for name, length in PK_TEXTS.items():
            if row.present(name):
                parsed.pk[name] = row.text(name, length)
        if row.present("pk_budget"):
            parsed.pk["budget_total"] = row.number("pk_budget", PK_BUDGET)

    def _components_of(self, indicator: Indicator) -> dict[str, Component]:
        """The stored components of an indicator by code; every indicator of the file in one query."""
        if not hasattr(self, "_components"):
            self._components: dict[int, dict[str, Component]] = defaultdict(dict)
            for component in Component.objects.filter(indicator__in=list(self.indicators.values())):
                self._components[component.indicator_id][component.code] = component
        return self._components[indicator.id]

    @staticmethod
    def _read_method(row: RowReader, parsed: PkRow) -> None:
        try:
            if row.present("method"):
                parsed.method = parse_method(row.text("method"))
            if row.present("component_specs"):
                parsed.components = parse_components(row.text("component_specs"))
        except ValueError as error:
            row.fail("method" if parsed.method is None and row.present("method") else "component_specs", str(error))

    @staticmethod
    def _capacity(column: Capacity, indicator: Indicator | None) -> Capacity:
        """A target holds as many decimals as its indicator (a new one: as many as the column)."""
        return indicator_capacity(column, indicator.decimals) if indicator is not None else column

    def _target(self, row: RowReader, key: str, mapping: dict[str, Any], capacity: Capacity) -> Decimal | None:
        """'-', blank and 'Akhir tahun' -> no target; a qualitative word via the indicator's mapping; a number
        that fits `capacity` exactly."""
        raw = row.raw(key)
        if is_blank(raw) or is_dash(raw) or is_year_end(raw):
            return None
        if isinstance(raw, str):
            words = {normalise(word): number for word, number in mapping.items()}
            if normalise(raw) in words:
                return Decimal(str(words[normalise(raw)]))
        try:
            value = parse_number(raw)
        except BadValue as error:
            message = str(error)
            if mapping:
                message += " " + _("(nilai kualitatif yang dikenal: %(words)s)") % {"words": ", ".join(mapping)}
            row.fail(key, message)
            return None
        return row.fitting(key, value, capacity)

    def _check_consistency(self, rows: list[PkRow]) -> None:
        """Duplicate indicator rows; one goal described two ways."""
        seen: dict[tuple[int, int, int], int] = {}
        goals: dict[tuple[int, int, int], PkRow] = {}
        for row in rows:
            key = (row.unit.id, row.year, row.indicator_number)
            reader = self.reader(row.number, [])
            if key in seen:
                reader.fail(
                    "indicator_number",
                    _("baris duplikat: indikator %(n)s %(unit)s %(year)s sudah ada di baris %(row)s")
                    % {"n": row.indicator_number, "unit": row.unit.code, "year": row.year, "row": seen[key]},
                )
                continue
            seen[key] = row.number
            goal_key = (row.unit.id, row.year, row.goal_number)
            first = goals.setdefault(goal_key, row)
            if first is row:
                continue
            if row.goal_name and first.goal_name and row.goal_name != first.goal_name:
                reader.fail(
                    "goal_name",
                    _("sasaran %(n)s bernama lain di baris %(row)s («%(name)s»)")
                    % {"n": row.goal_number, "row": first.number, "name": first.goal_name},
                )
            if row.perspective and first.perspective and row.perspective != first.perspective:
                reader.fail(
                    "perspective",
                    _("sasaran %(n)s berperspektif lain di baris %(row)s")
                    % {"n": row.goal_number, "row": first.number},
                )
            if not first.goal_name and row.goal_name:
                first.goal_name = row.goal_name
            if first.perspective is None and row.perspective is not None:
                first.perspective = row.perspective
        details: dict[tuple[int, int], dict[str, tuple[Any, int]]] = defaultdict(dict)
        columns = {"signed_on": "pk_signed_on", "budget_total": "pk_budget"}
        for row in rows:
            for name, value in row.pk.items():
                first_value, first_row = details[(row.unit.id, row.year)].setdefault(name, (value, row.number))
                if value != first_value:
                    self.reader(row.number, []).fail(
                        columns.get(name, name),
                        _("PK %(unit)s %(year)s bernilai lain di baris %(row)s")
                        % {"unit": row.unit.code, "year": row.year, "row": first_row},
                    )
        for key, first in goals.items():
            if key in self.goals:
                continue
            for field_name, value in (("goal_name", first.goal_name), ("perspective", first.perspective)):
                if not value:
                    self.reader(first.number, []).fail(field_name, _("wajib diisi untuk sasaran baru"))

    # --- planning -----------------------------------------------------------------------------------------

    def _diff(self, rows: list[PkRow], unit_ids: set[int], years: set[int]) -> None:
        by_key: dict[Key, list[PkRow]] = defaultdict(list)
        for row in rows:
            by_key[(row.unit.id, row.year)].append(row)
        agreements = {
            (a.unit_id, a.year): a
            for a in PerformanceAgreement.objects.filter(unit_id__in=unit_ids, year__in=years, in_force=True)
        }
        last_versions = {
            (r["unit_id"], r["year"]): r["last"]
            for r in PerformanceAgreement.objects.filter(unit_id__in=unit_ids, year__in=years)
            .values("unit_id", "year")
            .annotate(last=Max("version"))
        }
        old_targets: dict[int, dict[int, tuple[Decimal | None, dict[int, Any]]]] = defaultdict(
            dict
        )  # agreement id -> indicator id -> targets
        for target in AgreementTarget.objects.filter(agreement__in=agreements.values()):
            old_targets[target.agreement_id][target.indicator_id] = (target.annual_target, {})
        for agreement_id, indicator_id, month, value in MonthlyTarget.objects.filter(
            agreement__in=agreements.values(), value__isnull=False
        ).values_list("agreement_id", "indicator_id", "month", "value"):
            old_targets[agreement_id].setdefault(indicator_id, (None, {}))[1][month] = value
        budget_lines: dict[int, BudgetLine] = {
            line.indicator_id: line  # type: ignore[misc]
            for line in BudgetLine.objects.filter(unit_id__in=unit_ids, year__in=years, indicator__isnull=False)
        }
        reported = reported_months_by_unit(unit_ids, years)
        by_id = {indicator.id: indicator for indicator in self.indicators.values()}

        self.new_goals: list[Goal] = []
        self.changed_goals: list[Goal] = []
        self.new_indicators: list[Indicator] = []
        self.changed_indicators: dict[int, Indicator] = {}
        self.indicator_fields: set[str] = set()
        self.component_syncs: list[tuple[Indicator, list[ComponentSpec]]] = []
        self.retired: list[PerformanceAgreement] = []
        self.versions: list[VersionPlan] = []
        self.detail_updates: list[tuple[PerformanceAgreement, dict[str, Any]]] = []
        self.new_lines: list[BudgetLine] = []
        self.changed_lines: list[BudgetLine] = []
        self.unit_plans: list[UnitPlan] = []
        for key in sorted(by_key, key=lambda k: (by_key[k][0].unit.code, k[1])):
            unit_rows = sorted(by_key[key], key=lambda r: (r.goal_number, r.indicator_number))
            unit_plan = UnitPlan(unit_rows[0].unit, key[1])
            self.plan.units.append(unit_plan)
            goals = self._plan_goals(unit_plan, unit_rows)
            pairs = self._plan_indicators(unit_plan, unit_rows, goals)
            self._plan_targets(
                unit_plan,
                pairs,
                agreements.get(key),
                last_versions.get(key, 0),
                old_targets,
                reported.get(key, set()),
                by_id,
            )
            self._plan_budget(unit_plan, pairs, budget_lines)
            self.unit_plans.append(unit_plan)

    def _plan_goals(self, plan: UnitPlan, rows: list[PkRow]) -> dict[int, Goal]:
        goals: dict[int, Goal] = {}
        for row in rows:
            if row.goal_number in goals:
                continue
            goal = self.goals.get((row.unit.id, row.year, row.goal_number))
            if goal is None:
                assert row.perspective is not None  # checked while reading
                goal = Goal(
                    unit=row.unit,
                    year=row.year,
                    number=row.goal_number,
                    name=row.goal_name,
                    perspective=row.perspective,
                    level=goal_level_for(row.unit.kind),
                )
                self.new_goals.append(goal)
                plan.counts["goals_created"] += 1
                plan.add("new", _("Sasaran %(n)s baru: %(name)s") % {"n": goal.number, "name": goal.name}, goal.number)
            else:
                changes = []
                if row.goal_name and row.goal_name != goal.name:
                    changes.append(_("nama «%(old)s» → «%(new)s»") % {"old": goal.name, "new": row.goal_name})
                    goal.name = row.goal_name
                if row.perspective is not None and row.perspective.id != goal.perspective_id:
                    changes.append(
                        _("perspektif %(old)s → %(new)s") % {"old": goal.perspective.name, "new": row.perspective.name}
                    )
                    goal.perspective = row.perspective
                if changes:
                    self.changed_goals.append(goal)
                    plan.counts["goals_updated"] += 1
                    plan.add("update", _("Sasaran %(n)s: ") % {"n": goal.number} + "; ".join(changes), goal.number)
            goals[row.goal_number] = goal
        return goals

    def _plan_indicators(
        self, plan: UnitPlan, rows: list[PkRow], goals: dict[int, Goal]
    ) -> list[tuple[PkRow, Indicator]]:
        pairs = []
        for row in rows:
            goal = goals[row.goal_number]
            indicator = self.indicators.get((row.unit.id, row.year, row.indicator_number))
            if indicator is None:
                indicator = Indicator(
                    goal=goal,
                    number=row.indicator_number,
                    code=row.code or "",
                    name=row.name,
                    unit_of_measure=row.unit_of_measure or "",
                    polarity=row.polarity or Indicator._meta.get_field("polarity").default,
                    schedule=row.schedule or Indicator.Schedule.MONTHLY,
                    qualitative_map=row.qualitative or {},
                    value_kind=Indicator.ValueKind.QUALITATIVE if row.qualitative else Indicator.ValueKind.NUMBER,
                    method=row.method[0] if row.method else scoring.Method.DIRECT,
                    formula=row.method[1] if row.method else "",
                )
                if row.components:
                    self.component_syncs.append((indicator, row.components))
                self.new_indicators.append(indicator)
                plan.counts["indicators_created"] += 1
                plan.add(
                    "new",
                    _("IKU %(n)s baru: %(name)s") % {"n": indicator.number, "name": indicator.name},
                    goal.number,
                    indicator.number,
                )
            else:
                self._update_indicator(plan, row, indicator, goal)
            pairs.append((row, indicator))
        return pairs

    def _update_indicator(self, plan: UnitPlan, row: PkRow, indicator: Indicator, goal: Goal) -> None:
        changes = []

        def change(field_name: str, label: str, old: Any, new: Any, shown_old: str = "", shown_new: str = "") -> None:
            changes.append(f"{label} «{shown_old or old}» → «{shown_new or new}»")
            setattr(indicator, field_name, new)
            self.indicator_fields.add(field_name)

        if goal.pk is None or goal.pk != indicator.goal_id:
            changes.append(
                _("pindah dari sasaran %(old)s ke sasaran %(new)s") % {"old": indicator.goal.number, "new": goal.number}
            )
            indicator.goal = goal
            self.indicator_fields.add("goal")
        if row.name and row.name != indicator.name:
            change("name", _("nama"), indicator.name, row.name)
        if row.code is not None and row.code != indicator.code:
            change("code", _("kode"), indicator.code, row.code)
        if row.unit_of_measure is not None and row.unit_of_measure != indicator.unit_of_measure:
            change("unit_of_measure", _("satuan"), indicator.unit_of_measure, row.unit_of_measure)
        if row.polarity is not None and row.polarity != indicator.polarity:
            change("polarity", _("polaritas"), indicator.polarity, row.polarity)
        if row.schedule is not None and row.schedule != indicator.schedule:
            change("schedule", _("jadwal"), indicator.schedule, row.schedule)
        if row.method is not None and row.method != (indicator.method, indicator.formula):
            change("method", _("metode"), method_text(indicator), row.method[0])
            indicator.formula = row.method[1]
            self.indicator_fields.add("formula")
        existing = self._components_of(indicator)  # one query for the whole file, whatever its rows
        if row.components is not None and component_specs_differ(existing, row.components):
            changes.append(_("komponen: %(text)s") % {"text": "; ".join(c.code for c in row.components)})
            self.component_syncs.append((indicator, row.components))
        if row.qualitative is not None and not _same_map(row.qualitative, indicator.qualitative_map):
            old_text = qualitative_text(indicator.qualitative_map)
            change(
                "qualitative_map",
                _("skala kualitatif"),
                old_text,
                row.qualitative,
                old_text or "-",
                qualitative_text(row.qualitative),
            )
            indicator.value_kind = Indicator.ValueKind.QUALITATIVE if row.qualitative else Indicator.ValueKind.NUMBER
            self.indicator_fields.add("value_kind")
        if changes:
            self.changed_indicators[indicator.id] = indicator
            plan.counts["indicators_updated"] += 1
            plan.add(
                "update",
                _("IKU %(n)s: ") % {"n": indicator.number} + "; ".join(changes),
                goal.number,
                indicator.number,
            )

    def _plan_targets(
        self,
        plan: UnitPlan,
        pairs: list[tuple[PkRow, Indicator]],
        agreement: PerformanceAgreement | None,
        last_version: int,
        old_targets: dict[int, dict[int, Targets]],
        reported: set[int],
        by_id: dict[int, Indicator],
    ) -> None:
        old = old_targets.get(agreement.id, {}) if agreement else {}
        changed = 0
        closed: list[tuple[PkRow | None, int, str]] = []  # changes in months of quarters already reported
        differing: set[int] = set()  # months whose target differs from the version in force
        items: list[tuple[Indicator, Decimal | None, Decimal | None, dict[int, Decimal], dict[int, Decimal]]] = []
        for row, indicator in pairs if agreement is not None else []:
            in_old = indicator.pk is not None and indicator.id in old
            before_annual, before_months = old[indicator.id] if in_old else (None, {})
            parts = []
            if not in_old:
                parts.append(_("masuk PK, target tahunan %(new)s") % {"new": show(row.annual)})
            elif before_annual != row.annual:
                parts.append(
                    _("target tahunan %(old)s → %(new)s") % {"old": show(before_annual), "new": show(row.annual)}
                )
                polarity = row.polarity or indicator.polarity
                if weakens(before_annual, row.annual, polarity):
                    self._lowered(plan, row, indicator, before_annual)
            for month in MONTHS:
                old_value, new_value = before_months.get(month), row.months.get(month)
                if old_value != new_value:
                    differing.add(month)
                    text = f"B{month:02d} {show(old_value)} → {show(new_value)}"
                    if in_old:
                        parts.append(text)
                    if month in reported:
                        closed.append((row, month, _("IKU %(n)s ") % {"n": indicator.number} + text))
            if parts:
                changed += 1
                items.append((indicator, before_annual, row.annual, dict(before_months), dict(row.months)))
                plan.add(
                    "update",
                    _("IKU %(n)s: ") % {"n": indicator.number} + "; ".join(parts),
                    row.goal_number,
                    indicator.number,
                )
                self._check_pattern(plan, row, indicator)
        in_file = {indicator.id for _row, indicator in pairs if indicator.pk is not None}
        for indicator_id, (_annual, months) in old.items():
            if indicator_id in in_file:
                continue
            removed = by_id.get(indicator_id)
            number = removed.number if removed else indicator_id
            changed += 1
            differing.update(months)
            plan.add("remove", _("IKU %(n)s dikeluarkan dari PK") % {"n": number}, None, number)
            closed.extend(
                (None, month, _("IKU %(n)s B%(m)02d dihapus") % {"n": number, "m": month})
                for month in sorted(months)
                if month in reported
            )
        details = self._pk_details(plan, agreement, pairs)
        if agreement is not None and not changed:
            plan.headline = _("PK versi %(v)s tetap berlaku: target tidak berubah") % {"v": agreement.version}
            if details:
                self.detail_updates.append((agreement, details))
            return
        if agreement is None:
            for row, indicator in pairs:
                self._check_pattern(plan, row, indicator)
        self._check_closed_months(plan, closed)
        version = PerformanceAgreement(unit=plan.unit, year=plan.year, version=last_version + 1, in_force=True)
        for name in PK_FIELDS:  # the file's details, else those of the version it replaces
            if name in details or agreement is not None:
                setattr(version, name, details[name] if name in details else getattr(agreement, name))
        if agreement is None:
            plan.headline = _("PK baru (versi %(v)s) dengan %(n)s indikator") % {"v": version.version, "n": len(pairs)}
        else:
            self.plan.needs_reason = True
            agreement.in_force = False
            self.retired.append(agreement)
            after_reported = max(reported) + 1 if reported and max(reported) < 12 else 1
            version.effective_month = min(differing) if differing else after_reported
            plan.headline = _(
                "Revisi PK: versi %(new)s menggantikan versi %(old)s (%(n)s indikator berubah), berlaku mulai B%(m)02d"
            ) % {"new": version.version, "old": agreement.version, "n": changed, "m": version.effective_month}
            plan.counts["targets_changed"] += changed
        plan.counts["agreement_versions"] += 1
        plan.counts["monthly_targets"] += sum(len(row.months) for row, _indicator in pairs)
        self.versions.append(
            VersionPlan(
                version,
                pairs,
                items if agreement is not None else [],
                {quarter_of(month) for month in reported},
                moves_reported=bool(closed) and self.context.override,
            )
        )

    def _lowered(self, plan: UnitPlan, row: PkRow, indicator: Indicator, before: Decimal | None) -> None:
        """A weaker annual target: refused, unless the admin overrides (with the revision's reason)."""
        text = _("IKU %(n)s: target tahunan diturunkan %(old)s → %(new)s") % {
            "n": indicator.number,
            "old": show(before),
            "new": show(row.annual),
        }
        if self.context.override:
            self.plan.overrides.append(f"{plan.unit.code} {plan.year}: {text}")
            plan.counts["lowered_targets_overridden"] += 1
            return
        self.reader(row.number, []).fail(
            "annual_target",
            _(
                "%(change)s: target tahunan tidak boleh diturunkan; hanya admin yang dapat mengizinkan dengan alasan "
                "(centang «Izinkan perubahan bulan yang sudah dilaporkan atau penurunan target»)"
            )
            % {"change": text},
        )

    def _check_pattern(self, plan: UnitPlan, row: PkRow, indicator: Indicator) -> None:
        """A warning (never a refusal) when monthly targets break the indicator's pattern."""
        behaviour = indicator.target_behaviour
        bad = breaks_pattern(row.months, behaviour)
        if not bad:
            return
        label = dict(Indicator.TargetBehaviour.choices)[behaviour]
        self.plan.warnings.append(
            _(
                "%(unit)s %(year)s IKU %(n)s (baris %(row)s): target bulanan tidak mengikuti pola «%(pattern)s» "
                "pada %(months)s"
            )
            % {
                "unit": plan.unit.code,
                "year": plan.year,
                "n": indicator.number,
                "row": row.number,
                "pattern": str(label).lower(),
                "months": ", ".join(f"B{m:02d}" for m in bad),
            }
        )

    def _pk_details(
        self, plan: UnitPlan, agreement: PerformanceAgreement | None, pairs: list[tuple[PkRow, Indicator]]
    ) -> dict[str, Any]:
        """The PK details the file gives for the unit and year that differ from the version in force."""
        given: dict[str, Any] = {}
        for row, _indicator in pairs:
            for name, value in row.pk.items():
                given.setdefault(name, value)
        changes = {}
        for name in PK_FIELDS:
            if name not in given:
                continue
            before = getattr(agreement, name) if agreement else None
            if given[name] != before:
                changes[name] = given[name]
                label = getattr(PerformanceAgreement._meta.get_field(name), "verbose_name", name)
                shown_old = show(before) if isinstance(before, Decimal) else (before or "-")
                shown_new = show(given[name]) if isinstance(given[name], Decimal) else given[name]
                plan.add("update", f"PK: {label} «{shown_old}» → «{shown_new}»")
        if changes and agreement is not None:
            plan.counts["agreement_details"] += 1
        return changes

    def _check_closed_months(self, plan: UnitPlan, closed: list[tuple[PkRow | None, int, str]]) -> None:
        if not closed:
            return
        if self.context.override:
            self.plan.overrides.extend(f"{plan.unit.code} {plan.year}: {text}" for _row, _month, text in closed)
            plan.counts["reported_months_overridden"] += len(closed)
            return
        for row, month, text in closed:
            message = _(
                "%(change)s: bulan ini termasuk triwulan yang sudah dilaporkan; perubahan hanya dengan "
                "izin admin (centang «Izinkan perubahan bulan yang sudah dilaporkan atau penurunan target»)"
            ) % {"change": text}
            if row is not None:
                self.reader(row.number, []).fail(f"b{month:02d}", message)
            else:
                self.problems.append(Problem(f"{plan.unit.code} {plan.year}: {message}", self.table.sheet))

    def _plan_budget(self, plan: UnitPlan, pairs: list[tuple[PkRow, Indicator]], lines: dict[int, BudgetLine]) -> None:
        for row, indicator in pairs:
            if row.budget is None:
                continue
            line = lines.get(indicator.id) if indicator.pk else None
            if line is None:
                self.new_lines.append(BudgetLine(unit=row.unit, year=row.year, indicator=indicator, pagu=row.budget))
                plan.counts["budget_lines_created"] += 1
                plan.add(
                    "new",
                    _("Anggaran IKU %(n)s: %(amount)s") % {"n": indicator.number, "amount": show(row.budget)},
                    row.goal_number,
                    indicator.number,
                )
            elif line.pagu != row.budget or line.goal_id != indicator.goal_id:
                plan.add(
                    "update",
                    _("Anggaran IKU %(n)s: %(old)s → %(new)s")
                    % {"n": indicator.number, "old": show(line.pagu), "new": show(row.budget)},
                    row.goal_number,
                    indicator.number,
                )
                line.pagu = row.budget
                line.goal = indicator.goal
                self.changed_lines.append(line)
                plan.counts["budget_lines_updated"] += 1

    # --- writing ------------------------------------------------------------------------------------------

    def apply(self, reason: str = "", letter_number: str = "") -> None:
        user = self.context.user
        why = self.change_reason()
        for plan in self.versions:  # quarters reported so far keep the version they were scored with
            store_quarters(plan.agreement.unit, plan.agreement.year, plan.reported_quarters)
        create_with_history(self.new_goals, Goal, user, why)
        update_with_history(self.changed_goals, Goal, ["name", "perspective"], user, why)
        create_with_history(self.new_indicators, Indicator, user, why)  # picks up the ids of the goals above
        update_with_history(list(self.changed_indicators.values()), Indicator, sorted(self.indicator_fields), user, why)
        for indicator, specs in self.component_syncs:
            sync_components(indicator, specs)
        if self.retired:
            update_with_history(self.retired, PerformanceAgreement, ["in_force"], user, why)
        for agreement, details in self.detail_updates:
            for name, value in details.items():
                setattr(agreement, name, value)
            update_with_history([agreement], PerformanceAgreement, sorted(details), user, why)
        agreements = []
        for plan in self.versions:
            agreement = plan.agreement
            agreement.author = user
            agreement.reason = reason if agreement.version > 1 else ""
            agreement.letter_number = letter_number
            prefix = f"{agreement.unit.code} {agreement.year}:"
            if agreement.version > 1 and any(o.startswith(prefix) for o in self.plan.overrides):
                agreement.override_reason = reason
            agreements.append(agreement)
        create_with_history(agreements, PerformanceAgreement, user, why)
        targets: list[AgreementTarget] = []
        monthly: list[MonthlyTarget] = []
        items: list[RevisionItem] = []
        for plan in self.versions:
            agreement = plan.agreement
            for row, indicator in plan.pairs:
                targets.append(AgreementTarget(agreement=agreement, indicator=indicator, annual_target=row.annual))
                monthly.extend(
                    MonthlyTarget(agreement=agreement, indicator=indicator, month=month, value=value)
                    for month, value in row.months.items()
                )
            for indicator, old_annual, new_annual, old_months, new_months in plan.items:
                items.append(
                    RevisionItem(
                        agreement=agreement,
                        indicator=indicator,
                        old_annual=old_annual,
                        proposed_annual=new_annual,
                        decided_annual=new_annual,
                        old_months={f"B{m:02d}": _plain(v) for m, v in sorted(old_months.items())},
                        proposed_months={f"B{m:02d}": _plain(v) for m, v in sorted(new_months.items())},
                    )
                )
            if plan.moves_reported:
                move_quarters(agreement.unit, agreement.year, agreement)
        create_with_history(targets, AgreementTarget, user, why)
        create_with_history(monthly, MonthlyTarget, user, why)
        create_with_history(items, RevisionItem, user, why)
        for line in self.new_lines:
            line.goal = line.indicator.goal  # type: ignore[union-attr]
        create_with_history(self.new_lines, BudgetLine, user, why)
        if self.changed_lines:
            update_with_history(self.changed_lines, BudgetLine, ["pagu", "goal"], user, why)
        versions = {(a.unit_id, a.year): a for a in agreements}
        for unit_plan in self.unit_plans:
            if not unit_plan.changed:
                continue
            version = versions.get((unit_plan.unit.id, unit_plan.year))
            detail: dict[str, Any] = dict(unit_plan.counts)
            record_event(
                user,
                "import.pk_rapk",
                unit=unit_plan.unit,
                obj=version,
                period=str(unit_plan.year),
                file=self.context.file_name,
                version=version.version if version else None,
                effective_month=version.effective_month if version else None,
                reason=reason if version and version.version > 1 else "",
                overrides=[o for o in self.plan.overrides if o.startswith(f"{unit_plan.unit.code} {unit_plan.year}:")],
                **detail,
            )
