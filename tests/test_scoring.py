"""Tests of `sakip.scoring`: the rules of SAKIP_DOMAIN.md §4 and §8, and the published numbers of §5/§9.

Pure functions only: no database, no Django. The golden numbers were transcribed from the shared golden files
(001_* = Lapkin Sekretariat Utama TW II 2023, 000_* = Lapkin Pusdatin TW IV 2022) and are hard-coded below so
that the project runs without ../shared. Every comparison with a report goes through `round2` (half-up), the
way the report prints it; everything in between stays unrounded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from sakip.scoring import (
    DEFAULT_EFFICIENCY_TABLE,
    NOT_DETERMINED,
    LowerIsBetterRule,
    Outcome,
    Polarity,
    Reason,
    RollUp,
    absorption,
    achievement,
    available_budget,
    count_by_criterion,
    criterion,
    efficiency,
    goal_score,
    mean,
    perspective_score,
    projection,
    ratio_percent,
    round2,
    total_input,
    unit_score,
    weighted_mean,
    weighted_sum,
)

ONE = Decimal(1)
MISSING = Outcome.missing(Reason.NOT_ENTERED)


def d(value: str | int | None) -> Decimal | None:
    """'-' / 'Akhir tahun' cells are None; everything else is an exact Decimal (never a float)."""
    return None if value is None else Decimal(value)


def pct(value: str) -> Outcome:
    return Outcome.of(Decimal(value))


def shown(outcome: Outcome) -> Decimal | None:
    """What a report prints: the value rounded half-up to 2 decimals, or None for '-'."""
    return None if outcome.value is None else round2(outcome.value)


# =====================================================================================================
# Golden data: Sekretariat Utama (Settama), 2023
# =====================================================================================================


class Ind(NamedTuple):
    """One Settama indicator: targets and cumulative realisations at B03 (TW I) and B06 (TW II).

    A None target is "-" in the RAPK; a None realisation is "Akhir tahun" (measured at year end).
    `t12` is the annual target of the PK.
    """

    goal: int
    t03: str | None
    r03: str | None
    t06: str | None
    r06: str | None
    t12: str


def year_end(goal: int, t12: str) -> Ind:
    return Ind(goal, None, None, None, None, t12)


# Tabel 6 with the corrections of SAKIP_DOMAIN §9 (cross-checked with Tabel 7-19 and the PK).
SETTAMA: dict[int, Ind] = {
    1: year_end(1, "34.4"),
    2: year_end(1, "74.22"),
    3: year_end(1, "4"),  # WTP, stored as 4
    4: Ind(1, "66.20", "36.18", "83.40", "84.93", "94.5"),
    5: year_end(2, "93"),
    6: year_end(2, "77"),
    7: year_end(2, "85"),
    8: year_end(2, "3.75"),
    9: Ind(3, "25.71", "25.71", "53.11", "47.40", "100"),
    10: year_end(4, "2.95"),
    11: year_end(4, "74"),
    12: year_end(4, "0.94"),
    13: year_end(5, "100"),
    14: year_end(5, "100"),
    # Tabel 6 prints T(B03) = 60; Tabel 12 gives 30 (35.86 / 30 = 119.53, the printed capaian).
    15: Ind(6, "30", "35.86", "60", "59.43", "100"),
    16: Ind(6, "96", "81.25", "96", "91.14", "96"),
    17: Ind(7, "20", "20.55", "40", "43.36", "88"),
    18: Ind(7, "99.85", "97.7", "99.85", "98.69", "99.85"),
    19: Ind(7, "55", "48.48", "60", "70.77", "79"),
    # Tabel 6 prints T(B03) = 99.6; Tabel 14 gives 99.4 (98.14 / 99.4 = 98.73, the printed capaian).
    20: Ind(8, "99.4", "98.14", "99.6", "99.06", "99.6"),
    21: Ind(8, "96.26", "95.15", "96.26", "96.31", "96.26"),
    22: year_end(8, "4.6"),
    23: year_end(9, "83.5"),
    24: year_end(9, "87.6"),
    25: year_end(10, "81.6"),
    26: Ind(11, "2.5", "2.85", "2.5", "2.85", "2.5"),
    # Annual target from the PK (94.2); Tabel 6 used the 2022 Renstra's 93.6 (§9).
    27: Ind(12, "52.5", "71.23", "67.7", "81.37", "94.2"),
}

SETTAMA_PERSPECTIVES: dict[str, tuple[int, ...]] = {
    "Stakeholder": (1, 2),
    "Internal Process": (3, 4, 5, 6, 7, 8),
    "Learning & Growth": (9, 10, 11, 12),
}

# Tabel 20: goal -> (pagu minus blokir, realisation s.d. TW II, printed % absorption).
SETTAMA_BUDGET: dict[int, tuple[int, int, str]] = {
    1: (19880532750, 9858819845, "49.59"),
    2: (113088510800, 69436088457, "61.40"),
    3: (10251808950, 3929689096, "38.33"),
    4: (175806344450, 103268711900, "58.74"),
    5: (1381510000, 240637303, "17.42"),
    6: (3948199000, 2584961244, "65.47"),
    7: (8217171000, 2851230289, "34.70"),
    8: (4182350000, 1950332130, "46.63"),
    9: (3515434050, 1806948070, "51.40"),
    10: (3107237500, 1479781300, "47.62"),
    11: (1795110350, 1247805248, "69.51"),
    12: (1419025150, 549500198, "38.72"),
}
SETTAMA_PAGU_TOTAL = 364734836000
SETTAMA_BLOKIR_TOTAL = 364734836000 - 346593234000
SETTAMA_REALISED_TOTAL = 199204505081


def settama_capaian(no: int, quarter: int) -> Outcome:
    """Capaian of indicator `no` in TW I (B03) or TW II (B06)."""
    ind = SETTAMA[no]
    target, realised = (ind.t03, ind.r03) if quarter == 1 else (ind.t06, ind.r06)
    return achievement(d(realised), d(target), missing_reason=Reason.YEAR_END)


def settama_capaian_vs_annual(no: int) -> Outcome:
    """Capaian terhadap target tahunan: R(B06) / T(B12)."""
    ind = SETTAMA[no]
    return achievement(d(ind.r06), d(ind.t12), missing_reason=Reason.YEAR_END)


def settama_goal_scores(quarter: int) -> dict[int, Outcome]:
    return {
        goal: goal_score((settama_capaian(no, quarter), ONE) for no, ind in SETTAMA.items() if ind.goal == goal)
        for goal in range(1, 13)
    }


def settama_goals_by_perspective(quarter: int) -> list[list[Outcome]]:
    scores = settama_goal_scores(quarter)
    return [[scores[goal] for goal in goals] for goals in SETTAMA_PERSPECTIVES.values()]


# =====================================================================================================
# 1. achievement() — §4.1
# =====================================================================================================


@pytest.mark.parametrize(
    ("realisation", "target", "expected"),
    [
        ("84.93", "83.40", "101.83"),  # Settama indicator 4, TW II
        ("59.43", "60", "99.05"),  # Settama indicator 15, TW II
        ("0", "50", "0.00"),  # a real zero is scored 0 (unlike "not entered")
        ("60", "60", "100.00"),
    ],
)
def test_it_scores_higher_is_better_as_realisation_over_target(realisation, target, expected):
    outcome = achievement(d(realisation), d(target))
    assert outcome.computable and outcome.reason is None
    assert shown(outcome) == Decimal(expected)


@pytest.mark.parametrize(
    ("realisation", "target", "expected"),
    [
        ("8", "10", "120.00"),  # (2*10 - 8) / 10; never (T - R) / T = 20
        ("10", "10", "100.00"),
        ("12", "10", "80.00"),
        ("0", "10", "200.00"),  # R = 0 -> 200
        ("20", "10", "0.00"),  # R = 2T -> 0
        ("25", "10", "0.00"),  # R > 2T -> floored at 0, never negative
    ],
)
def test_it_scores_lower_is_better_with_the_mirror_rule_by_default(realisation, target, expected):
    outcome = achievement(d(realisation), d(target), Polarity.LOWER_IS_BETTER)
    assert shown(outcome) == Decimal(expected)
    assert outcome.value >= 0


@pytest.mark.parametrize(
    ("realisation", "target", "expected"),
    [
        ("8", "10", "125.00"),  # T / R
        ("10", "10", "100.00"),
        ("20", "10", "50.00"),
    ],
)
def test_it_scores_lower_is_better_as_target_over_realisation_with_the_ratio_option(realisation, target, expected):
    outcome = achievement(d(realisation), d(target), Polarity.LOWER_IS_BETTER, LowerIsBetterRule.RATIO)
    assert shown(outcome) == Decimal(expected)


def test_it_does_not_divide_by_a_zero_realisation_with_the_ratio_option():
    outcome = achievement(Decimal(0), Decimal(10), Polarity.LOWER_IS_BETTER, LowerIsBetterRule.RATIO)
    assert outcome == Outcome.missing(Reason.ZERO_REALISATION)


@pytest.mark.parametrize(
    ("realisation", "target", "kwargs", "reason"),
    [
        ("50", None, {}, Reason.NO_TARGET),
        (None, None, {"missing_reason": Reason.YEAR_END}, Reason.YEAR_END),  # the state says more
        ("50", "0", {}, Reason.TARGET_ZERO),
        ("50", "0", {"polarity": Polarity.LOWER_IS_BETTER}, Reason.TARGET_ZERO),
        (None, "60", {}, Reason.NOT_ENTERED),
        (None, "60", {"missing_reason": Reason.YEAR_END}, Reason.YEAR_END),
        (None, "60", {"missing_reason": Reason.IN_PROCESS}, Reason.IN_PROCESS),
        (None, "60", {"polarity": Polarity.LOWER_IS_BETTER}, Reason.NOT_ENTERED),
    ],
)
def test_it_makes_capaian_not_computable_with_a_reason_never_zero(realisation, target, kwargs, reason):
    outcome = achievement(d(realisation), d(target), **kwargs)
    assert outcome.value is None
    assert not outcome.computable
    assert outcome.reason == reason


def test_it_does_not_cap_capaian():
    """Settama indicator 27, TW I: 71.23 / 52.5 = 135.68 stays 135.68 and still counts in the mean."""
    outcome = achievement(Decimal("71.23"), Decimal("52.5"))
    assert outcome.value == Decimal("71.23") / Decimal("52.5") * 100
    assert shown(outcome) == Decimal("135.68")
    assert shown(goal_score([(outcome, ONE), (pct("100"), ONE)])) == Decimal("117.84")


def test_it_computes_ratio_indicators_and_composites():
    """§3: 104 of 175 regulations -> 59.43 %; NKA = 0.6 x 76.65 + 0.4 x 97.35 = 84.93."""
    assert shown(ratio_percent(Decimal(104), Decimal(175))) == Decimal("59.43")
    assert ratio_percent(Decimal(1), Decimal(0)).value is None
    nka = weighted_sum([(Decimal("76.65"), Decimal("0.6")), (Decimal("97.35"), Decimal("0.4"))])
    assert nka == Decimal("84.930")


# =====================================================================================================
# 2. round2 and unrounded aggregates — §4.2
# =====================================================================================================


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("117.095", "117.10"),  # float round(117.095, 2) gives 117.09
        ("103.1578947", "103.16"),
        ("96.994", "96.99"),
        ("96.995", "97.00"),
        ("119.996", "120.00"),
        ("0.205", "0.21"),
        ("100", "100.00"),
    ],
)
def test_it_rounds_half_up_to_two_decimals(value, expected):
    assert round2(Decimal(value)) == Decimal(expected)
    assert str(round2(Decimal(value))) == expected


def test_it_rounds_where_binary_float_round_gets_it_wrong():
    assert round(117.095, 2) == 117.09  # the bug the module avoids
    assert round2(Decimal("117.095")) == Decimal("117.10")


def test_it_aggregates_unrounded_capaian():
    """Settama goal 6, TW II: mean(59.43/60, 91.14/96) = mean(99.0500, 94.9375) = 96.99.

    The mean of the rounded values (99.05, 94.94) would be 96.995 -> 97.00.
    """
    ind_15 = achievement(Decimal("59.43"), Decimal("60"))
    ind_16 = achievement(Decimal("91.14"), Decimal("96"))
    nps = goal_score([(ind_15, ONE), (ind_16, ONE)])
    assert shown(nps) == Decimal("96.99")
    rounded_first = goal_score([(Outcome.of(shown(ind_15)), ONE), (Outcome.of(shown(ind_16)), ONE)])
    assert shown(rounded_first) == Decimal("97.00")


def test_it_gives_goal_8_as_tabel_6_not_tabel_14():
    """Lapkin Settama TW II 2023, Tabel 14 vs Tabel 6: goal 8 NPS.

    Tabel 14 prints 99.76 (mean of the rounded 99.46 and 100.05); §4.2 gives 99.75 as Tabel 6 and 21 print.
    """
    assert shown(settama_goal_scores(2)[8]) == Decimal("99.75")


# =====================================================================================================
# 3. criterion() — §4.3
# =====================================================================================================


@pytest.mark.parametrize(
    ("capaian", "code", "label", "colour", "conclusion"),
    [
        ("0", "fails", "Tidak Memenuhi Ekspektasi", "red", "Tidak Efektif"),
        ("79.99", "fails", "Tidak Memenuhi Ekspektasi", "red", "Tidak Efektif"),
        ("79.994", "fails", "Tidak Memenuhi Ekspektasi", "red", "Tidak Efektif"),
        ("79.995", "below", "Belum Memenuhi Ekspektasi", "yellow", "Kurang Efektif"),  # -> 80.00
        ("80", "below", "Belum Memenuhi Ekspektasi", "yellow", "Kurang Efektif"),
        ("99.99", "below", "Belum Memenuhi Ekspektasi", "yellow", "Kurang Efektif"),
        ("99.995", "meets", "Memenuhi Ekspektasi", "green", "Efektif"),  # -> 100.00
        ("100", "meets", "Memenuhi Ekspektasi", "green", "Efektif"),
        ("120", "meets", "Memenuhi Ekspektasi", "green", "Efektif"),
        ("119.996", "meets", "Memenuhi Ekspektasi", "green", "Efektif"),  # -> 120.00
        ("120.004", "meets", "Memenuhi Ekspektasi", "green", "Efektif"),  # -> 120.00
        ("120.005", "exceeds", "Tidak Dapat Disimpulkan", "grey", ""),  # -> 120.01
        ("120.01", "exceeds", "Tidak Dapat Disimpulkan", "grey", ""),
        ("120.19", "exceeds", "Tidak Dapat Disimpulkan", "grey", ""),  # Settama goal 12, TW II
        ("135.68", "exceeds", "Tidak Dapat Disimpulkan", "grey", ""),
    ],
)
def test_it_classifies_capaian_on_the_value_rounded_to_two_decimals(capaian, code, label, colour, conclusion):
    band = criterion(pct(capaian))
    assert (band.code, band.label, band.colour, band.conclusion) == (code, label, colour, conclusion)


@pytest.mark.parametrize("reason", [Reason.NOT_ENTERED, Reason.YEAR_END, Reason.NO_TARGET, Reason.TARGET_ZERO])
def test_it_gives_no_criterion_to_a_non_computable_capaian(reason):
    band = criterion(Outcome.missing(reason))
    assert band is NOT_DETERMINED
    assert band.code == "not_determined"
    assert band.label == "Belum dapat ditentukan"


# =====================================================================================================
# 4. projection() — §4.6
# =====================================================================================================


@pytest.mark.parametrize(
    ("realisation", "final_target", "status", "label"),
    [
        ("150", "100", "reached", "Tercapai / Melampaui"),
        ("100", "100", "reached", "Tercapai / Melampaui"),
        ("99.99", "100", "on_track", "Akan Tercapai"),
        ("75.01", "100", "on_track", "Akan Tercapai"),
        ("75", "100", "hard_effort", "Perlu Upaya Keras"),  # undefined in the source: lower band
        ("59.43", "100", "hard_effort", "Perlu Upaya Keras"),
        ("0", "100", "hard_effort", "Perlu Upaya Keras"),
        ("84.93", "94.5", "on_track", "Akan Tercapai"),  # Settama indicator 4 vs B12: 89.87
    ],
)
def test_it_projects_against_the_final_target(realisation, final_target, status, label):
    progress, band = projection(d(realisation), d(final_target))
    assert progress.value == Decimal(realisation) / Decimal(final_target) * 100
    assert (band.code, band.label) == (status, label)


def test_it_projects_lower_is_better_indicators_with_their_own_rule():
    progress, band = projection(Decimal("8"), Decimal("10"), Polarity.LOWER_IS_BETTER)
    assert shown(progress) == Decimal("120.00") and band.code == "reached"
    progress, band = projection(Decimal("14"), Decimal("10"), Polarity.LOWER_IS_BETTER)
    assert shown(progress) == Decimal("60.00") and band.code == "hard_effort"


def test_it_cannot_project_without_a_realisation_or_a_target():
    progress, band = projection(None, Decimal("100"))
    assert progress.reason == Reason.NOT_ENTERED and band is NOT_DETERMINED
    progress, band = projection(Decimal("50"), None)
    assert progress.reason == Reason.NO_TARGET and band is NOT_DETERMINED


# =====================================================================================================
# 5. goal_score / weighted_mean / perspective_score / unit_score — §4.4, §4.5
# =====================================================================================================


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([("100", "1"), ("70", "1")], "85.00"),  # equal weights by default
        ([("100", "2"), ("70", "1")], "90.00"),
        ([("100", "0.25"), ("60", "0.75")], "70.00"),
        (
            [("100", "1"), (None, "5"), ("70", "1")],
            "85.00",
        ),  # a non-computable capaian and its weight skipped
        ([(None, "1"), ("135.68", "3")], "135.68"),
    ],
)
def test_it_scores_a_goal_as_the_weighted_mean_of_its_computable_indicators(scores, expected):
    pairs = [(MISSING if value is None else pct(value), Decimal(weight)) for value, weight in scores]
    assert shown(goal_score(pairs)) == Decimal(expected)
    assert shown(weighted_mean(pairs)) == Decimal(expected)


@pytest.mark.parametrize(
    "scores",
    [
        [],
        [(Outcome.missing(Reason.YEAR_END), ONE)],
        [(Outcome.missing(Reason.YEAR_END), ONE), (Outcome.missing(Reason.NO_TARGET), Decimal(2))],
    ],
)
def test_it_gives_no_nps_to_a_goal_with_nothing_measured(scores):
    nps = goal_score(scores)
    assert nps == Outcome.missing(Reason.NOTHING_MEASURED)
    assert criterion(nps) is NOT_DETERMINED


def test_it_leaves_goals_without_nps_out_of_the_perspective_score():
    assert shown(perspective_score([pct("114"), MISSING, pct("120.19")])) == Decimal("117.10")
    assert perspective_score([MISSING, MISSING]).reason == Reason.NOTHING_MEASURED
    assert mean([]).reason == Reason.NOTHING_MEASURED


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (RollUp.MEAN_OF_PERSPECTIVES, "85.00"),  # (100 + mean(80, 60)) / 2
        (RollUp.MEAN_OF_GOALS, "80.00"),  # (100 + 80 + 60) / 3
    ],
)
def test_it_rolls_up_the_unit_score_by_the_units_method(method, expected):
    goals_by_perspective = [[pct("100")], [pct("80"), pct("60")]]
    assert shown(unit_score(goals_by_perspective, method)) == Decimal(expected)


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (RollUp.MEAN_OF_PERSPECTIVES, "85.00"),  # the empty perspective does not count as 0
        (RollUp.MEAN_OF_GOALS, "80.00"),
    ],
)
def test_it_leaves_a_perspective_with_no_measured_goal_out_of_the_unit_score(method, expected):
    goals_by_perspective = [[pct("100")], [MISSING, MISSING], [pct("80"), pct("60"), MISSING]]
    assert shown(unit_score(goals_by_perspective, method)) == Decimal(expected)


@pytest.mark.parametrize("method", list(RollUp))
@pytest.mark.parametrize("goals_by_perspective", [[], [[]], [[MISSING], [MISSING, MISSING]]])
def test_it_gives_no_unit_score_for_a_quarter_with_nothing_measured(method, goals_by_perspective):
    score = unit_score(goals_by_perspective, method)
    assert not score.computable
    assert score.reason == Reason.NOTHING_MEASURED


# =====================================================================================================
# 6. efficiency() — §4.7
# =====================================================================================================


def test_it_computes_efficiency_of_settama_goal_6():
    """Settama goal 6, TW II: output 96.99 (unrounded NPS), input 2.584.961.244 / 3.948.199.000 = 65.47 %."""
    output = settama_goal_scores(2)[6]
    input_ = absorption(Decimal(2584961244), Decimal(3948199000))
    result = efficiency(output, input_)
    assert result.index.value == output.value / input_.value
    assert result.level.value == result.index.value - 1
    assert (shown(result.output), shown(result.input)) == (Decimal("96.99"), Decimal("65.47"))
    assert (shown(result.index), shown(result.level)) == (Decimal("1.48"), Decimal("0.48"))
    assert result.capaian == Decimal(92)
    assert result.efficient is True


@pytest.mark.parametrize(
    ("output", "input_", "reason"),
    [
        (pct("96.99"), pct("0"), Reason.NO_INPUT),
        (pct("96.99"), Outcome.missing(Reason.NO_BUDGET), Reason.NO_INPUT),
        (Outcome.missing(Reason.NOTHING_MEASURED), pct("65.47"), Reason.NO_OUTPUT),
        (Outcome.missing(Reason.NOTHING_MEASURED), pct("0"), Reason.NO_OUTPUT),
    ],
)
def test_it_leaves_efficiency_not_computable_without_input_or_output(output, input_, reason):
    result = efficiency(output, input_)
    assert result.index == Outcome.missing(reason)
    assert result.level == Outcome.missing(reason)
    assert result.tier is None
    assert result.capaian is None
    assert result.efficient is None


def test_it_never_calls_a_negative_efficiency_level_efficient():
    result = efficiency(pct("50"), pct("80"))  # IE 0.625, TE -0.375
    assert shown(result.level) == Decimal("-0.38")
    assert result.tier is DEFAULT_EFFICIENCY_TABLE.below_zero
    assert result.efficient is False


@pytest.mark.parametrize(
    ("te", "capaian", "efficient"),
    [
        ("0", 100, True),
        ("0.20", 100, True),
        ("0.204", 100, True),
        ("0.205", 95, True),  # rounds to 0.21
        ("0.21", 95, True),
        ("0.40", 95, True),
        ("0.41", 92, True),
        ("0.48", 92, True),
        ("0.60", 92, True),
        ("0.61", 90, True),
        ("0.80", 90, True),
        ("0.81", 88, True),
        ("1.00", 88, True),  # IE >= SE but still Efisien: the tier decides
        ("1.004", 88, True),
        ("1.005", 86, False),  # rounds to 1.01
        ("1.01", 86, False),
        ("1.05", 86, False),
        ("1.20", 86, False),
        ("1.21", 84, False),
        ("1.40", 84, False),
        ("1.41", 80, False),
        ("1.60", 80, False),
        ("1.61", 78, False),
        ("1.80", 78, False),
        ("1.81", 75, False),
        ("5.0", 75, False),
    ],
)
def test_it_looks_up_the_efficiency_tier_on_te_rounded_to_two_decimals(te, capaian, efficient):
    tier = DEFAULT_EFFICIENCY_TABLE.tier_for(Decimal(te))
    assert (tier.capaian, tier.efficient) == (Decimal(capaian), efficient)
    # The same through efficiency(): input 100 %, output (TE + 1) x 100 %.
    result = efficiency(Outcome.of((Decimal(te) + 1) * 100), pct("100"))
    assert result.level.value == Decimal(te)
    assert (result.capaian, result.efficient) == (Decimal(capaian), efficient)


# =====================================================================================================
# 7. total_input() and absorption
# =====================================================================================================


def test_it_skips_rows_without_output_in_the_total_input():
    rows = [
        (pct("100"), Decimal(30), Decimal(100)),
        (MISSING, Decimal(1000), Decimal(1000)),  # no output: its budget does not count
        (pct("90"), Decimal(20), Decimal(100)),
    ]
    assert total_input(rows).value == Decimal(25)


def test_it_gives_no_total_input_when_no_row_has_an_output():
    assert not total_input([(MISSING, Decimal(10), Decimal(100))]).computable
    assert not total_input([]).computable


def test_it_measures_absorption_against_pagu_minus_blokir_or_pagu():
    available = available_budget(Decimal(SETTAMA_PAGU_TOTAL), Decimal(SETTAMA_BLOKIR_TOTAL))
    assert available == Decimal(346593234000)
    assert shown(absorption(Decimal(SETTAMA_REALISED_TOTAL), available)) == Decimal("57.48")
    assert shown(absorption(Decimal(SETTAMA_REALISED_TOTAL), Decimal(SETTAMA_PAGU_TOTAL))) == Decimal("54.62")
    assert absorption(Decimal(10), Decimal(0)) == Outcome.missing(Reason.NO_BUDGET)


# =====================================================================================================
# 8. count_by_criterion() — §4.8
# =====================================================================================================


def test_it_counts_scores_by_criterion():
    scores = [pct("79.99"), pct("80"), pct("100"), pct("120"), pct("120.01"), MISSING, pct("119.996")]
    counts = count_by_criterion(scores)
    assert (counts.total, counts.measured, counts.not_measured) == (7, 6, 1)
    assert counts.by_criterion == {"exceeds": 1, "meets": 3, "below": 1, "fails": 1}


def test_it_counts_nothing_when_nothing_is_measured():
    counts = count_by_criterion([MISSING, Outcome.missing(Reason.YEAR_END)])
    assert (counts.total, counts.measured, counts.not_measured) == (2, 0, 2)
    assert counts.by_criterion == {"exceeds": 0, "meets": 0, "below": 0, "fails": 0}


# =====================================================================================================
# 9. Golden: Lapkin Settama TW II 2023
# =====================================================================================================

# indicator -> printed (capaian B03, capaian B06, capaian vs annual target B12)
SETTAMA_TABEL_6 = {
    4: ("54.65", "101.83", "89.87"),
    9: ("100.00", "89.25", "47.40"),
    15: ("119.53", "99.05", "59.43"),
    16: ("84.64", "94.94", "94.94"),
    17: ("102.75", "108.40", "49.27"),
    18: ("97.85", "98.84", "98.84"),
    19: ("88.15", "117.95", "89.58"),
    20: ("98.73", "99.46", "99.46"),
    21: ("98.85", "100.05", "100.05"),
    26: ("114.00", "114.00", "114.00"),
    # vs B12 printed 86.93 = 81.37 / 93.6 (2022 Renstra target); the PK's 94.2 gives 86.38 (§9).
    27: ("135.68", "120.19", "86.38"),
}


@pytest.mark.parametrize(("no", "expected"), SETTAMA_TABEL_6.items())
def test_it_reproduces_settama_tabel_6_indicator_capaian(no, expected):
    """Lapkin Settama TW II 2023, Tabel 6: capaian B03, B06 and vs the annual target (B12).

    Uses the corrected targets of SAKIP_DOMAIN §9 (ind 15 T(B03) = 30, ind 20 T(B03) = 99.4, ind 27 T(B12) =
    94.2). Tabel 12 prints ind 16 TW I as 86.84; 81.25 / 96 = 84.64 (and Tabel 12's own goal 6 TW I needs it).
    """
    b03, b06, vs_b12 = expected
    assert shown(settama_capaian(no, 1)) == Decimal(b03)
    assert shown(settama_capaian(no, 2)) == Decimal(b06)
    assert shown(settama_capaian_vs_annual(no)) == Decimal(vs_b12)


def test_it_documents_the_settama_tabel_6_errors():
    """Lapkin Settama TW II 2023, Tabel 6: the printed values that come from wrong targets (§9).

    - ind 27 vs B12: printed 86.93 = 81.37 / 93.6 (2022 Renstra); the PK target is 94.2 -> 86.38.
    - ind 15 T(B03) printed 60 would give 59.77, not the printed 119.53 (= 35.86 / 30).
    - ind 20 T(B03) printed 99.6 would give 98.53, not the printed 98.73 (= 98.14 / 99.4).
    """
    assert shown(achievement(Decimal("81.37"), Decimal("93.6"))) == Decimal("86.93")
    assert shown(achievement(Decimal("35.86"), Decimal("60"))) == Decimal("59.77")
    assert shown(achievement(Decimal("98.14"), Decimal("99.6"))) == Decimal("98.53")


@pytest.mark.parametrize("no", [no for no, ind in SETTAMA.items() if ind.r06 is None], ids=lambda no: f"ind{no}")
def test_it_does_not_score_settama_year_end_indicators_at_tw_ii(no):
    """Lapkin Settama TW II 2023, Tabel 6: 'Akhir tahun' indicators show '-' (Belum dapat ditentukan)."""
    for outcome in (settama_capaian(no, 1), settama_capaian(no, 2), settama_capaian_vs_annual(no)):
        assert not outcome.computable
        assert criterion(outcome) is NOT_DETERMINED
    assert settama_capaian_vs_annual(no).reason == Reason.YEAR_END


SETTAMA_NPS_TW_II = {1: "101.83", 3: "89.25", 6: "96.99", 7: "108.40", 8: "99.75", 11: "114.00", 12: "120.19"}
SETTAMA_NPS_TW_I = {1: "54.65", 3: "100.00", 6: "102.08", 7: "96.25", 8: "98.79", 11: "114.00", 12: "135.68"}


def test_it_reproduces_settama_tabel_6_goal_nps():
    """Lapkin Settama TW II 2023, Tabel 6: NPS per goal (sasaran); goals 2, 4, 5, 9, 10 show '-'."""
    scores = settama_goal_scores(2)
    assert {goal: shown(nps) for goal, nps in scores.items() if nps.computable} == {
        goal: Decimal(value) for goal, value in SETTAMA_NPS_TW_II.items()
    }
    for goal in (2, 4, 5, 9, 10):
        assert scores[goal] == Outcome.missing(Reason.NOTHING_MEASURED)


def test_it_reproduces_settama_tabel_7_to_19_tw_i_goal_nps():
    """Lapkin Settama TW II 2023, Tabel 7-19, TW I columns: NPS per goal at B03.

    Tabel 12 prints indicator 16 TW I as 86.84, a typo for 84.64 (81.25 / 96): its own goal 6 TW I value
    102.08 = mean(119.53, 84.64).
    """
    scores = settama_goal_scores(1)
    assert {goal: shown(nps) for goal, nps in scores.items() if nps.computable} == {
        goal: Decimal(value) for goal, value in SETTAMA_NPS_TW_I.items()
    }


def test_it_reproduces_settama_tabel_6_perspectives_and_npss():
    """Lapkin Settama TW II 2023, Tabel 6: perspective scores 101.83 / 98.60 / 117.10 and NPSS 105.84.

    Stakeholder = goals 1, 2; Internal Process = goals 3..8; Learning & Growth = goals 9..12. Goals with only
    year-end indicators have no NPS and are left out. Settama rolls up as mean_of_perspectives.
    """
    goals_by_perspective = settama_goals_by_perspective(2)
    assert [shown(perspective_score(goals)) for goals in goals_by_perspective] == [
        Decimal("101.83"),
        Decimal("98.60"),
        Decimal("117.10"),
    ]
    assert shown(unit_score(goals_by_perspective, RollUp.MEAN_OF_PERSPECTIVES)) == Decimal("105.84")
    # The other roll-up (not Settama's), hand-computed from the 7 unrounded goal NPS: 730.4197... / 7.
    assert shown(unit_score(goals_by_perspective, RollUp.MEAN_OF_GOALS)) == Decimal("104.35")


def test_it_reproduces_settama_counts():
    """Lapkin Settama TW II 2023, Tabel 6 and BAB IV: of 27 indicators 11 measured (16 later):
    5 Memenuhi, 5 Belum Memenuhi, 1 Tidak Dapat Disimpulkan; 7 of 12 goals evaluated."""
    counts = count_by_criterion([settama_capaian(no, 2) for no in SETTAMA])
    assert (counts.total, counts.measured, counts.not_measured) == (27, 11, 16)
    assert counts.by_criterion == {"exceeds": 1, "meets": 5, "below": 5, "fails": 0}

    goals = count_by_criterion(list(settama_goal_scores(2).values()))
    assert (goals.total, goals.measured) == (12, 7)
    assert goals.by_criterion == {"exceeds": 1, "meets": 3, "below": 3, "fails": 0}


@pytest.mark.parametrize(("goal", "row"), SETTAMA_BUDGET.items())
def test_it_reproduces_settama_tabel_20_goal_absorption(goal, row):
    """Lapkin Settama TW II 2023, Tabel 20: realisation / (pagu - blokir) per goal."""
    allocation, realised, printed = row
    assert shown(absorption(Decimal(realised), Decimal(allocation))) == Decimal(printed)


def test_it_reproduces_settama_tabel_20_total_absorption():
    """Lapkin Settama TW II 2023, Tabel 20: 199.204.505.081 / 346.593.234.000 = 57.48 %; and §5: goal 4's
    share of the allocation is 50.72 %.

    Tabel 20's goal rows add up to Rp199.204.505.080, Rp1 less than its printed total: goal 1 is printed
    9.858.819.845 while its indicators in Lampiran 7 add up to 9.858.819.846 (and Lampiran 7 to the printed
    total). Both give 57.48 % (and goal 1 49.59 %).
    """
    goal_rows_realised = sum(realised for _, realised, _ in SETTAMA_BUDGET.values())
    assert goal_rows_realised == SETTAMA_REALISED_TOTAL - 1
    assert shown(absorption(Decimal(goal_rows_realised), Decimal(346593234000))) == Decimal("57.48")
    assert sum(allocation for allocation, _, _ in SETTAMA_BUDGET.values()) == 346593234000
    assert shown(absorption(Decimal(SETTAMA_REALISED_TOTAL), Decimal(346593234000))) == Decimal("57.48")
    assert shown(ratio_percent(Decimal(175806344450), Decimal(346593234000))) == Decimal("50.72")


# goal -> printed (output, input, IE, TE, capaian TE, efficient); goal 12 output printed 86.93 (see below)
SETTAMA_TABEL_21 = {
    1: ("101.83", "49.59", "2.05", "1.05", 86, False),
    3: ("89.25", "38.33", "2.33", "1.33", 84, False),
    6: ("96.99", "65.47", "1.48", "0.48", 92, True),
    7: ("108.40", "34.70", "3.12", "2.12", 75, False),
    8: ("99.75", "46.63", "2.14", "1.14", 86, False),
    11: ("114.00", "69.51", "1.64", "0.64", 90, True),
    12: ("120.19", "38.72", "3.10", "2.10", 75, False),
}


def settama_efficiency_rows():
    scores = settama_goal_scores(2)
    return {
        goal: efficiency(scores[goal], absorption(Decimal(realised), Decimal(allocation)))
        for goal, (allocation, realised, _) in SETTAMA_BUDGET.items()
    }


@pytest.mark.parametrize(("goal", "expected"), SETTAMA_TABEL_21.items())
def test_it_reproduces_settama_tabel_21_goal_efficiency(goal, expected):
    """Lapkin Settama TW II 2023, Tabel 21: output (unrounded NPS), input, IE, TE, capaian TE, category.

    Goal 12's output is printed 86.93 (its capaian vs the annual target), but its printed IE 3.10 is computed
    from the NPS 120.19 (120.19 / 38.72 = 3.10; 86.93 / 38.72 = 2.25): output = NPS = 120.19 (§9).
    """
    output, input_, index, level, capaian, efficient = expected
    result = settama_efficiency_rows()[goal]
    assert (shown(result.output), shown(result.input)) == (Decimal(output), Decimal(input_))
    assert (shown(result.index), shown(result.level)) == (Decimal(index), Decimal(level))
    assert (result.capaian, result.efficient) == (Decimal(capaian), efficient)


def test_it_reproduces_settama_tabel_21_unmeasured_goals_and_category_counts():
    """Lapkin Settama TW II 2023, Tabel 21: goals 2, 4, 5, 9, 10 show '-'; of 7 goals 2 efficient, 5 not."""
    rows = settama_efficiency_rows()
    for goal in (2, 4, 5, 9, 10):
        assert rows[goal].index == Outcome.missing(Reason.NO_OUTPUT)
        assert rows[goal].tier is None
    assert sorted(goal for goal, row in rows.items() if row.efficient is True) == [6, 11]
    assert sorted(goal for goal, row in rows.items() if row.efficient is False) == [1, 3, 7, 8, 12]


def test_it_reproduces_settama_tabel_21_total_row():
    """Lapkin Settama TW II 2023, Tabel 21, total row: 105.84 / 46.23 -> IE 2.29, TE 1.29, 84%, Tidak Efisien.

    Output = NPSS; input = Σ realisation / Σ (pagu - blokir) over the 7 goals with an output (the budget of
    goals 2, 4, 5, 9 and 10, which have none, is skipped).
    """
    scores = settama_goal_scores(2)
    output = unit_score(settama_goals_by_perspective(2), RollUp.MEAN_OF_PERSPECTIVES)
    input_ = total_input(
        (scores[goal], Decimal(realised), Decimal(allocation))
        for goal, (allocation, realised, _) in SETTAMA_BUDGET.items()
    )
    result = efficiency(output, input_)
    assert (shown(result.output), shown(result.input)) == (Decimal("105.84"), Decimal("46.23"))
    assert (shown(result.index), shown(result.level)) == (Decimal("2.29"), Decimal("1.29"))
    assert (result.capaian, result.efficient) == (Decimal(84), False)


# =====================================================================================================
# 9. Golden: Lapkin Pusdatin TW IV 2022
# =====================================================================================================

# code -> (target, realisation, printed capaian, criterion); None realisation = "Akhir Tahun"
PUSDATIN_TABEL_3_1 = {
    "SPBE": ("3.1", None, None, "not_determined"),
    "IKLT": ("3.4", "3.4", "100.00", "meets"),
    # 98 / 95 = 103.157...: the report prints 103.15 (truncated); half-up gives 103.16 (§9).
    "KELUHAN": ("95", "98", "103.16", "meets"),
    "BCM": ("31", "32.70", "105.48", "meets"),
    "CSIRT": ("3.6", "4.04", "112.22", "meets"),
    "PERPUS": ("80", "81.53", "101.91", "meets"),
    "DBP": ("15", "15", "100.00", "meets"),
    "DIM": ("100", "108.70", "108.70", "meets"),
    "SII": ("70", "73.45", "104.93", "meets"),
    "INFRA": ("100", "100", "100.00", "meets"),
    "RB": ("80.2", "71.47", "89.11", "below"),
    "AKIP": ("84.4", "81.00", "95.97", "below"),
    "IPASN": ("78", "82.6", "105.90", "meets"),
    "IPDI": ("3", "3", "100.00", "meets"),
    "STD": ("50", "53.16", "106.32", "meets"),
    "ISO": ("1", "1", "100.00", "meets"),
    "NKA": ("93.6", "91.83", "98.11", "below"),
}


@pytest.mark.parametrize(("code", "row"), PUSDATIN_TABEL_3_1.items())
def test_it_reproduces_pusdatin_tabel_3_1(code, row):
    """Lapkin Pusdatin TW IV 2022, Tabel 3.1: capaian and criterion of every indicator.

    'Keluhan' 98 / 95 is printed 103.15 (truncated); half-up gives 103.16. SPBE is measured 'Akhir Tahun':
    not computable, 'Belum dapat ditentukan'.
    """
    target, realisation, printed, band_code = row
    outcome = achievement(d(realisation), d(target), missing_reason=Reason.YEAR_END)
    assert shown(outcome) == d(printed)
    assert criterion(outcome).code == band_code
    if realisation is None:
        assert outcome.reason == Reason.YEAR_END
        assert criterion(outcome).label == "Belum dapat ditentukan"


def test_it_counts_pusdatin_tabel_3_1():
    """Lapkin Pusdatin TW IV 2022, Tabel 3.1: 17 indicators, 16 measured: 13 Memenuhi, 3 Belum Memenuhi."""
    scores = [
        achievement(d(realisation), d(target), missing_reason=Reason.YEAR_END)
        for target, realisation, _, _ in PUSDATIN_TABEL_3_1.values()
    ]
    counts = count_by_criterion(scores)
    assert (counts.total, counts.measured) == (17, 16)
    assert counts.by_criterion == {"exceeds": 0, "meets": 13, "below": 3, "fails": 0}
