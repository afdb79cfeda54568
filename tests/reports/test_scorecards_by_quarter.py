"""Several quarters' scorecards from one reading of the rows (the dashboard's trend) equal each quarter built on its
own, and the scorecard's JSON (`scorecard --format json`) takes a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agency.export import summary_as_dict
from agency.summary import build_summary
from reports.scorecard import build_scorecard, build_scorecards, build_scorecards_by_quarter
from reports.scorecard_export import scorecard_as_dict
from sakip.models import OrgUnit
from sakip.visibility import EVERYTHING
from tests.reports.test_scorecard_page import add_indicators

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [2023, 2024])
def test_every_quarter_read_at_once_equals_the_quarter_built_alone(demo, year):
    units = list(OrgUnit.objects.all())
    together = build_scorecards_by_quarter(units, year, [1, 2, 3, 4])
    for quarter in (1, 2, 3, 4):
        alone = build_scorecards(units, year, quarter)
        assert {u: scorecard_as_dict(c) for u, c in together[quarter].items()} == {
            u: scorecard_as_dict(c) for u, c in alone.items()
        }
    if year == 2023:
        assert any(card.budget_total for card in together[2].values())  # the budget columns are compared too


def test_the_summary_with_cards_read_for_every_quarter_is_the_same(demo):
    units_cards = {}

    def cards(units, year, quarter):
        units_cards.setdefault(0, build_scorecards_by_quarter(units, year, [1, 2]))
        return units_cards[0][quarter]

    for quarter in (1, 2):
        assert summary_as_dict(build_summary(2024, quarter, EVERYTHING, cards)) == summary_as_dict(
            build_summary(2024, quarter, EVERYTHING)
        )


def test_the_scorecard_json_takes_the_same_queries_with_more_indicators(demo, django_assert_max_num_queries):
    unit = OrgUnit.objects.get(code="SETTAMA")
    with CaptureQueriesContext(connection) as before:
        scorecard_as_dict(build_scorecard(unit, 2023, 2))
    add_indicators(25)
    with django_assert_max_num_queries(len(before.captured_queries)):
        data = scorecard_as_dict(build_scorecard(unit, 2023, 2))
    assert len(data["indicators"]) == 27 + 25
