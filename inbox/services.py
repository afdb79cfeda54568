"""Each user's tasks of the monthly round, for the home page.

- planner (their units): months due (started, deadline not passed, not handed in), overdue months, months
  returned by the head with the head's comments;
- head (the subtree): months awaiting review, oldest first, and the units with overdue months;
- admin: approved months to lock, Lapkin that failed (and were not redone since), imports rejected this week.

A fixed number of queries whatever the number of units, months or indicators.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from indicators.due import months_not_handed_in
from indicators.models import MonthStatus, PerformanceAgreement, ReviewComment
from indicators.status_grid import NOT_STARTED, STATE_LABELS
from reports.models import Report
from sakip.access import is_global, units_where, visible_units
from sakip.models import AuditEvent, OrgUnit, Role

RECENT_DAYS = 7  # rejected imports shown to admins
State = MonthStatus.State


@dataclass
class MonthTask:
    unit: OrgUnit
    year: int
    month: int
    deadline: dt.date
    status: MonthStatus | None
    comments: list[ReviewComment] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"B{self.month:02d} {self.year}"

    @property
    def url(self) -> str:
        return reverse("indicators:month-entry", args=[self.unit.code, self.year, self.month])

    @property
    def submitted_by(self) -> str:
        return _name(self.status.submitted_by if self.status else None)

    @property
    def reviewed_by(self) -> str:
        return _name(self.status.reviewed_by if self.status else None)

    @property
    def state(self) -> str:
        return self.status.state if self.status else NOT_STARTED

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def _name(user: User | None) -> str:
    if user is None:
        return "—"
    return getattr(user, "get_full_name", lambda: "")() or user.get_username()


@dataclass
class LateUnit:
    unit: OrgUnit
    months: list[MonthTask]


@dataclass
class Inbox:
    is_planner: bool = False
    is_head: bool = False
    is_admin: bool = False
    due: list[MonthTask] = field(default_factory=list)
    overdue: list[MonthTask] = field(default_factory=list)
    returned: list[MonthTask] = field(default_factory=list)
    to_review: list[MonthTask] = field(default_factory=list)
    late_units: list[LateUnit] = field(default_factory=list)
    to_lock: list[MonthTask] = field(default_factory=list)
    failed_reports: list[Report] = field(default_factory=list)
    failed_imports: list[AuditEvent] = field(default_factory=list)


def _task(status: MonthStatus, comments: list[ReviewComment] | None = None) -> MonthTask:
    return MonthTask(status.unit, status.year, status.month, status.deadline, status, comments or [])


def build_inbox(user: User | AnonymousUser, today: dt.date) -> Inbox:
    planner_units = units_where(user, Role.PLANNER)
    head_units = units_where(user, Role.HEAD)
    inbox = Inbox(is_planner=bool(planner_units), is_head=bool(head_units), is_admin=is_global(user, Role.ADMIN))
    if planner_units or head_units:
        _fill_round(inbox, planner_units, head_units, today)
    if inbox.is_admin:
        _fill_admin(inbox, today)
    return inbox


def _fill_round(inbox: Inbox, planner_units: set[int], head_units: set[int], today: dt.date) -> None:
    units = planner_units | head_units
    agreements = list(
        PerformanceAgreement.objects.filter(unit_id__in=units, in_force=True, year__lte=today.year).select_related(
            "unit"
        )
    )
    statuses = {
        (s.unit_id, s.year, s.month): s
        for s in MonthStatus.objects.filter(
            Q(unit_id__in=units),
            Q(year__in={a.year for a in agreements}) | Q(state__in=(State.SUBMITTED, State.RETURNED)),
        )
        .select_related("unit", "submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=ReviewComment.objects.filter(resolved=False)
                .select_related("indicator", "author")
                .order_by("indicator__number", "created_at"),
                to_attr="open_comments",
            )
        )
    }
    late: dict[int, list[MonthTask]] = defaultdict(list)
    agreements.sort(key=lambda a: (a.unit.code, a.year))
    for agreement, month, status, deadline in months_not_handed_in(agreements, statuses, today):
        task = MonthTask(agreement.unit, agreement.year, month, deadline, status)
        overdue = today > deadline
        if agreement.unit_id in planner_units and task.state != State.RETURNED:
            (inbox.overdue if overdue else inbox.due).append(task)
        if agreement.unit_id in head_units and overdue:
            late[agreement.unit_id].append(task)
    inbox.due.sort(key=lambda task: task.deadline)
    for status in statuses.values():
        if status.state == State.RETURNED and status.unit_id in planner_units:
            inbox.returned.append(_task(status, status.open_comments))
        elif status.state == State.SUBMITTED and status.unit_id in head_units:
            inbox.to_review.append(_task(status))
    inbox.returned.sort(key=lambda task: (task.status.reviewed_at or timezone.now(), task.unit.code))  # type: ignore[union-attr]
    inbox.to_review.sort(key=lambda task: (task.status.submitted_at or timezone.now(), task.unit.code))  # type: ignore[union-attr]
    inbox.late_units = [LateUnit(months[0].unit, months) for months in late.values()]
    inbox.late_units.sort(key=lambda row: row.unit.code)


def _fill_admin(inbox: Inbox, today: dt.date) -> None:
    approved = MonthStatus.objects.filter(state=State.APPROVED).select_related("unit", "reviewed_by")
    inbox.to_lock = [_task(status) for status in approved.order_by("year", "month", "unit__code")]
    redone = Report.objects.filter(
        unit=OuterRef("unit"),
        year=OuterRef("year"),
        quarter=OuterRef("quarter"),
        requested_at__gt=OuterRef("requested_at"),
    )
    failed: QuerySet[Report] = (
        Report.objects.filter(status=Report.Status.FAILED)
        .exclude(Exists(redone))
        .select_related("unit", "requested_by")
    )
    inbox.failed_reports = list(failed.order_by("-finished_at", "-id")[:20])
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=RECENT_DAYS), dt.time()))
    rejected = AuditEvent.objects.filter(action="import.rejected", at__gte=since).select_related("user")
    inbox.failed_imports = list(rejected[:20])


def units_with_years(user: User | AnonymousUser) -> Sequence[OrgUnit]:
    """The units the user may see, each with `agreement_years` (years with a PK in force, newest first)."""
    agreements = PerformanceAgreement.objects.filter(in_force=True).order_by("-year")
    units = list(
        visible_units(user)
        .order_by("code")
        .prefetch_related(Prefetch("agreements", queryset=agreements, to_attr="agreements_in_force"))
    )
    for unit in units:
        unit.agreement_years = [a.year for a in unit.agreements_in_force]  # type: ignore[attr-defined]
    return units
