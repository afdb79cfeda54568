"""Import of the realisation sheet (back-filling history): one row per indicator and month.

The "Realisasi" cell holds a number (or a qualitative word such as WTP), "Akhir tahun", "Dalam proses" or
"Belum diisi". Blank cells leave what is stored as it is, so an untouched template row changes nothing.
A realisation already entered is changed only with the admin override: it may have been reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.forms import is_percentage
from indicators.imports import components as component_cells
from indicators.imports.columns import REALISATIONS_SPEC, RTL_STATUS_WORDS, STATE_WORDS
from indicators.imports.components import components_of
from indicators.imports.lookup import Catalogue
from indicators.imports.parsing import BadValue, is_blank, is_dash, normalise, parse_month, parse_number
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
from indicators.models import Indicator, Realisation
from sakip import scoring
from sakip.audit import record_event
from sakip.formatting import format_number
from sakip.models import OrgUnit
from sakip.validation import capacity_of

NARRATIVES = ("analysis", "kendala", "rtl", "activities")
SCORED_FIELDS = ("state", "value", "numerator", "denominator")
VALUE = capacity_of(Realisation, "value")
CAPACITIES = {name: capacity_of(Realisation, name) for name in ("numerator", "denominator")}
STATE_LABELS = {"year_end": "Akhir tahun", "in_process": "Dalam proses", "not_entered": "Belum diisi"}


@dataclass
class RealisationRow:
    number: int
    unit: OrgUnit
    year: int
    indicator: Indicator
    month: int
    values: dict[str, Any]  # only the fields the row sets
    components: dict[Any, dict[str, Any]] = field(default_factory=dict)  # Component -> value/numerator/denominator


def _shown(state: str, value: Decimal | None) -> str:
    return show(value) if state == Realisation.State.NUMBER else STATE_LABELS.get(state, state)


class RealisationImport(BaseImport):
    spec = REALISATIONS_SPEC

    def build(self) -> Plan:
        keys = self.read_keys()
        unit_ids = {unit.id for unit, _year, _values in keys.values()}
        years = {year for _unit, year, _values in keys.values()}
        catalogue = Catalogue(unit_ids, years)
        self.components = (
            components_of(i.id for i in catalogue.by_number.values()) if self.table.has("components") else {}
        )
        rows: list[RealisationRow] = []
        seen: dict[tuple[int, int], int] = {}
        for number, (unit, year, values) in keys.items():
            parsed = self._read_row(number, values, unit, year, catalogue)
            if parsed is None:
                continue
            key = (parsed.indicator.id, parsed.month)
            if key in seen:
                self.reader(number, values).fail(
                    "month",
                    _("baris duplikat: IKU %(n)s B%(m)02d %(unit)s %(year)s sudah ada di baris %(row)s")
                    % {
                        "n": parsed.indicator.number,
                        "m": parsed.month,
                        "unit": unit.code,
                        "year": year,
                        "row": seen[key],
                    },
                )
                continue
            seen[key] = number
            rows.append(parsed)
        if not self.problems:
            self._diff(rows)
        return self.plan

    def _read_row(
        self, number: int, values: list[Any], unit: OrgUnit, year: int, catalogue: Catalogue
    ) -> RealisationRow | None:
        row = self.reader(number, values)
        ok, indicator = catalogue.indicator(row, unit, year)
        if ok and indicator is None:
            row.fail("indicator_number", _("nomor atau kode indikator wajib diisi"))
        month = None
        raw_month = row.raw("month")
        if is_blank(raw_month):
            row.fail("month", _("wajib diisi"))
        else:
            try:
                month = parse_month(raw_month)
            except BadValue as error:
                row.fail("month", str(error))
        if not row.ok or indicator is None or month is None:
            return None
        fields: dict[str, Any] = {}
        self._read_value(row, indicator, fields)
        for key in ("numerator", "denominator"):
            amount = row.number(key, CAPACITIES[key])
            if amount is not None:
                fields[key] = amount
        self._value_from_ratio(row, indicator, fields)
        found = self._read_components(row, indicator, month, fields)
        for key in NARRATIVES:
            if row.present(key):
                fields[key] = row.long_text(key)
        if row.present("rtl_status"):  # "-" clears it
            status = "" if is_dash(row.raw("rtl_status")) else row.choice("rtl_status", RTL_STATUS_WORDS)
            if status is not None:
                fields["rtl_status"] = status
        if not row.ok or not (fields or found):
            return None
        return RealisationRow(number, unit, year, indicator, month, fields, found)

    def _read_components(
        self, row: RowReader, indicator: Indicator, month: int, fields: dict[str, Any]
    ) -> dict[Any, dict[str, Any]]:
        """The Komponen cell: stored with the realisation; the value follows from it."""
        if not row.ok or not row.present("components") or is_dash(row.raw("components")):
            return {}
        try:
            found = component_cells.parse_cell(str(row.raw("components")), self.components.get(indicator.id, {}))
        except ValueError as error:
            row.fail("components", str(error))
            return {}
        value = component_cells.computed_value(indicator, month, found)
        if value is None:
            return found
        typed = fields.get("value")
        places = indicator.decimals
        if typed is not None and scoring.round_half_up(typed, places) != scoring.round_half_up(value, places):
            row.fail(
                "value",
                _("%(typed)s tidak sesuai dengan komponennya (%(value)s)")
                % {"typed": format_number(typed, places), "value": format_number(value, places)},
            )
            return {}
        if typed is None:
            fitting = row.fitting("value", scoring.round_half_up(value, VALUE.decimal_places), VALUE)
            if fitting is not None:
                fields.update(state=Realisation.State.NUMBER, value=fitting)
        return found

    def _value_from_ratio(self, row: RowReader, indicator: Indicator, fields: dict[str, Any]) -> None:
        """Pembilang / Penyebut give the value of a ratio or percentage indicator: a blank Realisasi takes
        numerator / denominator x 100; a Realisasi that contradicts them is refused (§11)."""
        numerator, denominator = fields.get("numerator"), fields.get("denominator")
        if numerator is None or denominator is None or not row.ok:
            return
        if not (indicator.method == scoring.Method.RATIO or is_percentage(indicator)):
            return
        ratio = scoring.ratio_percent(numerator, denominator).value
        if ratio is None:
            row.fail("denominator", _("penyebut 0: pembilang / penyebut tidak dapat dihitung"))
            return
        if fields.get("state", Realisation.State.NUMBER) != Realisation.State.NUMBER:
            return
        typed = fields.get("value")
        places = indicator.decimals
        if typed is not None and scoring.round_half_up(typed, places) != scoring.round_half_up(ratio, places):
            row.fail(
                "value",
                _("%(typed)s tidak sesuai dengan pembilang / penyebut (%(ratio)s)")
                % {"typed": format_number(typed, places), "ratio": format_number(ratio, places)},
            )
            return
        if typed is not None:
            return  # it agrees: the stored value stays as typed (a template filled by SAKIP imports back unchanged)
        fitting = row.fitting("value", scoring.round_half_up(ratio, VALUE.decimal_places), VALUE)
        if fitting is not None:
            fields.update(state=Realisation.State.NUMBER, value=fitting)

    def _read_value(self, row: RowReader, indicator: Indicator, fields: dict[str, Any]) -> None:
        raw = row.raw("value")
        if is_blank(raw) or is_dash(raw):
            return
        if isinstance(raw, str):
            word = normalise(raw)
            for state, names in STATE_WORDS.items():
                if word in {normalise(n) for n in names}:
                    fields.update(state=state, value=None)
                    return
            mapping = {normalise(k): v for k, v in indicator.qualitative_map.items()}
            if word in mapping:
                fields.update(state=Realisation.State.NUMBER, value=Decimal(str(mapping[word])))
                return
        try:
            value = parse_number(raw)
        except BadValue as error:
            row.fail("value", f"{error} " + _("(atau tulis «Akhir tahun», «Dalam proses», «Belum diisi»)"))
            return
        fitting = row.fitting("value", value, indicator_capacity(VALUE, indicator.decimals))
        if fitting is not None:
            fields.update(state=Realisation.State.NUMBER, value=fitting)

    def _diff(self, rows: list[RealisationRow]) -> None:
        existing = {
            (r.indicator_id, r.month): r
            for r in Realisation.objects.filter(indicator_id__in={row.indicator.id for row in rows})
        }
        plans: dict[tuple[int, int], UnitPlan] = {}
        self.new_rows: list[Realisation] = []
        self.changed_rows: list[Realisation] = []
        self.changed_fields: set[str] = set()
        self.component_writes: list[tuple[int, dict[Any, dict[str, Any]]]] = []
        for row in sorted(rows, key=lambda r: (r.unit.code, r.year, r.indicator.number, r.month)):
            plan = plans.get((row.unit.id, row.year))
            if plan is None:
                plan = plans[(row.unit.id, row.year)] = UnitPlan(row.unit, row.year)
                self.plan.units.append(plan)
            label = _("IKU %(n)s B%(m)02d") % {"n": row.indicator.number, "m": row.month}
            current = existing.get((row.indicator.id, row.month))
            goal_number = row.indicator.goal.number
            if row.components and component_cells.differs(row.month, row.components):
                self.component_writes.append((row.month, row.components))
                if current is not None and all(getattr(current, n) == v for n, v in row.values.items()):
                    plan.counts["realisations_updated"] += 1
                    plan.add("update", f"{label}: " + _("komponen"), goal_number, row.indicator.number)
                    continue
            if current is None:
                realisation = Realisation(indicator=row.indicator, month=row.month, **row.values)
                self.new_rows.append(realisation)
                plan.counts["realisations_created"] += 1
                plan.add(
                    "new",
                    f"{label}: " + _shown(realisation.state, realisation.value),
                    goal_number,
                    row.indicator.number,
                )
                continue
            changed = [name for name, value in row.values.items() if getattr(current, name) != value]
            if not changed:
                continue
            scored = [name for name in changed if name in SCORED_FIELDS]
            before = _shown(current.state, current.value)
            if scored and current.state != Realisation.State.NOT_ENTERED:
                text = f"{label} " + _("sudah diisi (%(old)s)") % {"old": before}
                if not self.context.override:
                    self.reader(row.number, []).fail(
                        "value",
                        text
                        + _(
                            "; mengubah realisasi yang sudah diisi hanya dengan izin admin "
                            "(centang «Izinkan perubahan bulan yang sudah dilaporkan atau penurunan target»)"
                        ),
                    )
                    continue
                self.plan.overrides.append(f"{row.unit.code} {row.year}: {text}")
                plan.counts["reported_realisations_overridden"] += 1
            for name in changed:
                setattr(current, name, row.values[name])
            self.changed_fields.update(changed)
            self.changed_rows.append(current)
            plan.counts["realisations_updated"] += 1
            parts = [f"{before} → {_shown(current.state, current.value)}"] if scored else []
            parts += [self.table.label(n) for n in changed if n not in SCORED_FIELDS]
            plan.add("update", f"{label}: " + "; ".join(parts), goal_number, row.indicator.number)
        for plan in self.plan.units:
            plan.headline = (
                _("%(new)s realisasi baru, %(changed)s berubah")
                % {"new": plan.counts["realisations_created"], "changed": plan.counts["realisations_updated"]}
                if plan.changed
                else _("Realisasi tidak berubah")
            )

    def apply(self, reason: str = "", letter_number: str = "") -> None:
        user = self.context.user
        why = self.change_reason()
        now = timezone.now()
        for realisation in self.new_rows:
            realisation.updated_by = user
        create_with_history(self.new_rows, Realisation, user, why)
        if self.changed_rows:
            for realisation in self.changed_rows:
                realisation.revision += 1  # an open edit form must notice (optimistic concurrency)
                realisation.updated_by = user
                realisation.updated_at = now
            update_with_history(
                self.changed_rows,
                Realisation,
                sorted(self.changed_fields | {"revision", "updated_by", "updated_at"}),
                user,
                why,
            )
        for month, values in self.component_writes:
            component_cells.write(month, values)
        for plan in self.plan.units:
            if plan.changed:
                detail: dict[str, Any] = dict(plan.counts)
                record_event(
                    user,
                    "import.realisations",
                    unit=plan.unit,
                    period=str(plan.year),
                    file=self.context.file_name,
                    overrides=[o for o in self.plan.overrides if o.startswith(f"{plan.unit.code} {plan.year}:")],
                    **detail,
                )
