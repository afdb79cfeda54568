"""Baselines for `make bench`: the same numbers as the app, from one hand-written SQL query per figure family.

Each baseline reads the raw rows with plain SQL (no ORM objects, no template) and computes the figures with the
pure functions of sakip.scoring, so that `app time / baseline time` is what the application adds on top of
reading its data and doing its arithmetic. Django must be set up before importing this module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from budget.models import BudgetLine, BudgetRealisation
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
from sakip import scoring
from sakip.models import OrgUnit, ScoringPolicy

ZERO = Decimal(0)
VERIFIED = ("approved", "locked")


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _decimal(value: Any) -> Decimal | None:
    """SQLite hands back numerics as float or int, PostgreSQL as Decimal: normalise like the ORM would."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


# --- capaian, NPS, NPSS (family 1: targets and realisations; family 2: the policy's roll-up) -------------------


def capaian_rows(unit_ids: Sequence[int], year: int, months: Sequence[int]) -> list[tuple[Any, ...]]:
    """Every indicator of the units' PK in force with its target and realisation at each month: one query."""
    sql = f"""
        SELECT pa.unit_id, g.id, p."order", g.number, i.id, i.number, i.polarity, i.lower_rule, i.weight,
               m.month, mt.value, r.state, r.value
        FROM {_table(AgreementTarget)} at
        JOIN {_table(PerformanceAgreement)} pa ON pa.id = at.agreement_id
        JOIN {_table(Indicator)} i ON i.id = at.indicator_id
        JOIN {_table(Goal)} g ON g.id = i.goal_id
        JOIN {_table(Perspective)} p ON p.id = g.perspective_id
        CROSS JOIN ({" UNION ALL ".join(["SELECT CAST(%s AS INTEGER) AS month"] * len(months))}) m
        LEFT JOIN {_table(MonthlyTarget)} mt ON mt.agreement_id = pa.id AND mt.indicator_id = i.id
             AND mt.month = m.month
        LEFT JOIN {_table(Realisation)} r ON r.indicator_id = i.id AND r.month = m.month
        WHERE pa.year = %s AND pa.in_force AND pa.unit_id IN ({_placeholders(unit_ids)})
        ORDER BY pa.unit_id, p."order", g.number, i.number, m.month
    """  # noqa: S608 - table names from the models, values as parameters
    return _rows(sql, [*months, year, *unit_ids])


def rollups(unit_ids: Sequence[int], year: int) -> dict[int, str]:
    sql = f"SELECT unit_id, rollup FROM {_table(ScoringPolicy)} WHERE year = %s AND unit_id IN ({_placeholders(unit_ids)})"  # noqa: S608, E501
    return dict(_rows(sql, [year, *unit_ids]))


def unit_scores(unit_ids: Sequence[int], year: int, quarter: int) -> dict[int, dict[str, Any]]:
    """unit id -> {"score": NPSS (unrounded), "capaian": {indicator id: capaian at the quarter's month},
    "counts": indicators per criterion}: the figures of the scorecard's capaian table."""
    months = [3 * q for q in range(1, quarter + 1)]
    month = months[-1]
    policy = rollups(unit_ids, year)
    # unit -> perspective order -> goal id -> [(capaian, weight)] at the quarter's month
    goals: dict[int, dict[int, dict[int, list[tuple[scoring.Outcome, Decimal]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    capaian: dict[int, dict[int, scoring.Outcome]] = defaultdict(dict)
    for row in capaian_rows(unit_ids, year, months):
        unit_id, goal_id, order, _goal_no, indicator_id, _no, polarity, rule, weight, m, target, state, value = row
        scored = _decimal(value) if state == Realisation.State.NUMBER else None
        reason = {
            Realisation.State.YEAR_END: scoring.Reason.YEAR_END,
            Realisation.State.IN_PROCESS: scoring.Reason.IN_PROCESS,
        }.get(state, scoring.Reason.NOT_ENTERED)
        outcome = scoring.achievement(
            scored,
            _decimal(target),
            scoring.Polarity(polarity),
            scoring.LowerIsBetterRule(rule),
            missing_reason=reason,
        )
        if m == month:
            goals[unit_id][order][goal_id].append((outcome, _decimal(weight) or ZERO))
            capaian[unit_id][indicator_id] = outcome
    result = {}
    for unit_id in unit_ids:
        by_perspective = [
            [scoring.goal_score(scores) for scores in by_goal.values()] for _, by_goal in sorted(goals[unit_id].items())
        ]
        method = scoring.RollUp(policy.get(unit_id, scoring.RollUp.MEAN_OF_PERSPECTIVES))
        result[unit_id] = {
            "score": scoring.unit_score(by_perspective, method).value,
            "capaian": capaian[unit_id],
            "counts": scoring.count_by_criterion(list(capaian[unit_id].values())),
        }
    return result


# --- budget (family 3: lines with their latest realisation) -------------------------------------------------


def budget_rows(unit_ids: Sequence[int], year: int, month: int, unit_lines_only: bool) -> list[tuple[Any, ...]]:
    only = "AND bl.goal_id IS NULL AND bl.indicator_id IS NULL" if unit_lines_only else ""
    sql = f"""
        SELECT bl.unit_id, bl.id, bl.goal_id, bl.indicator_id, bl.spending_type, bl.pagu, bl.blokir,
               (SELECT br.amount FROM {_table(BudgetRealisation)} br
                WHERE br.line_id = bl.id AND br.month <= %s ORDER BY br.month DESC LIMIT 1)
        FROM {_table(BudgetLine)} bl
        WHERE bl.year = %s AND bl.unit_id IN ({_placeholders(unit_ids)}) {only}
    """  # noqa: S608 - table names from the models, values as parameters
    return _rows(sql, [month, year, *unit_ids])


def unit_absorption(unit_ids: Sequence[int], year: int, quarter: int) -> dict[int, Decimal | None]:
    """unit id -> absorption of the unit's own line (realised / (pagu - blokir)), unrounded."""
    result: dict[int, Decimal | None] = dict.fromkeys(unit_ids)
    for unit_id, _id, goal, indicator, spending, pagu, blokir, realised in budget_rows(
        unit_ids, year, 3 * quarter, unit_lines_only=True
    ):
        if goal is None and indicator is None and not spending:
            available = scoring.available_budget(_decimal(pagu) or ZERO, _decimal(blokir) or ZERO)
            result[unit_id] = scoring.absorption(_decimal(realised) or ZERO, available).value
    return result


def scorecard(unit_id: int, year: int, quarter: int) -> dict[str, Any]:
    """One unit's scorecard figures: NPSS, capaian per indicator, counts, total absorption (3 queries)."""
    figures = unit_scores([unit_id], year, quarter)[unit_id]
    figures["absorption"] = unit_absorption([unit_id], year, quarter)[unit_id]
    return figures


# --- the agency roll-up (family 4: month statuses; family 5: budget per group) --------------------------------


def agency(year: int, quarter: int) -> dict[str, Any]:
    """Every satker's NPSS (when its month is verified), absorption and the budget per group."""
    month = 3 * quarter
    units = _rows(f'SELECT id, "group" FROM {_table(OrgUnit)} WHERE "group" <> \'\'', [])  # noqa: S608
    ids = [unit_id for unit_id, _ in units]
    states = dict(
        _rows(
            f"SELECT unit_id, state FROM {_table(MonthStatus)} WHERE year = %s AND month = %s",  # noqa: S608
            [year, month],
        )
    )
    scores = unit_scores(ids, year, quarter)
    absorption = unit_absorption(ids, year, quarter)
    groups = _rows(
        f"""SELECT u."group", SUM(bl.pagu), SUM(bl.blokir)
            FROM {_table(BudgetLine)} bl JOIN {_table(OrgUnit)} u ON u.id = bl.unit_id
            WHERE bl.year = %s AND bl.goal_id IS NULL AND bl.indicator_id IS NULL AND bl.spending_type = ''
            GROUP BY u."group" """,  # noqa: S608
        [year],
    )
    return {
        "scores": {i: scores[i]["score"] if states.get(i) in VERIFIED else None for i in ids},
        "absorption": absorption,
        "groups": {group: (_decimal(pagu), _decimal(blokir)) for group, pagu, blokir in groups},
    }


# --- the monthly entry page and its save ------------------------------------------------------------------


def entry_rows(unit_id: int, year: int, month: int) -> list[tuple[Any, ...]]:
    """What the entry form shows: each indicator with its goal, target of the month and realisation (one query)."""
    sql = f"""
        SELECT g.number, g.name, i.id, i.number, i.name, i.unit_of_measure, i.schedule, at.annual_target,
               mt.value, r.id, r.state, r.value, r.numerator, r.denominator, r.analysis, r.kendala, r.rtl, r.revision
        FROM {_table(AgreementTarget)} at
        JOIN {_table(PerformanceAgreement)} pa ON pa.id = at.agreement_id
        JOIN {_table(Indicator)} i ON i.id = at.indicator_id
        JOIN {_table(Goal)} g ON g.id = i.goal_id
        LEFT JOIN {_table(MonthlyTarget)} mt ON mt.agreement_id = pa.id AND mt.indicator_id = i.id AND mt.month = %s
        LEFT JOIN {_table(Realisation)} r ON r.indicator_id = i.id AND r.month = %s
        WHERE pa.unit_id = %s AND pa.year = %s AND pa.in_force
        ORDER BY g.number, i.number
    """  # noqa: S608 - table names from the models, values as parameters
    rows = _rows(sql, [month, month, unit_id, year])
    return [(*row[:8], _decimal(row[8]), *row[9:11], _decimal(row[11]), *row[12:]) for row in rows]


def save_month(values: Iterable[tuple[int, int, Decimal]]) -> int:
    """Write each (indicator id, month, value) with its revision bumped: one UPDATE statement, executemany."""
    sql = (
        f"UPDATE {_table(Realisation)} SET value = %s, state = %s, revision = revision + 1 "  # noqa: S608
        "WHERE indicator_id = %s AND month = %s"
    )
    params = [(str(value), Realisation.State.NUMBER, indicator, month) for indicator, month, value in values]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)
