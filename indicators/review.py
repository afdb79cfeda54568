"""The review thread of each indicator of a month: every return and approval comment, and what the planner
changed between a return (or a reopening) and the next submission, old -> new, from the realisations' history.
Nothing is overwritten on resubmission; the thread is read back from what is kept."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from indicators.models import MonthStatus, Realisation, ReviewComment
from indicators.month import MonthEntry
from sakip.formatting import format_number

State = MonthStatus.State
TRACKED = {
    "state": _("Status"),
    "value": _("Realisasi"),
    "numerator": _("Pembilang"),
    "denominator": _("Penyebut"),
    "analysis": _("Analisis"),
    "kendala": _("Kendala"),
    "rtl": _("Rencana tindak lanjut"),
    "rtl_status": _("Status RTL"),
    "activities": _("Kegiatan yang dilakukan"),
}
KIND_LABELS = {
    "return": _("Dikembalikan"),
    "approve": _("Disetujui"),
    "submit": _("Diajukan ulang, dengan perubahan"),
    "pending": _("Diubah sejak dikembalikan (belum diajukan)"),
}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class ThreadItem:
    at: dt.datetime
    kind: str  # return, approve, submit, pending
    who: Any = None
    text: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass(frozen=True)
class _Transition:
    at: dt.datetime
    state: str
    who: Any


def attach_threads(entry: MonthEntry) -> None:
    """Fill `row.thread` (oldest first) and `row.changes_since_return` of every row, in three queries."""
    status = entry.status
    for row in entry.rows:
        row.thread, row.changes_since_return = [], []
    if status is None:
        return
    transitions = _transitions(status)
    history = _history([row.indicator.id for row in entry.rows], entry.month)
    comments: dict[int, list[ReviewComment]] = defaultdict(list)
    for comment in status.comments.select_related("author").order_by("created_at", "id"):
        comments[comment.indicator_id].append(comment)
    for row in entry.rows:
        records = history.get(row.indicator.id, [])
        thread = [ThreadItem(c.created_at, c.kind, c.author, c.text) for c in comments.get(row.indicator.id, [])]
        thread += _revisions(status, transitions, records, row)
        row.thread = sorted(thread, key=lambda item: item.at)


def _revisions(status: MonthStatus, transitions: list[_Transition], records: list[Any], row: Any) -> list[ThreadItem]:
    """What changed between each return (or reopening) and the next submission, and since the last return if
    the month is not yet submitted again; the latest of these is also the row's `changes_since_return`."""
    items = []
    baseline: _Transition | None = None
    for transition in transitions:
        if transition.state in (State.RETURNED, State.DRAFT):
            baseline = transition  # returned by the head, or reopened by an admin
        elif transition.state == State.SUBMITTED and baseline is not None:
            changes = _diff(_as_of(records, baseline.at), _as_of(records, transition.at), row.indicator)
            if changes:
                items.append(ThreadItem(transition.at, "submit", transition.who, changes=changes))
                if status.state == State.SUBMITTED and transition is transitions[-1]:
                    row.changes_since_return = changes
            baseline = None
    if baseline is not None and status.editable and records:
        last = records[-1]
        changes = _diff(_as_of(records, baseline.at), _as_of(records, last.history_date), row.indicator)
        if changes:
            items.append(ThreadItem(last.history_date, "pending", last.history_user, changes=changes))
            row.changes_since_return = changes
    return items


def _transitions(status: MonthStatus) -> list[_Transition]:
    """Each change of the month's state, oldest first (from the status row's history)."""
    transitions: list[_Transition] = []
    previous = None
    for record in status.history.select_related("history_user").order_by("history_date", "history_id"):
        if record.state != previous and previous is not None:
            transitions.append(_Transition(record.history_date, record.state, record.history_user))
        previous = record.state
    return transitions


def _history(indicator_ids: list[int], month: int) -> dict[int, list[Any]]:
    records: dict[int, list[Any]] = defaultdict(list)
    for record in (
        Realisation.history.filter(indicator_id__in=indicator_ids, month=month)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        records[record.indicator_id].append(record)
    return records


def _as_of(records: list[Any], moment: dt.datetime) -> Any:
    """The realisation as it was at `moment` (None: not there)."""
    found = None
    for record in records:
        if record.history_date > moment:
            break
        found = None if record.history_type == "-" else record
    return found


def _diff(old: Any, new: Any, indicator: Any) -> list[Change]:
    changes = []
    for name, label in TRACKED.items():
        before, after = _shown(old, name, indicator), _shown(new, name, indicator)
        if before != after:
            changes.append(Change(str(label), before, after))
    return changes


def _shown(record: Any, name: str, indicator: Any) -> str:
    if record is None:
        return "-" if name != "state" else str(Realisation.State.NOT_ENTERED.label)
    value = getattr(record, name)
    if name == "state":
        return str(Realisation.State(value).label)
    if name == "rtl_status":
        return {"proses": str(_("Proses")), "selesai": str(_("Selesai"))}.get(value, "-")
    if name in ("value", "numerator", "denominator"):
        return "-" if value is None else (indicator.label_for(value) or format_number(value, 4).rstrip("0").rstrip(","))
    return value.strip() or "-"
