"""Which PK version scores which quarter (SAKIP_DOMAIN.md §13).

A revision takes effect from a month: quarter q uses the newest version (up to the one in force) whose
effective month is at most the quarter's last month, 3q. Once a quarter is reported (its last month locked,
or a revision arrives after it was reported) the version it used is stored in `QuarterTargets`, and that
stored version wins from then on: nothing recomputes a reported quarter against later targets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from indicators.models import PerformanceAgreement, QuarterTargets
from sakip import scoring
from sakip.models import OrgUnit

QUARTERS = (1, 2, 3, 4)


def quarter_of(month: int) -> int:
    return (month + 2) // 3


def resolve(versions: list[PerformanceAgreement], quarter: int) -> PerformanceAgreement | None:
    """The version for `quarter` among one unit-year's versions, ignoring stored choices."""
    in_force = next((v for v in versions if v.in_force), None)
    if in_force is None:
        return None
    candidates = sorted((v for v in versions if v.version <= in_force.version), key=lambda v: v.version)
    chosen = [v for v in candidates if v.effective_month <= 3 * quarter]
    return chosen[-1] if chosen else candidates[0]


def quarter_versions(unit_ids: Iterable[int], year: int) -> dict[tuple[int, int], PerformanceAgreement]:
    """(unit id, quarter) -> the PK version that scores it, for every quarter of units with a PK in force.
    Two queries whatever the number of units."""
    ids = list(unit_ids)
    by_unit: dict[int, list[PerformanceAgreement]] = defaultdict(list)
    for agreement in PerformanceAgreement.objects.filter(unit_id__in=ids, year=year).order_by("version"):
        by_unit[agreement.unit_id].append(agreement)
    by_id = {a.id: a for versions in by_unit.values() for a in versions}
    stored = {
        (row.unit_id, row.quarter): by_id.get(row.agreement_id)
        for row in QuarterTargets.objects.filter(unit_id__in=ids, year=year)
    }
    result: dict[tuple[int, int], PerformanceAgreement] = {}
    for unit_id, versions in by_unit.items():
        for quarter in QUARTERS:
            chosen = stored.get((unit_id, quarter)) or resolve(versions, quarter)
            if chosen is not None:
                result[(unit_id, quarter)] = chosen
    return result


def store_quarters(unit: OrgUnit, year: int, quarters: Iterable[int]) -> list[QuarterTargets]:
    """Keep the version each of `quarters` is scored with now (quarters already stored keep theirs)."""
    wanted = set(quarters)
    if not wanted:
        return []
    done = set(
        QuarterTargets.objects.filter(unit=unit, year=year, quarter__in=wanted).values_list("quarter", flat=True)
    )
    versions = quarter_versions([unit.id], year)
    created = []
    for quarter in sorted(wanted - done):
        agreement = versions.get((unit.id, quarter))
        if agreement is not None:
            created.append(QuarterTargets.objects.create(unit=unit, year=year, quarter=quarter, agreement=agreement))
    return created


def move_quarters(unit: OrgUnit, year: int, agreement: PerformanceAgreement) -> int:
    """After an admin override changed reported months: the quarters from the revision's effective month on
    take the new version. Returns how many stored quarters moved."""
    moved = 0
    for row in QuarterTargets.objects.filter(unit=unit, year=year, quarter__gte=quarter_of(agreement.effective_month)):
        row.agreement = agreement
        row.save(update_fields=["agreement"])
        moved += 1
    return moved


def weakens(old: Decimal | None, new: Decimal | None, polarity: str) -> bool:
    """Whether an annual target change makes the target easier: lower (higher for lower-is-better)."""
    if old is None or new is None:
        return False
    return new > old if polarity == scoring.Polarity.LOWER_IS_BETTER else new < old


def breaks_pattern(months: dict[int, Decimal], behaviour: str) -> list[int]:
    """Months whose target breaks the indicator's pattern: flat targets all equal, cumulative targets never
    going down. Returns the offending months (empty: fine)."""
    ordered = sorted(months.items())
    bad = []
    for (_before, previous), (month, value) in zip(ordered, ordered[1:], strict=False):
        if behaviour == "flat" and value != previous or behaviour == "cumulative" and value < previous:
            bad.append(month)
    return bad
