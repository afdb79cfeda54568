"""What an import would do (the dry-run diff shown before confirming) and the row reader the importers share."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from indicators.imports.errors import Problem
from indicators.imports.limits import Meter
from indicators.imports.parsing import (
    BadValue,
    Spec,
    Table,
    is_blank,
    is_dash,
    normalise,
    parse_int,
    parse_number,
    text_of,
)
from sakip.formatting import format_number
from sakip.models import OrgUnit
from sakip.numbers import Capacity, DoesNotFit, check_fits
from sakip.validation import misfit_message

MAX_LINES_PER_UNIT = 300  # preview lines kept per unit (counts are always complete)


def indicator_capacity(column: Capacity, decimals: int) -> Capacity:
    """The column narrowed to the decimals an indicator holds: 59,4286 does not fit a 2-decimal IKU."""
    places = min(column.decimal_places, decimals)
    return Capacity(column.max_digits - (column.decimal_places - places), places, column.allow_negative)


def show(value: Decimal | None) -> str:
    """A number in a preview line, Indonesian style, with the decimals it has (2 to 4)."""
    if value is None:
        return "-"
    exponent = value.normalize().as_tuple().exponent
    places = min(max(-exponent if isinstance(exponent, int) else 2, 2), 4)
    return format_number(value, places)


@dataclass
class Line:
    """One line of the preview: what changes for a goal, an indicator or a budget line."""

    action: str  # new | update | remove | version
    text: str
    goal: int | None = None
    indicator: int | None = None


@dataclass
class UnitPlan:
    unit: OrgUnit
    year: int
    headline: str = ""
    counts: Counter[str] = field(default_factory=Counter)
    lines: list[Line] = field(default_factory=list)
    hidden_lines: int = 0

    def add(self, action: str, text: str, goal: int | None = None, indicator: int | None = None) -> None:
        if len(self.lines) < MAX_LINES_PER_UNIT:
            self.lines.append(Line(action, text, goal, indicator))
        else:
            self.hidden_lines += 1

    @property
    def changed(self) -> bool:
        return any(self.counts.values())


@dataclass
class Plan:
    kind: str
    title: str
    file_name: str
    sheet: str = ""
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    units: list[UnitPlan] = field(default_factory=list)
    needs_reason: bool = False
    overrides: list[str] = field(default_factory=list)  # reported-period changes allowed by the admin override
    warnings: list[str] = field(default_factory=list)  # accepted but worth a look (monthly target patterns)
    applied: bool = False

    @property
    def has_changes(self) -> bool:
        return any(unit.changed for unit in self.units)

    @property
    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for unit in self.units:
            total.update(unit.counts)
        return total

    def digest(self) -> str:
        """Fingerprint of what the plan would write, to notice that the data changed since the preview."""
        hasher = hashlib.sha256(self.kind.encode())
        for unit in self.units:
            hasher.update(f"{unit.unit.code}|{unit.year}|{unit.headline}|{sorted(unit.counts.items())}".encode())
            for line in unit.lines:
                hasher.update(f"{line.action}|{line.text}".encode())
        return hasher.hexdigest()

    def as_data(self) -> dict[str, Any]:
        """The plan as JSON-able data (an import job keeps it for its page); units by code."""
        data = {name: getattr(self, name) for name in ("kind", "title", "file_name", "sheet", "rows")}
        data.update(needs_reason=self.needs_reason, overrides=self.overrides, applied=self.applied,
                    warnings=self.warnings)  # fmt: skip
        data["problems"] = [asdict(problem) for problem in self.problems]
        data["units"] = [
            {"unit": unit.unit.code, "year": unit.year, "headline": unit.headline, "counts": dict(unit.counts),
             "lines": [asdict(line) for line in unit.lines], "hidden_lines": unit.hidden_lines}
            for unit in self.units
        ]  # fmt: skip
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Plan:
        units = OrgUnit.objects.in_bulk({unit["unit"] for unit in data["units"]}, field_name="code")
        plan = cls(**{name: data[name] for name in ("kind", "title", "file_name", "sheet", "rows", "needs_reason",
                                                       "overrides", "applied")})  # fmt: skip
        plan.warnings = list(data.get("warnings", []))
        plan.problems = [Problem(**problem) for problem in data["problems"]]
        plan.units = [
            UnitPlan(units.get(unit["unit"]) or OrgUnit(code=unit["unit"]), unit["year"], unit["headline"],
                     Counter(unit["counts"]), [Line(**line) for line in unit["lines"]], unit["hidden_lines"])
            for unit in data["units"]
        ]  # fmt: skip
        return plan


class RowReader:
    """Reads the cells of one row; every failure becomes a Problem naming sheet, row and column."""

    def __init__(self, table: Table, number: int, values: list[Any], problems: list[Problem]) -> None:
        self.table = table
        self.row_number = number
        self.values = values
        self.problems = problems
        self.ok = True

    def raw(self, key: str) -> Any:
        return self.table.value(self.values, key)

    def present(self, key: str) -> bool:
        """The column exists and the cell is not blank."""
        return self.table.has(key) and not is_blank(self.raw(key))

    def fail(self, key: str | None, message: str) -> None:
        self.ok = False
        self.problems.append(
            Problem(message, self.table.sheet, self.row_number, self.table.label(key) if key is not None else "")
        )

    def text(self, key: str, max_length: int | None = None) -> str:
        raw = self.raw(key)
        text = "" if is_blank(raw) else " ".join(text_of(raw).split())
        if max_length is not None and len(text) > max_length:
            self.fail(
                key,
                _("paling panjang %(limit)s karakter (terisi %(length)s)") % {"limit": max_length, "length": len(text)},
            )
            return ""
        return text

    def long_text(self, key: str) -> str:
        raw = self.raw(key)
        return "" if is_blank(raw) else text_of(raw).replace("\r\n", "\n").strip()

    def required_text(self, key: str) -> str:
        text = self.text(key)
        if not text:
            self.fail(key, _("wajib diisi"))
        return text

    def integer(self, key: str, *, required: bool = False, low: int = 1, high: int = 32767) -> int | None:
        raw = self.raw(key)
        if is_blank(raw) or is_dash(raw):
            if required:
                self.fail(key, _("wajib diisi"))
            return None
        try:
            value = parse_int(raw)
        except BadValue as error:
            self.fail(key, str(error))
            return None
        if not low <= value <= high:
            self.fail(
                key, _("%(value)s di luar rentang %(low)s..%(high)s") % {"value": value, "low": low, "high": high}
            )
            return None
        return value

    def number(self, key: str, capacity: Capacity, *, dash_is_zero: bool = False) -> Decimal | None:
        """Blank -> None; '-' -> None (or 0 for amounts, as Lapkin tables print zero); else the number, which
        must fit `capacity` exactly (it is never rounded)."""
        raw = self.raw(key)
        if is_blank(raw):
            return None
        if is_dash(raw):
            return Decimal(0) if dash_is_zero else None
        try:
            value = parse_number(raw)
        except BadValue as error:
            self.fail(key, str(error))
            return None
        return self.fitting(key, value, capacity)

    def fitting(self, key: str, value: Decimal, capacity: Capacity) -> Decimal | None:
        """`value` if its column holds it as it is; otherwise a problem saying why (too large, too many
        decimals, negative) and None."""
        try:
            return check_fits(value, capacity)
        except DoesNotFit as error:
            shown = text_of(self.raw(key))
            self.fail(key, _("«%(value)s» ditolak. %(problem)s") % {"value": shown, "problem": misfit_message(error)})
            return None

    def choice(self, key: str, words: Mapping[str, tuple[str, ...]]) -> str | None:
        """A value from a word list (e.g. 'Makin tinggi makin baik' -> 'higher'); blank -> None."""
        text = normalise(self.raw(key))
        if not text:
            return None
        for code, names in words.items():
            if text == normalise(code) or text in {normalise(name) for name in names}:
                return code
        self.fail(
            key,
            _("«%(value)s» tidak dikenal; pilihan: %(choices)s")
            % {"value": self.text(key), "choices": ", ".join(names[0] for names in words.values())},
        )
        return None


@dataclass
class Context:
    """What every importer needs besides the table."""

    user: User | None
    file_name: str
    override: bool = False
    meter: Meter = field(default_factory=Meter)


class BaseImport:
    spec: Spec

    def __init__(self, table: Table, context: Context) -> None:
        self.table = table
        self.context = context
        self.plan = Plan(
            kind=self.spec.kind,
            title=self.spec.title,
            file_name=context.file_name,
            sheet=table.sheet,
            rows=len(table.rows),
        )
        self.units = {unit.code.upper(): unit for unit in OrgUnit.objects.all()}
        self.apply_steps: list[Callable[[], None]] = []

    @property
    def problems(self) -> list[Problem]:
        return self.plan.problems

    def reader(self, number: int, values: list[Any]) -> RowReader:
        self.context.meter.check_time()
        return RowReader(self.table, number, values, self.plan.problems)

    def read_unit_year(self, row: RowReader) -> tuple[OrgUnit | None, int | None]:
        code = row.required_text("unit")
        unit = self.units.get(code.upper()) if code else None
        if code and unit is None:
            row.fail("unit", _("kode unit «%(code)s» tidak dikenal") % {"code": code})
        year = row.integer("year", required=True, low=2000, high=2100)
        return unit, year

    def read_keys(self) -> dict[int, tuple[OrgUnit, int, list[Any]]]:
        """Row number -> (unit, year, values) of the rows whose unit and year are readable."""
        keys = {}
        for number, values in self.table.rows:
            row = self.reader(number, values)
            unit, year = self.read_unit_year(row)
            if unit is not None and year is not None:
                keys[number] = (unit, year, values)
        return keys

    def change_reason(self) -> str:
        return (_("Impor %(kind)s: %(file)s") % {"kind": self.spec.title, "file": self.context.file_name})[:100]

    def build(self) -> Plan:  # pragma: no cover - each importer implements it
        raise NotImplementedError

    def apply(self, reason: str = "", letter_number: str = "") -> None:  # pragma: no cover
        raise NotImplementedError


SIMPLE_TYPES = {
    "AutoField", "BigAutoField", "BooleanField", "CharField", "ForeignKey", "IntegerField", "BigIntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "SlugField", "TextField",
}  # fmt: skip


def write_history(objs: list[Any], model: Any, user: Any, reason: str, history_type: str) -> None:
    """One django-simple-history row per object — what `bulk_history_create` writes (tracked fields, date,
    user, change reason, type) — as multi-row INSERTs without the ORM's per-value compilation, which costs
    as much as the import's own writes."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    connection = connections[router.db_for_write(history)]
    tracked = {field.attname for field in history.tracked_fields}
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    fixed = {
        "history_date": timezone.now(),
        "history_type": history_type,
        "history_change_reason": reason,
        "history_user_id": getattr(user, "pk", None),
    }
    if set(fixed) | tracked != {f.attname for f in fields}:  # a customised history model: let the library do it
        history.objects.bulk_history_create(objs, update=history_type == "~", default_user=user,
                                            default_change_reason=reason)  # fmt: skip
        return
    prepare = [
        None if field.get_internal_type() in SIMPLE_TYPES else field for field in fields
    ]  # fields whose values need the backend's adaptation (decimals, dates)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    size = max(1, connection.ops.bulk_batch_size(fields, objs) or len(objs))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            params: list[Any] = []
            for obj in batch:
                for field, adapt in zip(fields, prepare, strict=True):
                    value = fixed[field.attname] if field.attname in fixed else getattr(obj, field.attname)
                    params.append(
                        value if adapt is None or value is None else adapt.get_db_prep_save(value, connection)
                    )
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            table = connection.ops.quote_name(history._meta.db_table)
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([row] * len(batch)), params)  # noqa: S608


def create_with_history(objs: list[Any], model: Any, user: Any, reason: str) -> None:
    """bulk_create plus one history row each (django-simple-history), skipped when there is nothing."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        bulk_create_with_history(objs, model, default_user=user, default_change_reason=reason)
        return
    model._default_manager.bulk_create(objs)
    write_history(objs, model, user, reason, "+")


def update_with_history(objs: list[Any], model: Any, fields: list[str], user: Any, reason: str) -> None:
    """bulk_update plus one history row each."""
    if objs:
        model._default_manager.bulk_update(objs, fields)
        write_history(objs, model, user, reason, "~")
