"""Month workflow: draft -> submitted -> approved or returned -> locked; admin reopen with a reason.

Each transition checks the role, the current state and the row's revision (optimistic concurrency),
and writes an AuditEvent. Views call these; nothing else changes MonthStatus.state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Indicator, MonthStatus, ReviewComment
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


class TransitionError(Exception):
    """A transition that the month's current state does not allow (shown to the user as a message)."""


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


def _locked_row(unit: OrgUnit, year: int, month: int, revision: int | None) -> MonthStatus:
    status = MonthStatus.objects.select_for_update().filter(unit=unit, year=year, month=month).first()
    if status is None:
        status = get_or_start(unit, year, month)
    if revision is not None and status.revision != revision:
        raise TransitionError(_("Status bulan ini baru saja diubah oleh orang lain. Muat ulang halaman."))
    return status


def _move(
    status: MonthStatus,
    user: AbstractBaseUser,
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


def _require(user: AbstractBaseUser, unit: OrgUnit, role: Role) -> None:
    if not has_role(user, unit, role):
        raise PermissionDenied


@transaction.atomic
def submit_month(
    user: AbstractBaseUser, unit: OrgUnit, year: int, month: int, revision: int | None = None
) -> MonthStatus:
    _require(user, unit, Role.PLANNER)
    status = _locked_row(unit, year, month, revision)
    status = _move(status, user, {State.DRAFT, State.RETURNED}, State.SUBMITTED, "submit")
    status.comments.filter(resolved=False).update(resolved=True)
    return status


@transaction.atomic
def approve_month(
    user: AbstractBaseUser, unit: OrgUnit, year: int, month: int, revision: int | None = None
) -> MonthStatus:
    _require(user, unit, Role.HEAD)
    status = _locked_row(unit, year, month, revision)
    return _move(status, user, {State.SUBMITTED}, State.APPROVED, "approve")


@transaction.atomic
def return_month(
    user: AbstractBaseUser,
    unit: OrgUnit,
    year: int,
    month: int,
    comments: Mapping[Indicator, str],
    revision: int | None = None,
) -> MonthStatus:
    _require(user, unit, Role.HEAD)
    if not any(text.strip() for text in comments.values()):
        raise TransitionError(_("Tuliskan komentar pada minimal satu indikator yang dikembalikan."))
    status = _locked_row(unit, year, month, revision)
    status = _move(
        status,
        user,
        {State.SUBMITTED},
        State.RETURNED,
        "return",
        comments={str(indicator.number): text for indicator, text in comments.items() if text.strip()},
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(month_status=status, indicator=indicator, text=text.strip(), author=user)
        for indicator, text in comments.items()
        if text.strip()
    )
    return status


@transaction.atomic
def lock_month(
    user: AbstractBaseUser, unit: OrgUnit, year: int, month: int, revision: int | None = None
) -> MonthStatus:
    _require(user, unit, Role.ADMIN)
    status = _locked_row(unit, year, month, revision)
    return _move(status, user, {State.APPROVED}, State.LOCKED, "lock")


@transaction.atomic
def reopen_month(
    user: AbstractBaseUser, unit: OrgUnit, year: int, month: int, reason: str, revision: int | None = None
) -> MonthStatus:
    _require(user, unit, Role.ADMIN)
    if not reason.strip():
        raise TransitionError(_("Alasan membuka kembali wajib diisi."))
    status = _locked_row(unit, year, month, revision)
    return _move(status, user, {State.LOCKED, State.APPROVED}, State.DRAFT, "reopen", reason=reason.strip())
