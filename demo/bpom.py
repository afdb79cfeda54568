"""Load BPOM 2024 (fixtures/demo/bpom_2024.json, built by demo/bpom_fixture.py) with a fixed number of queries.

Every satker of Lampiran II becomes an OrgUnit under its parent with its group and province (plus the Eselon I
units above them and the master data of the Loka that became Balai); its pagu, blokir (pagu − pagu after
automatic adjustment) and realisation s.d. June a unit budget line; the Bab 12 budget per spending type
BPOM's own lines by type; Lampiran I the goals, indicators, PK 2024, RAPK (B06 and B12) and realisations
s.d. B06 of the unit that runs each kegiatan, with B06 locked. The sampling tables and the source's defects
(data-quality warnings) go to the agency app. Rows are compared with what is stored and only differences are
written (bulk inserts with history), so a second run writes nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agency.models import DataWarning, SamplingResult
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
from sakip.models import OrgUnit, ScoringPolicy, UnitVersion, seed_default_policy

Key = tuple[Any, ...]
M = TypeVar("M", bound=models.Model)
AGREEMENT_SIGNED = datetime.date(2024, 1, 31)
SINCE = datetime.date(2024, 1, 1)  # what Lampiran II says holds for the 2024 budget year


class BulkUpserter:
    """Insert the rows that are missing and update the ones that differ, for many rows of one model at once."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts

    def run(
        self,
        label: str,
        model: type[M],
        existing: Iterable[M],
        key: Callable[[M], Key],
        wanted: dict[Key, dict[str, Any]],
    ) -> dict[Key, Any]:
        """`wanted` maps a natural key to the row's field values (keys included); returns every row by key."""
        stored = {key(obj): obj for obj in existing}
        new = []
        for k, values in wanted.items():
            obj = stored.get(k)
            if obj is None:
                new.append(model(**values))
                continue
            changed = [name for name, value in values.items() if _differs(obj, name, value)]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.save(update_fields=changed)
                self.counts[f"{label}_updated"] += 1
        if new:
            if hasattr(model, "history"):
                created = bulk_create_with_history(new, model, default_change_reason="load_demo")
            else:
                created = model._default_manager.bulk_create(new)
            self.counts[f"{label}_created"] += len(created)
            stored.update({key(obj): obj for obj in created})
        return {k: stored[k] for k in wanted}


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return bool(getattr(obj, field.attname) != (value.pk if value is not None else None))
    return bool(getattr(obj, name) != value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def load_bpom(data: dict[str, Any], counts: Counter[str]) -> None:
    upsert = BulkUpserter(counts).run
    year = int(data["year"])
    month = int(data["month"])
    units = _load_units(data, upsert)
    perspectives = {p.code: p for p in Perspective.objects.all()}
    owners = {units[g["unit"]] for g in data["goals"]}
    _load_policies(owners, year, upsert)

    goals: dict[Key, Goal] = {}
    programs: dict[str, Goal] = {}
    for is_program in (True, False):  # programme goals first: a kegiatan cascades from its programme
        rows = [g for g in data["goals"] if (g["level"] == "program") == is_program]
        goals.update(
            upsert(
                "goals",
                Goal,
                Goal.objects.filter(unit__in=owners, year=year),
                lambda g: (g.unit_id, g.number),
                {
                    (units[g["unit"]].id, g["number"]): {
                        "unit": units[g["unit"]],
                        "year": year,
                        "number": g["number"],
                        "level": g["level"],
                        "perspective": perspectives[g["perspective"]],
                        "name": g["name"],
                        "parent_goal": None if is_program else programs[g["program"]],
                    }
                    for g in rows
                },
            )
        )
        programs.update({g["program"]: goals[(units[g["unit"]].id, g["number"])] for g in rows if is_program})
    indicators = upsert(
        "indicators",
        Indicator,
        Indicator.objects.filter(goal__in=goals.values()),
        lambda i: (i.code,),
        {(f"L1-{i['seq']:03d}",): _indicator(i, goals[(units[i["unit"]].id, i["goal"])]) for i in data["indicators"]},
    )
    by_seq = {i["seq"]: indicators[(f"L1-{i['seq']:03d}",)] for i in data["indicators"]}
    agreements = upsert(
        "agreements",
        PerformanceAgreement,
        PerformanceAgreement.objects.filter(unit__in=owners, year=year, version=1),
        lambda a: (a.unit_id,),
        {
            (unit.id,): {"unit": unit, "year": year, "version": 1, "in_force": True, "signed_on": AGREEMENT_SIGNED}
            for unit in owners
        },
    )
    _load_targets(data, units, by_seq, agreements, month, upsert)
    _load_realisations(data, by_seq, month, upsert)
    upsert(
        "month_statuses",
        MonthStatus,
        MonthStatus.objects.filter(unit__in=owners, year=year, month=month),
        lambda s: (s.unit_id,),
        {(unit.id,): _locked(unit, year, month) for unit in owners},
    )
    _load_budget(data, units, year, month, upsert)
    _load_agency_data(data, units, by_seq, year, month, upsert)


def _load_units(data: dict[str, Any], upsert: Any) -> dict[str, OrgUnit]:
    units = {u.code: u for u in OrgUnit.objects.filter(code="BPOM")}
    codes = [u["code"] for u in data["units"]]
    for level in ("eselon1", None):  # parents first: every satker's parent is BPOM or an Eselon I unit
        rows = [u for u in data["units"] if (u["kind"] == "eselon1") == (level == "eselon1")]
        units.update(
            {
                code: unit
                for (code,), unit in upsert(
                    "units",
                    OrgUnit,
                    OrgUnit.objects.filter(code__in=codes),
                    lambda u: (u.code,),
                    {
                        (u["code"],): {
                            "code": u["code"],
                            "name": u["name"],
                            "kind": u["kind"],
                            "group": u["group"],
                            "parent": units[u["parent"]],
                            "city": u["city"],
                            "province": u["province"],
                        }
                        for u in rows
                    },
                ).items()
            }
        )
    versions: dict[Key, dict[str, Any]] = {}
    for change in data["unit_changes"]:
        unit = units[change["unit"]]
        current = next(u for u in data["units"] if u["code"] == change["unit"])
        before = {**current, **change["before"]}
        for valid_from, values, source in (
            (SINCE.replace(year=2018), before, "Peraturan BPOM Nomor 12 Tahun 2018 (Loka POM)"),
            (datetime.date.fromisoformat(change["valid_from"]), current, change["source"]),
        ):
            versions[(unit.id, valid_from)] = {
                "unit": unit,
                "valid_from": valid_from,
                "name": values["name"],
                "kind": values["kind"],
                "group": values["group"],
                "parent": units[values["parent"]],
                "city": values["city"],
                "province": values["province"],
                "source": source,
            }
    upsert(
        "unit_versions",
        UnitVersion,
        UnitVersion.objects.filter(unit__in=[units[c["unit"]] for c in data["unit_changes"]]),
        lambda v: (v.unit_id, v.valid_from),
        versions,
    )
    return units


def _load_policies(owners: set[OrgUnit], year: int, upsert: Any) -> None:
    policies = upsert(
        "policies",
        ScoringPolicy,
        ScoringPolicy.objects.filter(unit__in=owners, year=year).prefetch_related("criteria", "tiers"),
        lambda p: (p.unit_id,),
        {
            (unit.id,): {
                "unit": unit,
                "year": year,
                "rollup": (
                    scoring.RollUp.MEAN_OF_PERSPECTIVES
                    if unit.kind == OrgUnit.Kind.BADAN
                    else scoring.RollUp.MEAN_OF_GOALS
                ),
            }
            for unit in owners
        },
    )
    for policy in policies.values():
        if not (policy.criteria.all() and policy.tiers.all()):
            seed_default_policy(policy)


def _indicator(row: dict[str, Any], goal: Goal) -> dict[str, Any]:
    status = row["status"]
    schedule = {"measured": "quarterly", "starts_TW3": "quarterly"}.get(status, "year_end")
    return {
        "goal": goal,
        "number": row["number"],
        "code": f"L1-{row['seq']:03d}",
        "name": row["name"],
        "unit_of_measure": row["unit_of_measure"],
        "value_kind": "qualitative" if row["qualitative_map"] else "number",
        "qualitative_map": row["qualitative_map"],
        "schedule": schedule,
        "target_behaviour": "flat" if schedule == "quarterly" else "year_end",
        "visibility": row["visibility"],
        "definition": f"Lampiran I, baris {row['source_line']}",
    }


def _load_targets(
    data: dict[str, Any],
    units: dict[str, OrgUnit],
    by_seq: dict[int, Indicator],
    agreements: dict[Key, PerformanceAgreement],
    month: int,
    upsert: Any,
) -> None:
    annual: dict[Key, dict[str, Any]] = {}
    monthly: dict[Key, dict[str, Any]] = {}
    for row in data["indicators"]:
        agreement = agreements[(units[row["unit"]].id,)]
        indicator = by_seq[row["seq"]]
        target = _decimal(row["target"])
        annual[(indicator.id,)] = {"agreement": agreement, "indicator": indicator, "annual_target": target}
        if target is None:
            continue
        months = {"measured": [month, 12], "starts_TW3": [9, 12]}.get(row["status"], [12])
        for m in months:
            monthly[(indicator.id, m)] = {"agreement": agreement, "indicator": indicator, "month": m, "value": target}
    agreement_ids = [a.id for a in agreements.values()]
    upsert(
        "annual_targets",
        AgreementTarget,
        AgreementTarget.objects.filter(agreement_id__in=agreement_ids),
        lambda t: (t.indicator_id,),
        annual,
    )
    upsert(
        "monthly_targets",
        MonthlyTarget,
        MonthlyTarget.objects.filter(agreement_id__in=agreement_ids),
        lambda t: (t.indicator_id, t.month),
        monthly,
    )


def _load_realisations(data: dict[str, Any], by_seq: dict[int, Indicator], month: int, upsert: Any) -> None:
    wanted: dict[Key, dict[str, Any]] = {}
    for row in data["indicators"]:
        indicator = by_seq[row["seq"]]
        state, value = {
            "measured": (Realisation.State.NUMBER, _decimal(row["realisation"])),
            "annual_only": (Realisation.State.YEAR_END, None),
            # a staged programme in progress: its value is the progress %, not scored before B12 (§11)
            "progress_only": (Realisation.State.IN_PROCESS, _decimal(row["progress"])),
        }.get(row["status"], (None, None))
        if state is None:
            continue  # starts in TW III: nothing due yet
        wanted[(indicator.id,)] = {
            "indicator": indicator,
            "month": month,
            "state": state,
            "value": value,
            "analysis": row["note"],
        }
    upsert(
        "realisations",
        Realisation,
        Realisation.objects.filter(indicator__in=by_seq.values(), month=month),
        lambda r: (r.indicator_id,),
        wanted,
    )


def _locked(unit: OrgUnit, year: int, month: int) -> dict[str, Any]:
    deadline = deadline_for(year, month)
    submitted = timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(9)))
    return {
        "unit": unit,
        "year": year,
        "month": month,
        "state": MonthStatus.State.LOCKED,
        "deadline": deadline,
        "submitted_at": submitted,
        "reviewed_at": submitted + datetime.timedelta(days=1),
    }


def _load_budget(data: dict[str, Any], units: dict[str, OrgUnit], year: int, month: int, upsert: Any) -> None:
    lines: dict[Key, dict[str, Any]] = {}
    realised: dict[Key, Decimal] = {}
    for row in data["budget"]:
        unit = units[row["unit"]]
        pagu = Decimal(row["pagu"])
        lines[(unit.id, "")] = {"unit": unit, "year": year, "pagu": pagu, "blokir": pagu - Decimal(row["pagu_aa"])}
        realised[(unit.id, "")] = Decimal(row["realised_b06"])
    bpom = units["BPOM"]
    for row in data["spending_types"]:
        kind = SpendingType(row["type"])
        lines[(bpom.id, kind.value)] = {"unit": bpom, "year": year, "spending_type": kind, "pagu": Decimal(row["pagu"])}
        realised[(bpom.id, kind.value)] = Decimal(row["realised_b06"])
    stored = upsert(
        "budget_lines",
        BudgetLine,
        BudgetLine.objects.filter(year=year, goal=None, unit_id__in={k[0] for k in lines}),
        lambda line: (line.unit_id, line.spending_type),
        lines,
    )
    upsert(
        "budget_realisations",
        BudgetRealisation,
        BudgetRealisation.objects.filter(line__in=stored.values(), month=month),
        lambda r: (r.line_id,),
        {(stored[k].id,): {"line": stored[k], "month": month, "amount": amount} for k, amount in realised.items()},
    )


def _load_agency_data(
    data: dict[str, Any],
    units: dict[str, OrgUnit],
    by_seq: dict[int, Indicator],
    year: int,
    month: int,
    upsert: Any,
) -> None:
    quarter = (month + 2) // 3
    upsert(
        "sampling_results",
        SamplingResult,
        SamplingResult.objects.filter(year=year, quarter=quarter),
        lambda s: (s.table, s.commodity),
        {
            (row["table"], row["commodity"]): {
                "year": year,
                "quarter": quarter,
                "table": row["table"],
                "commodity": row["commodity"],
                **{field: row[field] for field in SamplingResult.COUNT_FIELDS},
                "source_line": row["source_line"],
            }
            for row in data["sampling"]
        },
    )
    upsert(
        "data_warnings",
        DataWarning,
        DataWarning.objects.filter(year=year),
        lambda w: (w.code, w.source_line),
        {
            (w["code"], w["source_line"]): {
                "year": year,
                "code": w["code"],
                "unit": units[w["unit"]] if w["unit"] else None,
                "indicator": by_seq[w["indicator"]] if w["indicator"] else None,
                "message": w["message"],
                "source_line": w["source_line"],
            }
            for w in data["warnings"]
        },
    )
