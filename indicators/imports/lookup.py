"""Finding the goals and indicators a budget or realisation row names, for many units in one query each."""

from __future__ import annotations

from django.utils.translation import gettext as _

from indicators.imports.plan import RowReader
from indicators.models import Goal, Indicator
from sakip.models import OrgUnit


class Catalogue:
    """Goals and indicators of the (unit, year) pairs a file mentions."""

    def __init__(self, unit_ids: set[int], years: set[int]) -> None:
        self.goals = {
            (g.unit_id, g.year, g.number): g for g in Goal.objects.filter(unit_id__in=unit_ids, year__in=years)
        }
        self.by_number: dict[tuple[int, int, int], Indicator] = {}
        self.by_code: dict[tuple[int, int, str], Indicator] = {}
        for indicator in Indicator.objects.filter(goal__unit_id__in=unit_ids, goal__year__in=years).select_related(
            "goal"
        ):
            goal = indicator.goal
            self.by_number[(goal.unit_id, goal.year, indicator.number)] = indicator
            if indicator.code:
                self.by_code[(goal.unit_id, goal.year, indicator.code.upper())] = indicator

    def goal(self, row: RowReader, unit: OrgUnit, year: int) -> tuple[bool, Goal | None]:
        """(ok, goal) from the row's goal number; a blank cell is (True, None)."""
        number = row.integer("goal_number")
        if number is None:
            return row.ok, None
        goal = self.goals.get((unit.id, year, number))
        if goal is None:
            row.fail(
                "goal_number",
                _("sasaran %(n)s tidak ada pada %(unit)s %(year)s") % {"n": number, "unit": unit.code, "year": year},
            )
            return False, None
        return True, goal

    def indicator(self, row: RowReader, unit: OrgUnit, year: int) -> tuple[bool, Indicator | None]:
        """(ok, indicator) from the row's indicator number and/or code; both blank is (True, None)."""
        number = row.integer("indicator_number")
        code = row.text("indicator_code") if row.table.has("indicator_code") else ""
        if not row.ok:
            return False, None
        found = None
        if number is not None:
            found = self.by_number.get((unit.id, year, number))
            if found is None:
                row.fail(
                    "indicator_number",
                    _("indikator %(n)s tidak ada pada %(unit)s %(year)s (impor PK + RAPK lebih dahulu)")
                    % {"n": number, "unit": unit.code, "year": year},
                )
                return False, None
        if code:
            by_code = self.by_code.get((unit.id, year, code.upper()))
            if by_code is None:
                row.fail(
                    "indicator_code",
                    _("kode indikator «%(code)s» tidak dikenal pada %(unit)s %(year)s")
                    % {"code": code, "unit": unit.code, "year": year},
                )
                return False, None
            if found is not None and found != by_code:
                row.fail(
                    "indicator_code",
                    _("kode «%(code)s» milik indikator %(other)s, bukan indikator %(n)s")
                    % {"code": code, "other": by_code.number, "n": found.number},
                )
                return False, None
            found = by_code
        return True, found
