"""Import of the follow-up of recommendations (SAKIP_DOMAIN.md §16): one row per recommendation and quarter with
its status (Selesai with a date or evidence, Belum with action plans), as the Lapkin's *Matriks Tindak Lanjut
Rekomendasi* prints it.

A recommendation is named by its code (Kode rekomendasi) or, without one, by its text, within its unit and year;
a new one is created, an existing one takes the origin, text and indicators of the file. The quarter's status is
written through the same service as the follow-up page (revision, history, audit event) as approved: the admin
imports follow-ups that were already reviewed. A locked quarter is refused, like on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from indicators.followup_workflow import FollowUpInput, input_problems, quarter_locked, write_status
from indicators.imports.columns import FOLLOW_UP_SPEC, FOLLOW_UP_STATUS_WORDS, ORIGIN_WORDS
from indicators.imports.parsing import BadValue, is_dash
from indicators.imports.pk_rapk import parse_date
from indicators.imports.plan import BaseImport, Plan, RowReader, UnitPlan
from indicators.models import ActionPlan, Indicator, Recommendation, RecommendationStatus
from sakip.audit import record_event
from sakip.models import OrgUnit
from sakip.validation import max_length

CODE_LENGTH = Recommendation._meta.get_field("code").max_length
TIMELINE_LENGTH = max_length(ActionPlan, "timeline")
PROBLEM_COLUMNS = {"status": "status", "done_on": "done_on", "plans": "plans"}


@dataclass
class FollowUpRow:
    number: int
    unit: OrgUnit
    year: int
    quarter: int
    code: str
    origin: str
    text: str
    indicators: list[Indicator]
    data: FollowUpInput
    recommendation: Recommendation | None = None
    status: RecommendationStatus | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.unit.id, self.year, self.code.upper() if self.code else " ".join(self.text.lower().split()))


def split_numbers(text: str) -> list[int]:
    """'3, 5' or '3;5' or '3 dan 5' -> [3, 5]; BadValue for anything else."""
    parts = [p for p in re.split(r"[,;/\s]+|\bdan\b", text) if p]
    if not all(p.isdigit() for p in parts):
        raise BadValue(_("tulis nomor indikator dipisah koma, misalnya «3, 5»"))
    return [int(p) for p in parts]


class FollowUpImport(BaseImport):
    spec = FOLLOW_UP_SPEC

    def build(self) -> Plan:
        keys = self.read_keys()
        units = {unit.id for unit, _year, _values in keys.values()}
        years = {year for _unit, year, _values in keys.values()}
        self.indicators = {
            (i.goal.unit_id, i.goal.year, i.number): i
            for i in Indicator.objects.filter(goal__unit__in=units, goal__year__in=years).select_related("goal")
        }
        self.stored = self._stored(units, years)
        self.locked: dict[tuple[int, int, int], bool] = {}
        rows: list[FollowUpRow] = []
        seen: dict[tuple[tuple[int, int, str], int], int] = {}
        for number, (unit, year, values) in keys.items():
            row = self._read(self.reader(number, values), unit, year)
            if row is None:
                continue
            if (row.key, row.quarter) in seen:
                self.reader(number, values).fail(
                    "quarter",
                    _("rekomendasi yang sama untuk TW %(q)s sudah ada di baris %(row)s")
                    % {"q": row.quarter, "row": seen[(row.key, row.quarter)]},
                )
                continue
            seen[(row.key, row.quarter)] = number
            rows.append(row)
        if not self.problems:
            self._diff(rows)
        return self.plan

    def _stored(self, units: set[int], years: set[int]) -> dict[tuple[int, int, str], Recommendation]:
        statuses = RecommendationStatus.objects.prefetch_related(
            Prefetch("action_plans", queryset=ActionPlan.objects.order_by("id"))
        )
        found: dict[tuple[int, int, str], Recommendation] = {}
        for rec in Recommendation.objects.filter(unit__in=units, year__in=years).prefetch_related(
            "indicators", Prefetch("statuses", queryset=statuses)
        ):
            found.setdefault((rec.unit_id, rec.year, " ".join(rec.text.lower().split())), rec)
            if rec.code:
                found[(rec.unit_id, rec.year, rec.code.upper())] = rec
        return found

    def _read(self, row: RowReader, unit: OrgUnit, year: int) -> FollowUpRow | None:
        quarter = row.integer("quarter", required=True, low=1, high=4)
        code = row.text("code", max_length=CODE_LENGTH)
        origin = row.choice("origin", ORIGIN_WORDS) or Recommendation.Origin.MONEV
        text = row.long_text("text")
        if not text:
            row.fail("text", _("wajib diisi"))
        indicators = self._indicators(row, unit, year)
        status = row.choice("status", FOLLOW_UP_STATUS_WORDS)
        if status is None and row.ok:
            row.fail("status", _("wajib diisi (Selesai atau Belum)"))
        done_on = None
        if row.present("done_on"):
            try:
                done_on = parse_date(row.raw("done_on"))
            except BadValue as error:
                row.fail("done_on", str(error))
        plans = self._plans(row)
        if not row.ok or quarter is None or status is None:
            return None
        data = FollowUpInput(status, done_on, row.long_text("evidence"), row.long_text("outcome"), plans)
        for name, message in input_problems(data).items():
            row.fail(PROBLEM_COLUMNS.get(name, "status"), message)
        if quarter_locked(unit, year, quarter):  # at most four queries per unit and year
            row.fail("quarter", _("TW %(q)s %(year)s sudah dikunci") % {"q": quarter, "year": year})
        if not row.ok:
            return None
        return FollowUpRow(row.row_number, unit, year, quarter, code, origin, text, indicators, data)

    def _indicators(self, row: RowReader, unit: OrgUnit, year: int) -> list[Indicator]:
        if not row.present("indicators"):
            return []
        try:
            numbers = split_numbers(row.text("indicators"))
        except BadValue as error:
            row.fail("indicators", str(error))
            return []
        missing = [n for n in numbers if (unit.id, year, n) not in self.indicators]
        if missing:
            row.fail(
                "indicators",
                _("indikator nomor %(numbers)s tidak ada pada %(unit)s %(year)s")
                % {"numbers": ", ".join(map(str, missing)), "unit": unit.code, "year": year},
            )
            return []
        return [self.indicators[(unit.id, year, n)] for n in numbers]

    def _plans(self, row: RowReader) -> list[tuple[str, str]]:
        texts = [line.strip() for line in row.long_text("plans").split("\n") if line.strip()]
        timelines = [
            "" if is_dash(line) else line.strip() for line in row.long_text("timeline").split("\n") if line.strip()
        ]
        if len(timelines) > 1 and len(timelines) != len(texts):
            row.fail("timeline", _("tulis satu jadwal per baris rencana aksi, atau satu jadwal untuk semuanya"))
            return []
        if any(len(t) > TIMELINE_LENGTH for t in timelines):
            row.fail("timeline", _("paling panjang %(limit)s karakter per jadwal") % {"limit": TIMELINE_LENGTH})
            return []
        if len(timelines) <= 1:
            return [(text, timelines[0] if timelines else "") for text in texts]
        return list(zip(texts, timelines, strict=True))

    def _diff(self, rows: list[FollowUpRow]) -> None:
        plans: dict[tuple[int, int], UnitPlan] = {}
        new_keys: set[tuple[int, int, str]] = set()
        self.rows = rows
        for row in sorted(rows, key=lambda r: (r.unit.code, r.year, r.number)):
            plan = plans.get((row.unit.id, row.year))
            if plan is None:
                plan = plans[(row.unit.id, row.year)] = UnitPlan(row.unit, row.year)
                self.plan.units.append(plan)
            rec = row.recommendation = self.stored.get(row.key)
            label = row.code or row.text[:60]
            if rec is None and row.key in new_keys:
                pass  # an earlier row of the file creates it
            elif rec is None:
                new_keys.add(row.key)
                plan.counts["recommendations_created"] += 1
                plan.add("new", _("Rekomendasi baru «%(label)s»") % {"label": label})
            elif self._recommendation_changes(row, rec):
                plan.counts["recommendations_updated"] += 1
                plan.add("update", _("Rekomendasi «%(label)s» diubah") % {"label": label})
            status = row.status = (
                next((s for s in rec.statuses.all() if s.quarter == row.quarter), None) if rec else None
            )
            if status is None:
                plan.counts["follow_ups_created"] += 1
                plan.add("new", self._describe(row))
            elif self._status_differs(row.data, status):
                plan.counts["follow_ups_updated"] += 1
                plan.add("update", self._describe(row))
        for plan in self.plan.units:
            plan.headline = (
                _("%(new)s rekomendasi baru; %(statuses)s status tindak lanjut baru atau berubah")
                % {
                    "new": plan.counts["recommendations_created"],
                    "statuses": plan.counts["follow_ups_created"] + plan.counts["follow_ups_updated"],
                }
                if plan.changed
                else _("Tindak lanjut rekomendasi tidak berubah")
            )

    def _recommendation_changes(self, row: FollowUpRow, rec: Recommendation) -> bool:
        given = {i.id for i in row.indicators}
        return (
            rec.text != row.text
            or rec.origin != row.origin
            or (bool(given) and given != {i.id for i in rec.indicators.all()})
            or row.quarter < rec.first_quarter
        )

    @staticmethod
    def _status_differs(data: FollowUpInput, status: RecommendationStatus) -> bool:
        done = data.status == RecommendationStatus.Status.DONE
        stored_plans = [(p.text, p.timeline) for p in status.action_plans.all()]
        return (
            status.status != data.status
            or status.done_on != (data.done_on if done else None)
            or status.evidence != data.evidence.strip()
            or status.outcome != data.outcome.strip()
            or stored_plans != ([] if done else list(data.plans))
        )

    @staticmethod
    def _describe(row: FollowUpRow) -> str:
        label = row.code or row.text[:60]
        if row.data.status == RecommendationStatus.Status.DONE:
            when = row.data.done_on.strftime("%d-%m-%Y") if row.data.done_on else row.data.evidence[:40]
            return _("TW %(q)s «%(label)s»: Selesai (%(when)s)") % {"q": row.quarter, "label": label, "when": when}
        plans = "; ".join(f"{text} ({timeline})" if timeline else text for text, timeline in row.data.plans)
        return _("TW %(q)s «%(label)s»: Belum — %(plans)s") % {"q": row.quarter, "label": label, "plans": plans}

    def apply(self, reason: str = "", letter_number: str = "") -> None:
        user = self.context.user
        created: dict[tuple[int, int, str], Recommendation] = {}
        for row in self.rows:
            rec = row.recommendation or created.get(row.key)
            if rec is None:
                rec = Recommendation(unit=row.unit, year=row.year, code=row.code, first_quarter=row.quarter)
                created[row.key] = rec
            if rec.pk is None or self._recommendation_changes(row, rec):
                rec.text, rec.origin = row.text, row.origin
                rec.first_quarter = min(rec.first_quarter, row.quarter)
                rec._history_user = user  # type: ignore[attr-defined]
                rec.save()
                if row.indicators:
                    rec.indicators.set(row.indicators)
            status = (
                RecommendationStatus.objects.select_for_update().filter(recommendation=rec, quarter=row.quarter).first()
            )
            if status is None or self._status_differs(row.data, status):
                write_status(
                    user,
                    rec,
                    row.quarter,
                    status,
                    row.data,
                    RecommendationStatus.State.APPROVED,
                    "followup.import",
                    "import",
                )
        self._record()

    def _record(self) -> None:
        for plan in self.plan.units:
            if plan.changed:
                detail: dict[str, Any] = dict(plan.counts)
                record_event(
                    self.context.user,
                    "import.follow_up",
                    unit=plan.unit,
                    period=str(plan.year),
                    file=self.context.file_name,
                    **detail,
                )
