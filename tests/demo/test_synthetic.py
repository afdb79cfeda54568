"""`generate_synthetic`: a synthetic agency with BPOM's shape, clearly marked, reproducible, removable."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from demo.synthetic import Shape, synthetic_units
from indicators.models import MonthStatus, Realisation
from reports.scorecard import build_scorecard
from sakip.models import Membership, OrgUnit

pytestmark = pytest.mark.django_db


def generate(**options):
    out = io.StringIO()
    call_command("generate_synthetic", units=20, indicators=6, year=2025, force=True, stdout=out, **options)
    return out.getvalue()


def test_it_builds_a_tree_with_bpom_proportions():
    assert (Shape(100).eselon1, Shape(100).eselon2, Shape(100).upt) == (4, 19, 76)
    generate(password="pw-syn")
    units = synthetic_units()
    kinds = Counter(units.values_list("kind", flat=True))
    shape = Shape(20)
    assert kinds == {"badan": 1, "eselon1": shape.eselon1, "eselon2": shape.eselon2, "upt": shape.upt}
    assert all(unit.name.startswith("[SINTETIS]") for unit in units)
    assert set(units.filter(kind="upt").values_list("group", flat=True)) == {"balai_besar", "balai", "loka"}
    assert not units.filter(kind="upt").exclude(parent__code="SYN-BPOM").exists()
    assert not OrgUnit.objects.exclude(code__startswith="SYN-").exists()  # nothing else touched
    planner = Membership.objects.get(user__username="syn-upt-001-perencana")
    assert planner.user.check_password("pw-syn") and planner.unit.code == "SYN-UPT-001"


def test_it_writes_a_year_of_work_in_every_workflow_state_and_scores_it():
    generate()
    states = set(MonthStatus.objects.values_list("state", flat=True))
    assert states >= {"locked", "approved", "submitted", "draft"}
    assert Realisation.objects.filter(state="year_end").exists() and Realisation.objects.filter(state="number")
    card = build_scorecard(OrgUnit.objects.get(code="SYN-UPT-001"), 2025, 2)
    assert card.unit_score.computable and card.counts.measured > 0
    assert card.budget_total is not None and card.budget_total.absorption.computable


def test_it_is_reproducible_and_replaced_or_removed_only_for_real():
    generate(seed=7)
    first = sorted(Realisation.objects.values_list("indicator__code", "month", "value"), key=str)
    with pytest.raises(CommandError, match="exist already"):
        generate(seed=7)
    assert "add --for-real" in generate(seed=7, replace=True)
    generate(seed=7, replace=True, for_real=True)
    assert sorted(Realisation.objects.values_list("indicator__code", "month", "value"), key=str) == first
    call_command("generate_synthetic", remove=True, for_real=True, force=True, stdout=io.StringIO())
    assert not synthetic_units().exists() and not Realisation.objects.exists()


def test_it_refuses_to_add_synthetic_data_to_a_production_installation(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_synthetic", units=5, indicators=1)
    assert not synthetic_units().exists()
