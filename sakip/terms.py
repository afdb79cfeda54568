"""The words of each level of the organisation (SAKIP_DOMAIN.md §10), as data per unit kind.

A Badan reports on *sasaran strategis*, an Eselon I unit (Settama) on *sasaran program*, an Eselon II unit or
a UPT on *sasaran kegiatan* with its *Nilai Pencapaian Sasaran Kegiatan*. Pages, exports and the Lapkin take
their words from here, never from a test on a unit's code. The Lapkin of an Eselon II unit or a UPT also
prints its table of operational definitions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class LevelTerms:
    goal_level: str  # indicators.models.Goal.Level value of the unit's goals
    goal: StrOrPromise  # "sasaran program" (in a sentence)
    goal_title: StrOrPromise  # "Sasaran Program" (a column or heading)
    goal_score: StrOrPromise  # abbreviation of a goal's score: "NPS", "NSPK"
    goal_score_name: StrOrPromise  # "Nilai Pencapaian Sasaran (NPS)"
    unit_score: StrOrPromise  # short name of the unit's score: "NPSS"
    unit_score_name: StrOrPromise  # "Nilai Pencapaian Sasaran Strategis (NPSS)"
    definitions_table: bool  # the Lapkin prints the operational definitions (indicator, definition, calculation)

    def as_dict(self) -> dict[str, str | bool]:
        """Plain strings in the active language (for a report's snapshot)."""
        return {key: value if isinstance(value, bool) else str(value) for key, value in asdict(self).items()}


_STRATEGIC = LevelTerms(
    goal_level="strategic",
    goal=_("sasaran strategis"),
    goal_title=_("Sasaran Strategis"),
    goal_score="NPS",
    goal_score_name=_("Nilai Pencapaian Sasaran (NPS)"),
    unit_score="NPSS",
    unit_score_name=_("Nilai Pencapaian Sasaran Strategis (NPSS)"),
    definitions_table=False,
)
_PROGRAM = LevelTerms(
    goal_level="program",
    goal=_("sasaran program"),
    goal_title=_("Sasaran Program"),
    goal_score="NPS",
    goal_score_name=_("Nilai Pencapaian Sasaran (NPS)"),
    unit_score="NPSS",
    unit_score_name=_("Nilai Pencapaian Sasaran Strategis (NPSS)"),
    definitions_table=False,
)
_ACTIVITY = LevelTerms(
    goal_level="activity",
    goal=_("sasaran kegiatan"),
    goal_title=_("Sasaran Kegiatan"),
    goal_score="NSPK",
    goal_score_name=_("Nilai Pencapaian Sasaran Kegiatan (NSPK)"),
    unit_score=_("Nilai Pencapaian Sasaran Kegiatan"),
    unit_score_name=_("Nilai Pencapaian Sasaran Kegiatan"),
    definitions_table=True,
)

# OrgUnit.Kind value -> terms. A kind not listed (none today) gets the Eselon I words.
KIND_TERMS: dict[str, LevelTerms] = {
    "badan": _STRATEGIC,
    "eselon1": _PROGRAM,
    "eselon2": _ACTIVITY,
    "upt": _ACTIVITY,
}
DEFAULT_TERMS = _PROGRAM


def terms_for(kind: str) -> LevelTerms:
    """The words of a unit of this kind (OrgUnit.kind)."""
    return KIND_TERMS.get(kind, DEFAULT_TERMS)


def goal_level_for(kind: str) -> str:
    """The level of a new goal of a unit of this kind (Goal.Level value)."""
    return terms_for(kind).goal_level
