"""The PK revisions a Lapkin prints: Semula and Menjadi side by side with the reason and the letters
(SAKIP_DOMAIN.md §13), as plain snapshot data."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from indicators.models import AgreementTarget, PerformanceAgreement, RevisionItem
from reports.scorecard import Scorecard
from sakip.formatting import format_plain


def revisions_of(card: Scorecard) -> list[dict[str, Any]]:
    """Each revision in effect by the scorecard's quarter (up to the version that scores it), beside the
    version it replaced. Three queries."""
    current = card.agreement
    if current is None:
        return []
    last_month = card.months[-1]
    versions = [
        v
        for v in PerformanceAgreement.objects.filter(unit=card.unit, year=card.year, version__lte=current.version)
        .select_related("unit")
        .order_by("version")
        if v.version == 1 or v.effective_month <= last_month
    ]
    if len(versions) < 2:
        return []
    targets: dict[int, dict[int, AgreementTarget]] = defaultdict(dict)
    for target in AgreementTarget.objects.filter(agreement__in=versions).select_related("indicator__goal"):
        targets[target.agreement_id][target.indicator_id] = target
    decisions = {
        (item.agreement_id, item.indicator_id): item for item in RevisionItem.objects.filter(agreement__in=versions[1:])
    }
    revisions = []
    for before, after in zip(versions, versions[1:], strict=False):
        rows = []
        indicators = {**targets[before.id], **targets[after.id]}
        for indicator_id, target in sorted(
            indicators.items(), key=lambda pair: (pair[1].indicator.goal.number, pair[1].indicator.number)
        ):
            indicator = target.indicator
            old = targets[before.id].get(indicator_id)
            new = targets[after.id].get(indicator_id)
            item = decisions.get((after.id, indicator_id))
            rows.append(
                {
                    "goal": indicator.goal.number,
                    "number": indicator.number,
                    "name": indicator.name,
                    "semula": _target(old),
                    "menjadi": _target(new),
                    "changed": _value(old) != _value(new),
                    "decision": item.get_decision_display() if item else "",
                    "note": item.note if item else "",
                }
            )
        revisions.append(
            {
                "semula": str(before),
                "menjadi": str(after),
                "version": after.version,
                "effective_month": after.effective_month,
                "signed_on": after.signed_on.isoformat() if after.signed_on else None,
                "request_letter": after.request_letter,
                "letter_number": after.letter_number,
                "reason": after.reason,
                "override_reason": after.override_reason,
                "rows": rows,
            }
        )
    return revisions


def _value(target: AgreementTarget | None) -> Decimal | None:
    return target.annual_target if target is not None else None


def _target(target: AgreementTarget | None) -> dict[str, Any] | None:
    """The annual target as a plain string, with its qualitative word if any; None: not in that version."""
    if target is None:
        return None
    value = target.annual_target
    return {"value": format_plain(value), "label": target.indicator.label_for(value)}
