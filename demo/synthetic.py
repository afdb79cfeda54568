"""A synthetic BPOM for load tests and benchmarks: a realistic tree of units with a whole year of work.

Every unit's code starts with `SYN-` and its name with "[SINTETIS]", so nobody mistakes it for real data, and
`--replace` can remove exactly what was generated. The tree has BPOM's proportions (one Badan, ~4% Eselon I,
~19% Eselon II, the rest UPT split into Balai Besar / Balai / Loka across the provinces); every unit has a
scoring policy, goals in four perspectives, `indicators` IKU (mostly monthly cumulative percentages, some
quarterly, year-end, counts and lower-is-better ones), a PK in force with RAPK B01..B12, a year of realisations
with narratives, the month workflow in every state (locked, approved, submitted, returned, draft, not started),
budget lines for the unit, each spending type and each indicator with cumulative monthly realisations, and a
planner and a head with a known password (for the load test).

Rows are written with bulk_create in a few queries per model (no history rows: nothing here was ever changed
by a person), deterministically from `seed`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from budget.models import BudgetLine, BudgetRealisation, SpendingType
from indicators.models import (
    AgreementTarget,
    Goal,
    Indicator,
    MonthlyTarget,
    MonthStatus,
    PerformanceAgreement,
    Perspective,
    Realisation,
)
from indicators.workflow import deadline_for
from sakip import scoring
from sakip.models import Membership, OrgUnit, Role, ScoringPolicy, UnitGroup, seed_default_policy

PREFIX = "SYN-"
LABEL = "[SINTETIS]"
BATCH = 2000
PERSPECTIVES = (
    ("stakeholder", "Stakeholder Perspective"),
    ("customer", "Customer Perspective"),
    ("internal", "Internal Process Perspective"),
    ("learning", "Learning and Growth Perspective"),
)
PROVINCES = (
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi", "Sumatera Selatan",
    "Kepulauan Bangka Belitung", "Bengkulu", "Lampung", "DKI Jakarta", "Banten", "Jawa Barat", "Jawa Tengah",
    "DI Yogyakarta", "Jawa Timur", "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Barat",
    "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Sulawesi Utara", "Gorontalo",
    "Sulawesi Tengah", "Sulawesi Barat", "Sulawesi Selatan", "Sulawesi Tenggara", "Maluku", "Maluku Utara",
    "Papua", "Papua Barat",
)  # fmt: skip
# How far each month of the year has got in the workflow (month -> state), before per-unit variation.
WORKFLOW = {m: MonthStatus.State.LOCKED for m in range(1, 9)} | {
    9: MonthStatus.State.APPROVED,
    10: MonthStatus.State.APPROVED,
    11: MonthStatus.State.SUBMITTED,
    12: MonthStatus.State.DRAFT,
}


class SyntheticDataExists(Exception):
    """Synthetic units are already there; pass replace=True to remove them first."""


@dataclass(frozen=True)
class Shape:
    """How many units of each kind a tree of `total` units has (BPOM's proportions)."""

    total: int

    @property
    def eselon1(self) -> int:
        return max(1, round(self.total * 0.04))

    @property
    def eselon2(self) -> int:
        return max(1, round(self.total * 0.19))

    @property
    def upt(self) -> int:
        return max(0, self.total - 1 - self.eselon1 - self.eselon2)


def synthetic_units() -> models.QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(code__startswith=PREFIX)


@transaction.atomic
def generate(
    units: int = 100,
    indicators: int = 30,
    year: int = 2025,
    seed: int = 2025,
    password: str = "",
    replace: bool = False,
) -> Counter[str]:
    if synthetic_units().exists():
        if not replace:
            raise SyntheticDataExists
        remove_synthetic()
    builder = _Builder(random.Random(seed), year, indicators, make_password(password) if password else "")
    builder.tree(Shape(units))
    builder.plans()
    builder.work()
    builder.budgets()
    builder.people()
    return builder.counts


def remove_synthetic() -> Counter[str]:
    """Delete every synthetic unit and all that hangs on it (in dependency order: most relations PROTECT)."""
    unit_ids = list(synthetic_units().values_list("id", flat=True))
    counts: Counter[str] = Counter()
    deletions: list[tuple[str, models.QuerySet[Any]]] = [
        ("budget_realisations", BudgetRealisation.objects.filter(line__unit__in=unit_ids)),
        ("budget_lines", BudgetLine.objects.filter(unit__in=unit_ids)),
        ("realisations", Realisation.objects.filter(indicator__goal__unit__in=unit_ids)),
        ("month_statuses", MonthStatus.objects.filter(unit__in=unit_ids)),
        ("agreements", PerformanceAgreement.objects.filter(unit__in=unit_ids)),
        ("indicators", Indicator.objects.filter(goal__unit__in=unit_ids)),
        ("goals", Goal.objects.filter(unit__in=unit_ids)),
        ("policies", ScoringPolicy.objects.filter(unit__in=unit_ids)),
        ("users", get_user_model().objects.filter(username__startswith="syn-")),
    ]
    for label, queryset in deletions:
        counts[label] = queryset.delete()[0]
    while synthetic_units().exists():  # children before parents
        counts["units"] += synthetic_units().filter(children=None).delete()[0]
    return counts


def _bulk(model: type[models.Model], rows: list[Any], counts: Counter[str], label: str) -> list[Any]:
    created = model._default_manager.bulk_create(rows, batch_size=BATCH)
    counts[label] += len(created)
    return created


class _Builder:
    def __init__(self, rng: random.Random, year: int, indicators: int, password_hash: str) -> None:
        self.rng = rng
        self.year = year
        self.per_unit = indicators
        self.password_hash = password_hash
        self.counts: Counter[str] = Counter()
        self.units: list[OrgUnit] = []
        self.indicators: dict[int, list[Indicator]] = {}  # unit id -> its indicators
        self.targets: dict[int, list[Decimal]] = {}  # indicator id -> targets B01..B12

    def tree(self, shape: Shape) -> None:
        def unit(code: str, name: str, kind: str, parent: OrgUnit | None, group: str, province: str) -> OrgUnit:
            made = OrgUnit(
                code=f"{PREFIX}{code}",
                name=f"{LABEL} {name}",
                kind=kind,
                parent=parent,
                group=group,
                province=province,
                city=province,
            )
            made.save()
            self.units.append(made)
            return made

        root = unit("BPOM", "Badan Pengawas Obat dan Makanan", OrgUnit.Kind.BADAN, None, "", "DKI Jakarta")
        eselon1 = [
            unit(f"E1-{n:02d}", f"Deputi {n}", OrgUnit.Kind.ESELON_1, root, UnitGroup.CENTRAL, "DKI Jakarta")
            for n in range(1, shape.eselon1 + 1)
        ]
        for n in range(1, shape.eselon2 + 1):
            parent = eselon1[(n - 1) % len(eselon1)]
            unit(f"E2-{n:02d}", f"Direktorat {n}", OrgUnit.Kind.ESELON_2, parent, UnitGroup.CENTRAL, "DKI Jakarta")
        groups = (UnitGroup.BALAI_BESAR, UnitGroup.BALAI, UnitGroup.BALAI, UnitGroup.LOKA, UnitGroup.LOKA)
        names = {UnitGroup.BALAI_BESAR: "Balai Besar POM", UnitGroup.BALAI: "Balai POM", UnitGroup.LOKA: "Loka POM"}
        for n in range(1, shape.upt + 1):
            group = groups[(n - 1) % len(groups)]
            province = PROVINCES[(n - 1) % len(PROVINCES)]
            unit(f"UPT-{n:03d}", f"{names[group]} {n} di {province}", OrgUnit.Kind.UPT, root, group, province)
        self.counts["units"] = len(self.units)

    def plans(self) -> None:
        """Policies, goals, indicators, PK in force with annual and monthly targets."""
        perspectives = [
            Perspective.objects.get_or_create(code=code, defaults={"name": name, "order": order})[0]
            for order, (code, name) in enumerate(PERSPECTIVES, start=1)
        ]
        policies = []
        for unit in self.units:
            rollup = scoring.RollUp.MEAN_OF_PERSPECTIVES if unit.kind in ("badan", "eselon1") else "mean_of_goals"
            level = (
                ScoringPolicy.EfficiencyLevel.INDICATOR if unit.kind == "upt" else ScoringPolicy.EfficiencyLevel.GOAL
            )
            policies.append(ScoringPolicy(unit=unit, year=self.year, rollup=rollup, efficiency_level=level))
        for policy in _bulk(ScoringPolicy, policies, self.counts, "policies"):
            seed_default_policy(policy)
        goals_per_unit = max(1, (self.per_unit + 2) // 3)
        goal_level = {"badan": Goal.Level.STRATEGIC, "eselon1": Goal.Level.PROGRAM}
        goals = [
            Goal(
                unit=unit,
                year=self.year,
                level=goal_level.get(unit.kind, Goal.Level.ACTIVITY),
                perspective=perspectives[(number - 1) % len(perspectives)],
                number=number,
                name=f"{LABEL} Sasaran {number} {unit.code}",
            )
            for unit in self.units
            for number in range(1, goals_per_unit + 1)
        ]
        goals = _bulk(Goal, goals, self.counts, "goals")
        by_unit: dict[int, list[Goal]] = {}
        for goal in goals:
            by_unit.setdefault(goal.unit_id, []).append(goal)
        indicators = []
        for unit in self.units:
            unit_goals = by_unit[unit.id]
            for number in range(1, self.per_unit + 1):
                indicators.append(self._indicator(unit_goals[(number - 1) % len(unit_goals)], number))
        for indicator in _bulk(Indicator, indicators, self.counts, "indicators"):
            self.indicators.setdefault(indicator.goal.unit_id, []).append(indicator)
        signed = dt.date(self.year - 1, 12, 20)
        agreements = _bulk(
            PerformanceAgreement,
            [PerformanceAgreement(unit=u, year=self.year, in_force=True, signed_on=signed) for u in self.units],
            self.counts,
            "agreements",
        )
        annual: list[AgreementTarget] = []
        monthly: list[MonthlyTarget] = []
        for agreement in agreements:
            for indicator in self.indicators[agreement.unit_id]:
                targets = self._targets(indicator)
                self.targets[indicator.id] = targets
                annual.append(AgreementTarget(agreement=agreement, indicator=indicator, annual_target=targets[11]))
                monthly.extend(
                    MonthlyTarget(agreement=agreement, indicator=indicator, month=m, value=targets[m - 1])
                    for m in range(1, 13)
                    if indicator.schedule == Indicator.Schedule.MONTHLY
                    or (indicator.schedule == Indicator.Schedule.QUARTERLY and m % 3 == 0)
                    or m == 12
                )
        _bulk(AgreementTarget, annual, self.counts, "annual_targets")
        _bulk(MonthlyTarget, monthly, self.counts, "monthly_targets")

    def _indicator(self, goal: Goal, number: int) -> Indicator:
        kind = number % 6  # every kind in any six indicators in a row
        schedule = Indicator.Schedule.MONTHLY
        if kind == 4:
            schedule = Indicator.Schedule.QUARTERLY
        elif kind == 0:
            schedule = Indicator.Schedule.YEAR_END
        lower = kind == 3
        return Indicator(
            goal=goal,
            number=number,
            code=f"S{number:02d}",
            name=f"{LABEL} {'Jumlah' if kind == 5 else 'Persentase'} keluaran {number}",
            unit_of_measure="dokumen" if kind == 5 else "%",
            polarity=scoring.Polarity.LOWER_IS_BETTER if lower else scoring.Polarity.HIGHER_IS_BETTER,
            schedule=schedule,
            target_behaviour=Indicator.TargetBehaviour.FLAT if lower else Indicator.TargetBehaviour.CUMULATIVE,
        )

    def _targets(self, indicator: Indicator) -> list[Decimal]:
        if indicator.unit_of_measure == "dokumen":
            annual = Decimal(self.rng.randrange(12, 240))
            return [(annual * m / 12).quantize(Decimal(1)) for m in range(1, 13)]
        if indicator.polarity == scoring.Polarity.LOWER_IS_BETTER:
            return [Decimal(self.rng.randrange(5, 20))] * 12
        annual = Decimal(self.rng.randrange(80, 101))
        return [(annual * m / 12).quantize(Decimal("0.01")) for m in range(1, 13)]

    def work(self) -> None:
        """A year of realisations and month statuses, every unit a little different."""
        statuses: list[MonthStatus] = []
        realisations: list[Realisation] = []
        for unit in self.units:
            lag = self.rng.choice((0, 0, 0, 1, 2))  # some units are behind
            for month in range(1, 13 - lag):  # a unit `lag` months behind has not started its last months
                state = WORKFLOW[month + lag]
                if state == MonthStatus.State.SUBMITTED and self.rng.random() < 0.2:
                    state = MonthStatus.State.RETURNED
                statuses.append(self._status(unit, month, state))
                realisations.extend(self._realisation(i, month) for i in self.indicators[unit.id])
        _bulk(MonthStatus, statuses, self.counts, "month_statuses")
        _bulk(Realisation, realisations, self.counts, "realisations")

    def _status(self, unit: OrgUnit, month: int, state: str) -> MonthStatus:
        deadline = deadline_for(self.year, month)
        submitted = timezone.make_aware(dt.datetime.combine(deadline, dt.time(9)) - dt.timedelta(days=2))
        if self.rng.random() < 0.1:
            submitted += dt.timedelta(days=5)  # late
        done = state in (MonthStatus.State.SUBMITTED, MonthStatus.State.APPROVED, MonthStatus.State.LOCKED)
        reviewed = state in (MonthStatus.State.APPROVED, MonthStatus.State.LOCKED, MonthStatus.State.RETURNED)
        return MonthStatus(
            unit=unit,
            year=self.year,
            month=month,
            state=state,
            deadline=deadline,
            submitted_at=submitted if done or reviewed else None,
            reviewed_at=submitted + dt.timedelta(days=1) if reviewed else None,
        )

    def _realisation(self, indicator: Indicator, month: int) -> Realisation:
        target = self.targets[indicator.id][month - 1]
        due = indicator.schedule == Indicator.Schedule.MONTHLY or (
            indicator.schedule == Indicator.Schedule.QUARTERLY and month % 3 == 0
        )
        if indicator.schedule == Indicator.Schedule.YEAR_END and month < 12:
            return Realisation(indicator=indicator, month=month, state=Realisation.State.YEAR_END)
        if not due and month != 12:
            return Realisation(indicator=indicator, month=month, state=Realisation.State.NOT_ENTERED)
        value = (target * Decimal(self.rng.randrange(70, 131)) / 100).quantize(Decimal("0.01"))
        narrative = "" if value >= target else f"{LABEL} Kendala bulan {month}: pelaksanaan tertunda."
        return Realisation(
            indicator=indicator,
            month=month,
            state=Realisation.State.NUMBER,
            value=value,
            analysis=f"{LABEL} Analisis capaian bulan {month}.",
            kendala=narrative,
            rtl=f"{LABEL} Percepatan pelaksanaan." if narrative else "",
            revision=1,
        )

    def budgets(self) -> None:
        lines, shares = [], []
        for unit in self.units:
            pagu = Decimal(self.rng.randrange(5_000, 300_000)) * 1_000_000
            blokir = (pagu * Decimal(self.rng.randrange(0, 6)) / 100).quantize(Decimal(1000))
            lines.append(BudgetLine(unit=unit, year=self.year, pagu=pagu, blokir=blokir))
            shares.append(Decimal(self.rng.randrange(80, 100)) / 100)
            for kind, part in ((SpendingType.PEGAWAI, 35), (SpendingType.BARANG, 55), (SpendingType.MODAL, 10)):
                typed = pagu * part / 100
                lines.append(BudgetLine(unit=unit, year=self.year, spending_type=kind, pagu=typed, blokir=0))
                shares.append(Decimal(self.rng.randrange(60, 100)) / 100)
            for indicator in self.indicators[unit.id]:
                allocation = (pagu / len(self.indicators[unit.id]) * Decimal("0.8")).quantize(Decimal(1000))
                lines.append(
                    BudgetLine(
                        unit=unit, year=self.year, goal=indicator.goal, indicator=indicator, pagu=allocation, blokir=0
                    )
                )
                shares.append(Decimal(self.rng.randrange(50, 100)) / 100)
        lines = _bulk(BudgetLine, lines, self.counts, "budget_lines")
        spent = []
        for line, share in zip(lines, shares, strict=True):
            for month in range(1, 13):
                amount = (line.pagu * share * month / 12).quantize(Decimal(1))
                spent.append(BudgetRealisation(line=line, month=month, amount=amount))
        _bulk(BudgetRealisation, spent, self.counts, "budget_realisations")

    def people(self) -> None:
        """A planner and a head per unit (syn-<code>-perencana / -kepala), the password given or none usable."""
        user_model = get_user_model()
        users, roles = [], []
        for unit in self.units:
            for suffix, role in (("perencana", Role.PLANNER), ("kepala", Role.HEAD)):
                username = f"syn-{unit.code[len(PREFIX) :].lower()}-{suffix}"
                users.append(user_model(username=username, password=self.password_hash or make_password(None)))
                roles.append((unit, role))
        users = _bulk(user_model, users, self.counts, "users")
        memberships = [Membership(user=u, unit=unit, role=role) for u, (unit, role) in zip(users, roles, strict=True)]
        _bulk(Membership, memberships, self.counts, "memberships")
