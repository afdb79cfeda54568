"""The calculation methods of SAKIP_DOMAIN.md §11 with its worked numbers, without a database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from sakip import scoring
from sakip.scoring import ComponentValue as C
from sakip.scoring import Method


def shown(value: D | None) -> D:
    assert value is not None
    return scoring.round2(value)


def test_it_scores_66_of_108_against_81_from_the_unrounded_ratio():
    value = scoring.indicator_value(Method.RATIO, [C("R", numerator=D(66), denominator=D(108))]).value
    assert shown(scoring.achievement(value, D(81)).value) == D("75.45")
    assert shown(scoring.achievement(shown(value), D(81)).value) == D("75.44")  # what rounding first would print


def test_it_lets_the_numerator_exceed_the_denominator_and_leaves_a_zero_denominator_uncomputable():
    assert shown(scoring.indicator_value(Method.RATIO, [C("R", numerator=D(25), denominator=D(23))]).value) == D(
        "108.70"
    )
    assert scoring.indicator_value(Method.RATIO, [C("R", numerator=D(0), denominator=D(0))]).value is None


def test_it_takes_the_mean_of_component_ratios_not_the_pooled_ratio():
    components = [C("A", numerator=D(61), denominator=D(103)), C("B", numerator=D(3), denominator=D(17))]
    assert shown(scoring.indicator_value(Method.MEAN_OF_RATIOS, components).value) == D("38.44")  # not 53.33


def test_it_leaves_a_zero_over_zero_component_out_of_the_mean_and_says_so():
    components = [
        C("A", numerator=D(61), denominator=D(103)),
        C("B", numerator=D(3), denominator=D(17)),
        C("C", numerator=D(0), denominator=D(0)),
    ]
    computed = scoring.indicator_value(Method.MEAN_OF_RATIOS, components)
    assert shown(computed.value) == D("38.44")
    assert computed.left_out == ("C",)


def test_it_computes_the_settama_nka_as_a_weighted_sum():
    components = [C("EKA", D("0.6"), D("76.65")), C("IKPA", D("0.4"), D("97.35"))]
    assert scoring.indicator_value(Method.WEIGHTED_SUM, components).value == D("84.93")


def test_a_weighted_sum_needs_every_component():
    components = [C("EKA", D("0.6"), D("76.65")), C("IKPA", D("0.4"), None)]
    assert scoring.indicator_value(Method.WEIGHTED_SUM, components).value is None


def test_it_renormalises_the_weights_over_the_components_assessed():
    weights = [10, 10, 20, 10, 10, 10, 5, 25]
    values = [D(100), D(90), D(80), None, D(70), None, D(100), D(60)]
    components = [C(f"K{i}", D(w), v) for i, (w, v) in enumerate(zip(weights, values, strict=True))]
    computed = scoring.indicator_value(Method.WEIGHTED_MEAN, components)
    # (1000 + 900 + 1600 + 700 + 500 + 1500) / 80 = 77.5
    assert computed.value == D("77.5")
    assert computed.left_out == ("K3", "K5")


def test_a_staged_programme_gives_partial_credit_per_stage():
    stages = [C("S1", D(20), D(100)), C("S2", D(30), D(100)), C("S3", D(30), D("53.9")), C("S4", D(20), D(0))]
    progress = scoring.indicator_value(Method.STAGED, stages, month=9).value
    assert progress == D("66.17")


def test_before_b12_the_capaian_against_the_annual_target_of_a_staged_programme_is_the_progress_itself():
    assert scoring.staged_annual_capaian(D("86.17"), 9, D(58)).value == D("86.17")  # not 148.57
    assert shown(scoring.staged_annual_capaian(D(55), 12, D(58)).value) == D("94.83")  # B12: the count


def test_in_b12_a_staged_programme_takes_the_count_typed():
    stages = [C("S1", D(50), D(100)), C("S2", D(50), D(100))]
    assert scoring.indicator_value(Method.STAGED, stages, month=12).value is None


def test_the_enforcement_formula_weights_the_stages_each_case_reached():
    values = {"SPDP": D(10), "TAHAP1": D(8), "P21": D(6), "TAHAP2": D(4), "KASUS": D(10)}
    computed = scoring.named_formula("penindakan", [C(code, value=v) for code, v in values.items()])
    # (15 x 10 + 40 x 8 + 30 x 6 + 15 x 4) / 10 = 71
    assert computed.value == D(71)


def test_the_enforcement_formula_needs_every_stage_and_cases():
    computed = scoring.named_formula("penindakan", [C("SPDP", value=D(1))])
    assert computed.value is None
    assert computed.left_out == ("TAHAP1", "P21", "TAHAP2", "KASUS")


def test_the_mean_of_two_formula_gives_the_settama_cooperation_figure():
    computed = scoring.named_formula("rata_rata_a_b", [C("A", value=D("42.35")), C("B", value=D("44.36"))])
    assert shown(computed.value) == D("43.36")  # the text's 43,35 is a typo (golden note)


@pytest.mark.parametrize("name", sorted(scoring.FORMULAS))
def test_every_registered_formula_has_a_text_and_is_tested_here(name):
    formula = scoring.FORMULAS[name]
    assert formula.text and formula.codes
    assert name in {"penindakan", "rata_rata_a_b"}, "add a test with a worked number for the new formula"
