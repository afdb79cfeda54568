"""Month workflow: draft -> submitted -> approved or returned -> locked; admin reopen with a reason.

Each transition checks the role, the current state and the row's revision (optimistic concurrency),
and writes an AuditEvent. Views call these; nothing else changes MonthStatus.state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Indicator, MonthStatus, ReviewComment
from indicators.month import Missing, load_month, missing_for_submit
from indicators.versions import store_quarters
from sakip.access import has_role
from sakip.audit import record_event
from sakip.models import OrgUnit, Role
from sakip.queue import queue_after_commit

State = MonthStatus.State


ACTION_LABELS = {
    "submit": gettext_lazy("mengajukan"),
    "approve": gettext_lazy("menyetujui"),
    "return": gettext_lazy("mengembalikan"),
    "lock": gettext_lazy("mengunci"),
    "reopen": gettext_lazy("membuka kembali"),
}


SELF_APPROVAL = gettext_lazy(
    "Anda yang mengajukan bulan ini, sehingga tidak dapat menyetujuinya sendiri. Persetujuan diberikan oleh "
    "kepala unit lain atau kepala unit induk."
)


class TransitionError(Exception):
    """A transition that the month's current state does not allow (shown to the user as a message)."""


class Incomplete(TransitionError):
    """The month lacks what a submission needs (listed per indicator); nothing changed."""

    def __init__(self, missing: list[Missing]) -> None:
        super().__init__(
            _("Belum dapat diajukan: %(n)s indikator belum lengkap.")
            % {"n": len({m.row.indicator.id for m in missing})}
        )
        self.missing = missing


def _require_complete(status: MonthStatus) -> None:
    missing = missing_for_submit(load_month(status.unit, status.year, status.month))
    if missing:
        raise Incomplete(missing)


def deadline_for(year: int, month: int) -> dt.date:
    """Realisations of a month are due on a configured day of the following month."""
    day = settings.SAKIP_MONTH_DEADLINE_DAY
    return dt.date(year + 1, 1, day) if month == 12 else dt.date(year, month + 1, day)


def period_label(year: int, month: int) -> str:
    return f"{year}-B{month:02d}"


def is_late(status: MonthStatus | None, year: int, month: int, today: dt.date | None = None) -> bool:
    deadline = status.deadline if status else deadline_for(year, month)
    if status and status.submitted_at:
        return timezone.localdate(status.submitted_at) > deadline
    return (today or timezone.localdate()) > deadline


def get_or_start(unit: OrgUnit, year: int, month: int) -> MonthStatus:
    status, _created = MonthStatus.objects.get_or_create(
        unit=unit, year=year, month=month, defaults={"deadline": deadline_for(year, month)}
    )
    return status


def is_editable(unit: OrgUnit | int, year: int, month: int) -> bool:
    """Whether the month's realisations and targets may change: not started, draft or returned."""
    state = MonthStatus.objects.filter(unit=unit, year=year, month=month).values_list("state", flat=True).first()
    return state in (None, State.DRAFT, State.RETURNED)


def has_reported_months(unit: OrgUnit | int, year: int) -> bool:
    """Whether a month of the year is submitted, approved or locked (its targets are then part of a report)."""
    reported = (State.SUBMITTED, State.APPROVED, State.LOCKED)
    return MonthStatus.objects.filter(unit=unit, year=year, state__in=reported).exists()


def editable_status(unit: OrgUnit, year: int, month: int, start: bool = True) -> MonthStatus | None:
    """The month's status row locked until the end of the transaction (started as a draft when `start`);
    TransitionError unless the month is editable: a locked month opens again only through the admin's reopen."""
    if start:
        get_or_start(unit, year, month)
    status = MonthStatus.objects.select_for_update().filter(unit=unit, year=year, month=month).first()
    if status is not None and not status.editable:
        raise TransitionError(
            _("Bulan ini berstatus %(state)s dan tidak dapat diubah.") % {"state": status.get_state_display()}
        )
    return status


def _locked_row(unit: OrgUnit, year: int, month: int, revision: int | None) -> MonthStatus:
    status = MonthStatus.objects.select_for_update().filter(unit=unit, year=year, month=month).first()
    if status is None:
        status = get_or_start(unit, year, month)
    if revision is not None and status.revision != revision:
        raise TransitionError(_("Status bulan ini baru saja diubah oleh orang lain. Muat ulang halaman."))
    return status


def _move(
    status: MonthStatus,
    user: User,
    allowed_from: set[str],
    to: str,
    action: str,
    **detail: object,
) -> MonthStatus:
    if status.state not in allowed_from:
        raise TransitionError(
            _("Tidak dapat %(action)s: status bulan ini %(state)s.")
            % {"action": ACTION_LABELS[action], "state": status.get_state_display()}
        )
    previous = status.state
    status.state = to
    status.revision += 1
    now = timezone.now()
    fields = ["state", "revision"]
    if to == State.SUBMITTED:
        status.submitted_at, status.submitted_by = now, user
        fields += ["submitted_at", "submitted_by"]
    if to in (State.APPROVED, State.RETURNED):
        status.reviewed_at, status.reviewed_by = now, user
        fields += ["reviewed_at", "reviewed_by"]
    status.save(update_fields=fields)
    record_event(
        user,
        f"month.{action}",
        unit=status.unit,
        obj=status,
        period=period_label(status.year, status.month),
        before=previous,
        after=to,
        late=is_late(status, status.year, status.month) if to == State.SUBMITTED else None,
        **detail,
    )
    queue_after_commit("notifications.notify_month", status.pk, action, user.pk)
    return status


def submitted_by(status: MonthStatus | None, user: User) -> bool:
    """Whether `user` submitted the month now waiting for review: they may not approve it themselves."""
    return status is not None and status.state == State.SUBMITTED and status.submitted_by_id == user.pk


def _require(user: User, unit: OrgUnit, role: Role) -> None:
    if not has_role(user, unit, role):
        raise PermissionDenied


@transaction.atomic
def submit_month(user: User, unit: OrgUnit, year: int, month: int, revision: int | None = None) -> MonthStatus:
    _require(user, unit, Role.PLANNER)
    status = _locked_row(unit, year, month, revision)
    if status.editable:
        _require_complete(status)
    status = _move(status, user, {State.DRAFT, State.RETURNED}, State.SUBMITTED, "submit")
    status.comments.filter(resolved=False).update(resolved=True)
    return status


def _written(comments: Mapping[Indicator, str]) -> dict[Indicator, str]:
    return {indicator: text.strip() for indicator, text in comments.items() if text.strip()}


def _review(status: MonthStatus, user: User, to: str, comments: dict[Indicator, str]) -> MonthStatus:
    """Approve or return a submitted month; the comments join the month's review thread."""
    kind = ReviewComment.Kind.APPROVE if to == State.APPROVED else ReviewComment.Kind.RETURN
    numbered = {str(indicator.number): text for indicator, text in comments.items()}
    status = _move(status, user, {State.SUBMITTED}, to, kind.value, comments=numbered)
    ReviewComment.objects.bulk_create(
        ReviewComment(month_status=status, indicator=indicator, text=text, author=user, kind=kind)
        for indicator, text in comments.items()
    )
    return status


@transaction.atomic
def approve_month(
    user: User,
    unit: OrgUnit,
    year: int,
    month: int,
    revision: int | None = None,
    comments: Mapping[Indicator, str] | None = None,
) -> MonthStatus:
    """Approve, with optional comments per indicator (kept in the month's review thread)."""
    _require(user, unit, Role.HEAD)
    written = _written(comments or {})
    status = _locked_row(unit, year, month, revision)
    if submitted_by(status, user):  # segregation of duties: a second pair of eyes approves
        raise TransitionError(SELF_APPROVAL)
    if status.state == State.SUBMITTED:
        _require_complete(status)  # a month submitted before submissions were checked
    return _review(status, user, State.APPROVED, written)


@transaction.atomic
def return_month(
    user: User,
    unit: OrgUnit,
    year: int,
    month: int,
    comments: Mapping[Indicator, str],
    revision: int | None = None,
) -> MonthStatus:
    _require(user, unit, Role.HEAD)
    written = _written(comments)
    if not written:
        raise TransitionError(_("Tuliskan komentar pada minimal satu indikator yang dikembalikan."))
    status = _locked_row(unit, year, month, revision)
    return _review(status, user, State.RETURNED, written)


@transaction.atomic
def lock_month(user: User, unit: OrgUnit, year: int, month: int, revision: int | None = None) -> MonthStatus:
    _require(user, unit, Role.ADMIN)
    status = _locked_row(unit, year, month, revision)
    moved = _move(status, user, {State.APPROVED}, State.LOCKED, "lock")
    if month % 3 == 0:  # a quarter is reported: keep the PK version it is scored with
        store_quarters(unit, year, [month // 3])
    return moved


@transaction.atomic
def reopen_month(
    user: User, unit: OrgUnit, year: int, month: int, reason: str, revision: int | None = None
) -> MonthStatus:
    _require(user, unit, Role.ADMIN)
    if not reason.strip():
        raise TransitionError(_("Alasan membuka kembali wajib diisi."))
    status = _locked_row(unit, year, month, revision)
    return _move(status, user, {State.LOCKED, State.APPROVED}, State.DRAFT, "reopen", reason=reason.strip())
