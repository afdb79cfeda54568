"""Who may see an indicator or a figure: public / internal / restricted (SOP Operational Center).

- public: everyone, logged in or not (the /publik/ page, a public digest);
- internal: every logged-in user;
- restricted: only the people of the unit it belongs to — its own members, the heads above it, admins and
  auditors (exactly the units `sakip.access.visible_units` gives). A figure about several units (an agency
  total) is restricted to those who may see every one of them.

Every channel — pages, exports, the PDF digest and later the API — asks a `Viewer` built once per request
(one query for the units the user may see), so filtering many rows costs no query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sakip.access import AnyUser, is_global, visible_units
from sakip.models import Visibility

ORDER = {Visibility.PUBLIC: 0, Visibility.INTERNAL: 1, Visibility.RESTRICTED: 2}


@dataclass(frozen=True)
class Viewer:
    """What one audience may see: the most it may see at all, and the units whose restricted data it sees."""

    level: Visibility
    unit_ids: frozenset[int]
    everything: bool = False  # sees every unit (admin, auditor, operator commands)

    def can_see(self, visibility: str, unit_ids: Iterable[int] | int | None = None) -> bool:
        """Whether data of this visibility, belonging to these units (None: the agency as a whole), shows."""
        wanted = Visibility(visibility or Visibility.INTERNAL)
        if ORDER[wanted] > ORDER[self.level]:
            return False
        if wanted != Visibility.RESTRICTED or self.everything:
            return True
        if unit_ids is None:
            return False
        ids = {unit_ids} if isinstance(unit_ids, int) else set(unit_ids)
        return bool(ids) and ids <= self.unit_ids


PUBLIC = Viewer(Visibility.PUBLIC, frozenset())
EVERYTHING = Viewer(Visibility.RESTRICTED, frozenset(), everything=True)


def audience(level: str) -> Viewer:
    """The viewer a published document is made for: a public or internal digest never holds restricted data;
    a restricted one holds everything (and only admins and auditors may download it)."""
    wanted = Visibility(level)
    if wanted == Visibility.RESTRICTED:
        return EVERYTHING
    return Viewer(wanted, frozenset())


def viewer_for(user: AnyUser) -> Viewer:
    if not user.is_authenticated:
        return PUBLIC
    if is_global(user):
        return EVERYTHING
    return Viewer(Visibility.RESTRICTED, frozenset(visible_units(user).values_list("id", flat=True)))
