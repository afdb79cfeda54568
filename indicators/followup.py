"""Follow-up of recommendations (SAKIP_DOMAIN.md §16): each quarter a recommendation is shown with the status
given for that quarter, or the last one before it carried forward, until it is done."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from indicators.models import ActionPlan, Indicator, Recommendation, RecommendationStatus
from sakip.models import OrgUnit


def follow_up_matrix(unit: OrgUnit, year: int, quarter: int) -> dict[int, list[dict[str, Any]]]:
    """Indicator id -> the rows of its *Matriks Tindak Lanjut Rekomendasi* for `quarter` (plain data). A
    recommendation done in an earlier quarter is no longer shown; one without a status for the quarter
    carries its last status forward (`carried_from`). Three queries."""
    statuses = RecommendationStatus.objects.filter(quarter__lte=quarter).prefetch_related(
        Prefetch("action_plans", queryset=ActionPlan.objects.order_by("id"))
    )
    recommendations = (
        Recommendation.objects.filter(unit=unit, year=year, first_quarter__lte=quarter)
        .prefetch_related("indicators", Prefetch("statuses", queryset=statuses.order_by("quarter")))
        .order_by("first_quarter", "id")
    )
    matrix: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for recommendation in recommendations:
        row = matrix_row(recommendation, quarter)
        if row is None:
            continue
        for indicator in recommendation.indicators.all():
            matrix[indicator.id].append(row)
    return dict(matrix)


def matrix_row(recommendation: Recommendation, quarter: int) -> dict[str, Any] | None:
    """The recommendation as shown in `quarter`, or None when it was done before that quarter."""
    history = list(recommendation.statuses.all())  # up to `quarter`, oldest first
    if any(s.status == RecommendationStatus.Status.DONE and s.quarter < quarter for s in history):
        return None
    current = history[-1] if history else None
    return {
        "origin": recommendation.get_origin_display(),
        "text": recommendation.text,
        "status": current.status if current else RecommendationStatus.Status.NOT_YET.value,
        "status_label": str(current.get_status_display())
        if current
        else str(RecommendationStatus.Status.NOT_YET.label),
        "done_on": current.done_on.isoformat() if current and current.done_on else None,
        "evidence": current.evidence if current else "",
        "outcome": current.outcome if current else "",
        "plans": [{"text": p.text, "timeline": p.timeline} for p in current.action_plans.all()] if current else [],
        "carried_from": current.quarter if current and current.quarter < quarter else None,
    }


@dataclass
class FollowUp:
    """A recommendation in force in a quarter: its status for that quarter (`current`), or else the last one
    before it (`carried`), which the planner starts from."""

    recommendation: Recommendation
    current: RecommendationStatus | None
    carried: RecommendationStatus | None

    @property
    def shown(self) -> RecommendationStatus | None:
        return self.current or self.carried


def quarter_follow_ups(unit: OrgUnit, year: int, quarter: int) -> list[FollowUp]:
    """The unit's recommendations in force in `quarter` (not done before it), oldest first. Four queries."""
    statuses = RecommendationStatus.objects.filter(quarter__lte=quarter).prefetch_related(
        Prefetch("action_plans", queryset=ActionPlan.objects.order_by("id"))
    )
    recommendations = (
        Recommendation.objects.filter(unit=unit, year=year, first_quarter__lte=quarter)
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("number")),
            Prefetch("statuses", queryset=statuses.order_by("quarter")),
        )
        .order_by("first_quarter", "id")
    )
    follow_ups = []
    for recommendation in recommendations:
        history = list(recommendation.statuses.all())
        if any(s.status == RecommendationStatus.Status.DONE and s.quarter < quarter for s in history):
            continue
        current = next((s for s in history if s.quarter == quarter), None)
        earlier = [s for s in history if s.quarter < quarter]
        follow_ups.append(FollowUp(recommendation, current, earlier[-1] if earlier else None))
    return follow_ups
