"""The audit trail as one list: field changes (django-simple-history) and events (AuditEvent).

Each source is read with a fixed number of queries; old values come from the previous history record of
the same object, found in Python rather than one query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.labels import (
    ACTION_LABELS,
    DETAIL_LABELS,
    detail_text,
    field_label,
    field_of,
    foreign_labels,
    object_type_label,
    value_text,
)
from budget.models import BudgetLine, BudgetRealisation
from indicators.models import (
    ActionPlan,
    AgreementTarget,
    Evidence,
    Goal,
    Indicator,
    MonthlyTarget,
    MonthStatus,
    PerformanceAgreement,
    Perspective,
    QuarterTargets,
    Realisation,
    Recommendation,
    RecommendationStatus,
    RevisionItem,
)
from reports.models import ReportText
from sakip.models import AuditEvent, CriterionBand, EfficiencyTier, Membership, OrgUnit, ScoringPolicy

SKIPPED_FIELDS = {"id", "revision", "updated_at", "created_at", "uploaded_at", "updated_by_id"}
HISTORY_ACTIONS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}


@dataclass
class Change:
    field: str  # the label shown, e.g. "Bobot"
    old: str
    new: str
    name: str = ""  # the model field, e.g. "weight"


@dataclass
class Entry:
    at: dt.datetime
    user: str
    unit: str
    period: str
    object_type: str
    object_label: str
    action: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    model: type[Model]
    unit: str | None  # lookup path from the tracked model to its OrgUnit; "": the unit itself; None: no unit
    year: str | None  # None: not tied to a year (left out when filtering by year)
    month: str | None
    related: tuple[str, ...]
    describe: Callable[[Any], str]


def _month(record: Any) -> str:
    return f"B{record.month:02d}"


def _policy(record: Any) -> str:
    return str(record.policy.year) if record.policy else f"#{record.policy_id}"


SOURCES = (
    Source(
        "agreement",
        _("PK"),
        PerformanceAgreement,
        "unit",
        "year",
        None,
        ("unit",),
        lambda r: f"PK {r.year} v{r.version}",
    ),
    Source(
        "annual_target",
        _("Target tahunan"),
        AgreementTarget,
        "agreement__unit",
        "agreement__year",
        None,
        ("indicator", "agreement"),
        lambda r: f"IKU {r.indicator.number} — PK v{r.agreement.version}",
    ),
    Source(
        "monthly_target",
        _("Target bulanan (RAPK)"),
        MonthlyTarget,
        "agreement__unit",
        "agreement__year",
        "month",
        ("indicator", "agreement"),
        lambda r: f"IKU {r.indicator.number} {_month(r)} — PK v{r.agreement.version}",
    ),
    Source(
        "revision_item",
        _("Usulan revisi PK"),
        RevisionItem,
        "agreement__unit",
        "agreement__year",
        None,
        ("indicator", "agreement"),
        lambda r: f"IKU {r.indicator.number} — PK v{r.agreement.version}",
    ),
    Source(
        "quarter_targets",
        _("Versi PK triwulan yang dilaporkan"),
        QuarterTargets,
        "unit",
        "year",
        None,
        ("unit", "agreement"),
        lambda r: f"TW {r.quarter} {r.year} — PK v{r.agreement.version}",
    ),
    Source(
        "recommendation",
        _("Rekomendasi"),
        Recommendation,
        "unit",
        "year",
        None,
        ("unit",),
        lambda r: f"Rekomendasi {r.year}: {r.text[:40]}",
    ),
    Source(
        "recommendation_status",
        _("Tindak lanjut rekomendasi"),
        RecommendationStatus,
        "recommendation__unit",
        "recommendation__year",
        None,
        ("recommendation",),
        lambda r: f"TW {r.quarter}: {r.recommendation.text[:40]}",
    ),
    Source(
        "action_plan",
        _("Rencana aksi tindak lanjut"),
        ActionPlan,
        "status__recommendation__unit",
        "status__recommendation__year",
        None,
        ("status__recommendation",),
        lambda r: f"TW {r.status.quarter}: {r.text[:40]}",
    ),
    Source(
        "realisation",
        _("Realisasi"),
        Realisation,
        "indicator__goal__unit",
        "indicator__goal__year",
        "month",
        ("indicator",),
        lambda r: f"IKU {r.indicator.number} {_month(r)}",
    ),
    Source(
        "evidence",
        _("Bukti dukung"),
        Evidence,
        "realisation__indicator__goal__unit",
        "realisation__indicator__goal__year",
        "realisation__month",
        ("realisation__indicator",),
        lambda r: f"{r.original_name}",
    ),
    Source(
        "month_status",
        _("Status bulan"),
        MonthStatus,
        "unit",
        "year",
        "month",
        ("unit",),
        lambda r: f"{_month(r)} {r.year}",
    ),
    Source(
        "budget_line",
        _("Anggaran"),
        BudgetLine,
        "unit",
        "year",
        None,
        ("goal", "indicator"),
        lambda r: (
            f"{r.year} "
            + (f"IKU {r.indicator.number}" if r.indicator_id else f"SS{r.goal.number}" if r.goal_id else "unit")
        ),
    ),
    Source(
        "budget_realisation",
        _("Realisasi anggaran"),
        BudgetRealisation,
        "line__unit",
        "line__year",
        "month",
        ("line",),
        lambda r: gettext("%(month)s (baris anggaran %(line)s)") % {"month": _month(r), "line": r.line_id},
    ),
    Source("goal", _("Sasaran"), Goal, "unit", "year", None, (), lambda r: f"SS{r.number} {r.year}"),
    Source(
        "indicator",
        _("Indikator (bobot, polaritas, skala)"),
        Indicator,
        "goal__unit",
        "goal__year",
        None,
        ("goal",),
        lambda r: f"IKU {r.number}" + (f" — SS{r.goal.number}" if r.goal else ""),
    ),
    Source("perspective", _("Perspektif"), Perspective, None, None, None, (), lambda r: r.name),
    Source(
        "report_text",
        _("Teks Lapkin"),
        ReportText,
        "unit",
        "year",
        None,
        (),
        lambda r: f"Lapkin {r.year} TW{r.quarter}",
    ),
    Source("scoring_policy", _("Kebijakan penilaian"), ScoringPolicy, "unit", "year", None, (), lambda r: str(r.year)),
    Source(
        "criterion_band",
        _("Kriteria capaian"),
        CriterionBand,
        "policy__unit",
        "policy__year",
        None,
        ("policy",),
        lambda r: f"{_policy(r)} {r.label}",
    ),
    Source(
        "efficiency_tier",
        _("Tingkat efisiensi"),
        EfficiencyTier,
        "policy__unit",
        "policy__year",
        None,
        ("policy",),
        lambda r: f"{_policy(r)} TE ≤ {r.upper if r.upper is not None else '…'}",
    ),
    Source("org_unit", _("Unit kerja"), OrgUnit, "", None, None, (), lambda r: r.code),
    Source(
        "membership",
        _("Peran pengguna"),
        Membership,
        "unit",
        None,
        None,
        ("user",),
        lambda r: f"{r.user.username if r.user else f'#{r.user_id}'} — {r.get_role_display()}",
    ),
)
EVENT_SOURCE = "event"
OBJECT_CHOICES = [(s.key, s.label) for s in SOURCES] + [(EVENT_SOURCE, _("Peristiwa alur kerja / unduhan"))]


@dataclass
class Filters:
    units: Iterable[OrgUnit] | None = None  # None: every unit
    year: int | None = None
    month: int | None = None
    username: str = ""
    object_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _unit_lookup(source: Source, name: str) -> str:
    return f"{source.unit}__{name}" if source.unit else name


def _history_filter(source: Source, filters: Filters) -> Q:
    q = Q()
    if filters.units is not None and source.unit is not None:
        q &= Q(**{_unit_lookup(source, "id__in" if source.unit == "" else "in"): [u.pk for u in filters.units]})
    if filters.year is not None and source.year is not None:
        q &= Q(**{source.year: filters.year})
    if filters.month is not None and source.month:
        q &= Q(**{source.month: filters.month})
    return q


def _history_entries(source: Source, filters: Filters, limit: int) -> list[Entry]:
    """The newest `limit` field changes of this source; records that changed nothing visible are left out
    (so more records are read, a chunk at a time, until `limit` entries are found or none are left)."""
    history: QuerySet[Any] = source.model.history.all()  # type: ignore[attr-defined]
    q = _history_filter(source, filters)
    if (filters.month is not None and source.month is None) or (filters.year is not None and source.year is None):
        return []
    if filters.username:
        q &= Q(history_user__username=filters.username)
    if filters.date_from:
        q &= Q(history_date__date__gte=filters.date_from)
    if filters.date_to:
        q &= Q(history_date__date__lte=filters.date_to)
    query = history.filter(q).select_related("history_user", *source.related).order_by("-history_date", "-history_id")
    entries: list[Entry] = []
    chunk, offset = max(limit, 50), 0
    while len(entries) < limit:
        records = list(query[offset : offset + chunk])
        entries += _entries_of(source, records)
        if len(records) < chunk:
            break
        offset += chunk
    return entries[:limit]


def _entries_of(source: Source, records: list[Any]) -> list[Entry]:
    unit_codes = _unit_codes(source, records)
    previous = _previous_records(source, records)
    fields = [f.attname for f in source.model._meta.concrete_fields if f.attname not in SKIPPED_FIELDS]
    related = foreign_labels(source.model, [*records, *previous.values()], fields)
    entries = []
    for record in records:
        before = previous.get(record.history_id)
        changes = [
            Change(
                field_label(source.model, name),
                value_text(field_of(source.model, name), getattr(before, name), related.get(name)) if before else "",
                value_text(field_of(source.model, name), getattr(record, name), related.get(name)),
                name,
            )
            for name in fields
            if record.history_type != "-" and (before is None or getattr(before, name) != getattr(record, name))
            if not (before is None and getattr(record, name) in (None, ""))
        ]
        if record.history_type == "~" and not changes:
            continue  # saved without a visible change (e.g. only the revision counter moved)
        period = (str(_path_value(record, source.year)) if source.year else "") + (
            f"-B{_path_value(record, source.month):02d}" if source.month else ""
        )
        entries.append(
            Entry(
                at=record.history_date,
                user=record.history_user.username if record.history_user else "",
                unit=unit_codes.get(record.history_id, ""),
                period=period,
                object_type=str(source.label),
                object_label=source.describe(record),
                action=str(HISTORY_ACTIONS.get(record.history_type, record.history_type)),
                changes=changes,
            )
        )
    return entries


def _path_value(record: Any, path: str) -> Any:
    value = record
    for part in path.split("__"):
        value = getattr(value, part)
    return value


def _unit_codes(source: Source, records: list[Any]) -> dict[int, str]:
    """history_id -> unit code, in one query whatever the number of records."""
    if not records or source.unit is None:
        return {}
    rows = source.model.history.filter(  # type: ignore[attr-defined]
        history_id__in=[r.history_id for r in records]
    ).values_list("history_id", _unit_lookup(source, "code"))
    return dict(rows)


def _previous_records(source: Source, records: list[Any]) -> dict[int, Any]:
    """history_id -> the record of the same object just before it, in one query."""
    if not records:
        return {}
    ids = {r.id for r in records}
    history = cast(Any, source.model).history  # added by django-simple-history at run time
    candidates = history.filter(id__in=ids, history_date__lte=max(r.history_date for r in records)).order_by(
        "id", "history_date", "history_id"
    )
    by_object: dict[Any, list[Any]] = {}
    for candidate in candidates:
        by_object.setdefault(candidate.id, []).append(candidate)
    previous = {}
    for record in records:
        chain = by_object.get(record.id, [])
        position = next((i for i, c in enumerate(chain) if c.history_id == record.history_id), None)
        if position:
            previous[record.history_id] = chain[position - 1]
    return previous


def _event_entries(filters: Filters, limit: int) -> list[Entry]:
    events = AuditEvent.objects.select_related("user", "unit")
    if filters.units is not None:
        events = events.filter(Q(unit__in=list(filters.units)) | Q(unit=None))
    if filters.year is not None:
        events = events.filter(period__startswith=str(filters.year))
    if filters.month is not None:
        events = events.filter(period__endswith=f"-B{filters.month:02d}")
    if filters.username:
        events = events.filter(user__username=filters.username)
    if filters.date_from:
        events = events.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(at__date__lte=filters.date_to)
    return [
        Entry(
            at=event.at,
            user=event.user.username if event.user else "",
            unit=event.unit.code if event.unit else "",
            period=event.period,
            object_type=object_type_label(event.object_type),
            object_label=f"#{event.object_id}" if event.object_id else "",
            action=str(ACTION_LABELS.get(event.action, event.action)),
            changes=[
                Change(str(DETAIL_LABELS.get(key, key)), "", detail_text(key, value))
                for key, value in event.detail.items()
                if value not in (None, "", [], {})
            ],
        )
        for event in events[:limit]
    ]


def audit_entries(filters: Filters, limit: int = 500) -> list[Entry]:
    """The newest `limit` entries matching the filters, newest first."""
    entries: list[Entry] = []
    for source in SOURCES:
        if filters.object_type in ("", source.key):
            entries += _history_entries(source, filters, limit)
    if filters.object_type in ("", EVENT_SOURCE):
        entries += _event_entries(filters, limit)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]
