"""The quarter's follow-up of a recommendation (SAKIP_DOMAIN.md §16) as the planner gives it and the head of the
unit reviews it: draft -> submitted -> approved or returned. Each write checks the role, the quarter (not locked),
the row's state and revision (optimistic concurrency), and writes an AuditEvent; the page, the import and the
admin go through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import ActionPlan, MonthStatus, Recommendation, RecommendationStatus
from sakip.access import has_role
from sakip.audit import record_event
from sakip.models import OrgUnit, Role

State = RecommendationStatus.State
EDITABLE = (State.DRAFT, State.RETURNED)


class FollowUpError(Exception):
    """A follow-up that may not be written as asked (shown to the user as a message); nothing changed."""


class StaleFollowUp(FollowUpError):
    """Someone else changed this follow-up since the page was shown."""


@dataclass
class FollowUpInput:
    """What the planner gives for one recommendation in one quarter."""

    status: str
    done_on: dt.date | None = None
    evidence: str = ""
    outcome: str = ""
    plans: Sequence[tuple[str, str]] = field(default_factory=list)  # (action plan, timeline)


def quarter_period(year: int, quarter: int) -> str:
    return f"{year}-TW{quarter}"


def quarter_locked(unit: OrgUnit | int, year: int, quarter: int) -> bool:
    """A quarter is closed when all three of its months are locked."""
    months = range(3 * quarter - 2, 3 * quarter + 1)
    locked = MonthStatus.objects.filter(unit=unit, year=year, month__in=months, state=MonthStatus.State.LOCKED)
    return locked.count() == 3


def input_problems(data: FollowUpInput) -> dict[str, str]:
    """Field -> why the follow-up cannot be kept (empty when it can)."""
    problems: dict[str, str] = {}
    if data.status not in RecommendationStatus.Status.values:
        problems["status"] = _("Status harus Selesai atau Belum.")
    elif data.status == RecommendationStatus.Status.DONE:
        if data.done_on is None and not data.evidence.strip():
            problems["done_on"] = _("Rekomendasi yang selesai memerlukan tanggal selesai atau bukti.")
    elif not any(text.strip() for text, _timeline in data.plans):
        problems["plans"] = _("Rekomendasi yang belum selesai memerlukan minimal satu rencana aksi.")
    return problems


def _require(user: User, unit: OrgUnit, role: Role) -> None:
    if not has_role(user, unit, role):
        raise PermissionDenied


def _check_quarter(recommendation: Recommendation, quarter: int) -> None:
    if not recommendation.first_quarter <= quarter <= 4:
        raise FollowUpError(_("Rekomendasi ini belum ditindaklanjuti pada triwulan tersebut."))
    if quarter_locked(recommendation.unit_id, recommendation.year, quarter):
        raise FollowUpError(_("Triwulan ini sudah dikunci dan tidak dapat diubah."))


def _locked_row(recommendation: Recommendation, quarter: int, revision: int | None) -> RecommendationStatus | None:
    row = (
        RecommendationStatus.objects.select_for_update().filter(recommendation=recommendation, quarter=quarter).first()
    )
    if revision is not None and (row.revision if row else 0) != revision:
        raise StaleFollowUp(_("Tindak lanjut ini baru saja diubah oleh orang lain. Muat ulang halaman."))
    return row


@transaction.atomic
def save_follow_up(
    user: User,
    recommendation: Recommendation,
    quarter: int,
    data: FollowUpInput,
    revision: int | None,
    submit: bool = False,
    source: str = "form",
) -> RecommendationStatus:
    """Keep the planner's follow-up for the quarter as a draft (or submit it); its action plans are replaced."""
    _require(user, recommendation.unit, Role.PLANNER)
    _check_quarter(recommendation, quarter)
    problems = input_problems(data)
    if problems:
        raise FollowUpError(" ".join(problems.values()))
    row = _locked_row(recommendation, quarter, revision)
    if row is not None and row.state not in EDITABLE:
        raise FollowUpError(
            _("Tindak lanjut ini berstatus %(state)s dan tidak dapat diubah.") % {"state": row.get_state_display()}
        )
    state = State.SUBMITTED if submit else State.DRAFT
    return write_status(
        user, recommendation, quarter, row, data, state, "followup.submit" if submit else "followup.save", source
    )


def write_status(
    user: User | None,
    recommendation: Recommendation,
    quarter: int,
    row: RecommendationStatus | None,
    data: FollowUpInput,
    state: str,
    action: str,
    source: str,
) -> RecommendationStatus:
    """Store a checked follow-up on the locked `row` (or a new one) in `state`, replace its action plans and
    record the event. Callers check the role, the quarter and the revision first."""
    before = row.state if row else None
    row = row or RecommendationStatus(recommendation=recommendation, quarter=quarter)
    done = data.status == RecommendationStatus.Status.DONE
    row.status = data.status
    row.done_on = data.done_on if done else None
    row.evidence = data.evidence.strip()
    row.outcome = data.outcome.strip()
    row.state = state
    if state == State.SUBMITTED:
        row.submitted_by = user
    row.revision += 1
    row._history_user = user  # type: ignore[attr-defined]
    row.save()
    plans = [] if done else [(text.strip(), timeline.strip()) for text, timeline in data.plans if text.strip()]
    for plan in row.action_plans.all():
        plan._history_user = user  # type: ignore[attr-defined]
        plan.delete()
    for text, timeline in plans:
        plan = ActionPlan(status=row, text=text, timeline=timeline)
        plan._history_user = user  # type: ignore[attr-defined]
        plan.save()
    record_event(
        user,
        action,
        unit=recommendation.unit,
        obj=row,
        period=quarter_period(recommendation.year, quarter),
        recommendation=recommendation.pk,
        before=before,
        after=row.state,
        status=row.status,
        plans=[{"text": text, "timeline": timeline} for text, timeline in plans],
        source=source,
    )
    return row


@transaction.atomic
def review_follow_up(
    user: User,
    recommendation: Recommendation,
    quarter: int,
    approve: bool,
    comment: str = "",
    revision: int | None = None,
) -> RecommendationStatus:
    """The head of the unit (or of a parent unit) approves a submitted follow-up, or returns it with a comment."""
    _require(user, recommendation.unit, Role.HEAD)
    _check_quarter(recommendation, quarter)
    comment = comment.strip()
    if not approve and not comment:
        raise FollowUpError(_("Tuliskan komentar untuk tindak lanjut yang dikembalikan."))
    row = _locked_row(recommendation, quarter, revision)
    if row is None or row.state != State.SUBMITTED:
        raise FollowUpError(_("Hanya tindak lanjut yang sudah diajukan yang dapat direviu."))
    before = row.state
    row.state = State.APPROVED if approve else State.RETURNED
    row.review_comment = comment
    row.reviewed_by = user
    row.revision += 1
    row._history_user = user  # type: ignore[attr-defined]
    row.save()
    record_event(
        user,
        "followup.approve" if approve else "followup.return",
        unit=recommendation.unit,
        obj=row,
        period=quarter_period(recommendation.year, quarter),
        recommendation=recommendation.pk,
        before=before,
        after=row.state,
        comment=comment,
    )
    return row
