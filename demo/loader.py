"""Demo data: Sekretariat Utama 2023 and Pusdatin 2022 (from the published Lapkin) plus four demo users.

The data lives in `fixtures/demo/*.json`; each file describes its own layout in its "format" key. `load_demo`
upserts everything on natural keys in one transaction and only saves rows whose values differ, so a second
run creates nothing, changes nothing and adds no history records.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from budget.models import BudgetLine, BudgetRealisation
from demo.bpom import load_bpom
from demo.upt import load_upt
from indicators.models import (
    AgreementTarget,
    Component,
    ComponentValue,
    Goal,
    Indicator,
    MonthlyTarget,
    MonthStatus,
    PerformanceAgreement,
    Perspective,
    Realisation,
    RevisionItem,
)
from indicators.workflow import deadline_for
from reports.models import ReportText
from sakip.models import CriterionBand, EfficiencyTier, Membership, OrgUnit, Role, ScoringPolicy, seed_default_policy
from sakip.roles import ensure_admin_group

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_FILES = ("settama_2023.json", "pusdatin_2022.json")
COMPONENTS_FILE = "components.json"  # how the indicators of both files are computed (demo/components_fixture.py)
AGENCY_FILE = "bpom_2024.json"  # BPOM as a whole, TW II 2024 (demo/bpom.py)
NARRATIVES_SUFFIX = "_narratives.json"  # the Lapkin narratives laid over a unit file (demo/narratives_fixture.py)
DEMO_PASSWORD = "sakip-demo"  # published demo login; the command refuses to run when DEBUG is off


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    unit: str
    first_name: str
    is_staff: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"  # reserved domain: the console shows the mails, nobody gets them


DEMO_USERS = (
    DemoUser("perencana", Role.PLANNER, "PUSDATIN", "Perencana Pusdatin"),
    DemoUser("kepala", Role.HEAD, "SETTAMA", "Kepala Sekretariat Utama"),
    DemoUser("admin", Role.ADMIN, "BPOM", "Admin Biro Perencanaan", is_staff=True),
    DemoUser("auditor", Role.AUDITOR, "BPOM", "Auditor Inspektorat"),
)

LABELS = (
    "units",
    "perspectives",
    "policies",
    "criterion_bands",
    "efficiency_tiers",
    "goals",
    "indicators",
    "agreements",
    "annual_targets",
    "monthly_targets",
    "revision_items",
    "realisations",
    "components",
    "component_values",
    "budget_lines",
    "budget_realisations",
    "month_statuses",
    "report_texts",
    "pagu_changes",
    "recommendations",
    "recommendation_statuses",
    "action_plans",
    "unit_versions",
    "sampling_results",
    "data_warnings",
    "users",
    "memberships",
)

M = TypeVar("M", bound=models.Model)


def load_demo(directory: Path = DEMO_DIR, agency: bool = True) -> dict[str, int]:
    """Load every demo file (with `agency`, BPOM 2024 too) and the demo users; return '<label>_created' /
    '<label>_updated' counts."""
    loader = _Loader()
    with transaction.atomic():
        for name in DEMO_FILES:
            data = json.loads((directory / name).read_text(encoding="utf-8"), parse_float=Decimal)
            overlay_path = directory / name.replace(".json", NARRATIVES_SUFFIX)
            overlay = json.loads(overlay_path.read_text(encoding="utf-8")) if overlay_path.exists() else None
            if overlay is not None:
                lay_over(data, overlay)
            loader.load_file(data)
            if overlay is not None:
                loader.load_texts(loader.units[data["unit"]], int(data["year"]), overlay["texts"])
        components = json.loads((directory / COMPONENTS_FILE).read_text(encoding="utf-8"), parse_float=Decimal)
        loader.load_components(components["indicators"])
        load_upt(loader)
        if agency:
            data = json.loads((directory / AGENCY_FILE).read_text(encoding="utf-8"), parse_float=Decimal)
            load_bpom(data, loader.counts)
        loader.load_users()
    return loader.result()


def lay_over(data: dict[str, Any], overlay: dict[str, Any]) -> None:
    """Fill the unit file's empty narratives and definitions from its overlay; never overwrite a value."""
    if (overlay["unit"], overlay["year"]) != (data["unit"], data["year"]):
        raise ValueError(f"narratives of {overlay['unit']} {overlay['year']} laid over {data['unit']} {data['year']}")
    realisations = {(r["indicator"], _month(r["month"])): r for r in data["realisations"]}
    indicators = {i["number"]: i for g in data["goals"] for i in g["indicators"]}
    pairs = [(realisations.get((r["indicator"], _month(r["month"]))), r) for r in overlay["realisations"]]
    pairs += [(indicators.get(i["number"]), i) for i in overlay["indicators"]]
    for target, extra in pairs:
        if target is None:
            raise ValueError(f"narratives for a row the unit file does not have: {extra}")
        for key, value in extra.items():
            if key in ("indicator", "month", "number"):
                continue
            if target.get(key):
                raise ValueError(f"narratives would overwrite {key} of {extra}")
            target[key] = value


def _decimal(value: Any) -> Decimal | None:
    """A JSON number cell: a decimal string (or int); null stays None. Floats never reach here."""
    if value is None:
        return None
    if isinstance(value, bool | float):
        raise TypeError(f"demo data must hold decimal strings, got {value!r}")
    return Decimal(str(value))


def _month(key: str | int) -> int:
    """'B06' or 6 -> 6."""
    month = int(key[1:]) if isinstance(key, str) and key.startswith("B") else int(key)
    if not 1 <= month <= 12:
        raise ValueError(f"bad month {key!r}")
    return month


class _Loader:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.units: dict[str, OrgUnit] = {}

    def result(self) -> dict[str, int]:
        return {
            f"{label}_{what}": self.counts[f"{label}_{what}"] for label in LABELS for what in ("created", "updated")
        }

    def upsert(self, label: str, model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
        """update_or_create that saves only when a value differs (no needless history rows)."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model._default_manager.create(**lookup, **values)
            self.counts[f"{label}_created"] += 1
            return obj
        changed = [name for name, value in values.items() if self._differs(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            if isinstance(obj, Realisation):
                obj.revision += 1  # optimistic concurrency: an open edit form must notice
                changed += ["revision", "updated_at"]
            obj.save(update_fields=changed)
            self.counts[f"{label}_updated"] += 1
        return obj

    @staticmethod
    def _differs(obj: models.Model, name: str, value: Any) -> bool:
        field = obj._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            return bool(getattr(obj, field.attname) != (value.pk if value is not None else None))
        return bool(getattr(obj, name) != value)

    # --- one file ---------------------------------------------------------------------------------------

    def load_file(self, data: dict[str, Any]) -> None:
        for unit in data["units"]:
            parent = self.units[unit["parent"]] if unit["parent"] else None
            self.units[unit["code"]] = self.upsert(
                "units",
                OrgUnit,
                {"code": unit["code"]},
                {"name": unit["name"], "kind": unit["kind"], "parent": parent},
            )
        perspectives = {
            p["code"]: self.upsert(
                "perspectives", Perspective, {"code": p["code"]}, {"name": p["name"], "order": p["order"]}
            )
            for p in data["perspectives"]
        }
        unit = self.units[data["unit"]]
        year = int(data["year"])
        self.load_policy(unit, year, data["policy"])
        indicators = self.load_goals(unit, year, data["goals"], perspectives)
        self.load_agreements(unit, year, data["agreements"], indicators)
        self.load_realisations(data["realisations"], indicators)
        approved = {_month(m) for m in data.get("approved_months", [])}
        self.load_month_statuses(unit, year, {_month(r["month"]) for r in data["realisations"]}, approved)
        self.load_budget(unit, year, data["budget"], indicators)

    def load_policy(self, unit: OrgUnit, year: int, policy: dict[str, Any]) -> None:
        obj = self.upsert(
            "policies",
            ScoringPolicy,
            {"unit": unit, "year": year},
            {
                "rollup": policy["rollup"],
                "efficiency_level": policy["efficiency_level"],
                "output_basis": policy["output_basis"],
            },
        )
        bands, tiers = obj.criteria.count(), obj.tiers.count()
        seed_default_policy(obj)
        self.counts["criterion_bands_created"] += CriterionBand.objects.filter(policy=obj).count() - bands
        self.counts["efficiency_tiers_created"] += EfficiencyTier.objects.filter(policy=obj).count() - tiers

    def load_goals(
        self, unit: OrgUnit, year: int, goals: list[dict[str, Any]], perspectives: dict[str, Perspective]
    ) -> dict[int, Indicator]:
        """Goals and their indicators; returns the indicators by number (unique within a unit and year)."""
        indicators: dict[int, Indicator] = {}
        for g in goals:
            goal = self.upsert(
                "goals",
                Goal,
                {"unit": unit, "year": year, "number": g["number"]},
                {"level": g["level"], "perspective": perspectives[g["perspective"]], "name": g["name"]},
            )
            for i in g["indicators"]:
                if i["number"] in indicators:
                    raise ValueError(f"indicator number {i['number']} used twice in {unit.code} {year}")
                indicators[i["number"]] = self.upsert(
                    "indicators",
                    Indicator,
                    {"goal": goal, "number": i["number"]},
                    {
                        "code": i["code"],
                        "name": i["name"],
                        "unit_of_measure": i["unit_of_measure"],
                        "value_kind": i["value_kind"],
                        "qualitative_map": i["qualitative_map"],
                        "polarity": i["polarity"],
                        "lower_rule": i["lower_rule"],
                        "schedule": i["schedule"],
                        "target_behaviour": i["target_behaviour"],
                        "decimals": i["decimals"],
                        "scale_min": _decimal(i["scale_min"]),
                        "scale_max": _decimal(i["scale_max"]),
                        "weight": _decimal(i["weight"]),
                        "definition": i["definition"],
                        "calculation": i["calculation"],
                    },
                )
        return indicators

    def load_agreements(
        self, unit: OrgUnit, year: int, agreements: list[dict[str, Any]], indicators: dict[int, Indicator]
    ) -> None:
        if sum(1 for a in agreements if a["in_force"]) != 1:
            raise ValueError(f"{unit.code} {year}: exactly one agreement version must be in force")
        # Versions not in force first, so that at most one row is ever in force (DB constraint).
        for a in sorted(agreements, key=lambda a: a["in_force"]):
            if a["in_force"]:
                for other in PerformanceAgreement.objects.filter(unit=unit, year=year, in_force=True).exclude(
                    version=a["version"]
                ):
                    other.in_force = False
                    other.save(update_fields=["in_force"])
                    self.counts["agreements_updated"] += 1
            agreement = self.upsert(
                "agreements",
                PerformanceAgreement,
                {"unit": unit, "year": year, "version": a["version"]},
                {
                    "signed_on": datetime.date.fromisoformat(a["signed_on"]) if a["signed_on"] else None,
                    "letter_number": a["letter_number"],
                    "reason": a["reason"],
                    "in_force": a["in_force"],
                    "effective_month": a.get("effective_month", 1),
                    "request_letter": a.get("request_letter", ""),
                    "override_reason": a.get("override_reason", ""),
                    "first_party": a.get("first_party", ""),
                    "first_party_title": a.get("first_party_title", ""),
                    "second_party": a.get("second_party", ""),
                    "second_party_title": a.get("second_party_title", ""),
                    "budget_total": _decimal(a.get("budget_total")),
                },
            )
            for item in a.get("items", []):
                self.upsert(
                    "revision_items",
                    RevisionItem,
                    {"agreement": agreement, "indicator": indicators[item["indicator"]]},
                    {
                        "old_annual": _decimal(item["old_annual"]),
                        "proposed_annual": _decimal(item["proposed_annual"]),
                        "decided_annual": _decimal(item["decided_annual"]),
                        "decision": item["decision"],
                        "note": item.get("note", ""),
                    },
                )
            for t in a["targets"]:
                indicator = indicators[t["indicator"]]
                self.upsert(
                    "annual_targets",
                    AgreementTarget,
                    {"agreement": agreement, "indicator": indicator},
                    {"annual_target": _decimal(t["annual"])},
                )
                for key, value in t["monthly"].items():
                    self.upsert(
                        "monthly_targets",
                        MonthlyTarget,
                        {"agreement": agreement, "indicator": indicator, "month": _month(key)},
                        {"value": _decimal(value)},
                    )

    def load_realisations(self, realisations: list[dict[str, Any]], indicators: dict[int, Indicator]) -> None:
        for r in realisations:
            self.upsert(
                "realisations",
                Realisation,
                {"indicator": indicators[r["indicator"]], "month": _month(r["month"])},
                {
                    "state": r["state"],
                    "value": _decimal(r["value"]),
                    "numerator": _decimal(r["numerator"]),
                    "denominator": _decimal(r["denominator"]),
                    "analysis": r["analysis"],
                    "kendala": r["kendala"],
                    "rtl": r["rtl"],
                    "rtl_status": r["rtl_status"],
                    "activities": r["activities"],
                },
            )

    def load_month_statuses(
        self, unit: OrgUnit, year: int, months: set[int], approved: frozenset[int] | set[int] = frozenset()
    ) -> None:
        """Months the published Lapkin reported are closed: submitted on time, approved and locked (`approved`:
        approved, not yet locked)."""
        for month in sorted(months):
            deadline = deadline_for(year, month)
            submitted = timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(9)))
            self.upsert(
                "month_statuses",
                MonthStatus,
                {"unit": unit, "year": year, "month": month},
                {
                    "state": MonthStatus.State.APPROVED if month in approved else MonthStatus.State.LOCKED,
                    "deadline": deadline,
                    "submitted_at": submitted,
                    "reviewed_at": submitted + datetime.timedelta(days=1),
                },
            )

    def load_budget(
        self, unit: OrgUnit, year: int, lines: list[dict[str, Any]], indicators: dict[int, Indicator]
    ) -> None:
        goals = {goal.number: goal for goal in Goal.objects.filter(unit=unit, year=year)}
        for b in lines:
            values: dict[str, Any] = {
                "pagu": _decimal(b["pagu"]),
                "blokir": _decimal(b["blokir"]),
                "allocation": _decimal(b["allocation"]),
            }
            if b["indicator"] is not None:
                indicator = indicators[b["indicator"]]
                lookup: dict[str, Any] = {"unit": unit, "year": year, "indicator": indicator}
                values["goal"] = indicator.goal
            else:
                goal = goals[b["goal"]] if b["goal"] is not None else None
                lookup = {"unit": unit, "year": year, "goal": goal, "indicator": None}
                if goal is None:
                    lookup["spending_type"] = b.get("spending_type", "")
            line = self.upsert("budget_lines", BudgetLine, lookup, values)
            for key, amount in b["realisations"].items():
                self.upsert(
                    "budget_realisations",
                    BudgetRealisation,
                    {"line": line, "month": _month(key)},
                    {"amount": _decimal(amount)},
                )

    def load_texts(self, unit: OrgUnit, year: int, texts: dict[str, Any]) -> None:
        """The period's Lapkin texts (BAB I, Saran) and the signature its report carries."""
        self.upsert(
            "report_texts",
            ReportText,
            {"unit": unit, "year": year, "quarter": texts["quarter"]},
            {
                "introduction": texts["introduction"],
                "recommendations": texts["recommendations"],
                "place": texts["place"],
                "signed_on": datetime.date.fromisoformat(texts["signed_on"]),
                "signatory_name": texts["signatory_name"],
                "signatory_title": texts["signatory_title"],
            },
        )

    def load_components(self, entries: list[dict[str, Any]]) -> None:
        """Each indicator's method, its components and their values per month (SAKIP_DOMAIN.md §11)."""
        for entry in entries:
            indicator = Indicator.objects.get(
                goal__unit__code=entry["unit"], goal__year=entry["year"], number=entry["indicator"]
            )
            self.upsert(
                "indicators",
                Indicator,
                {"pk": indicator.pk},
                {"method": entry["method"], "formula": entry["formula"], "start_month": entry.get("start_month")},
            )
            components = {
                c["code"]: self.upsert(
                    "components",
                    Component,
                    {"indicator": indicator, "code": c["code"]},
                    {"order": order, "name": c["name"], "weight": _decimal(c["weight"]), "uses_ratio": c["uses_ratio"]},
                )
                for order, c in enumerate(entry["components"], start=1)
            }
            for key, by_code in entry["values"].items():
                for code, numbers in by_code.items():
                    self.upsert(
                        "component_values",
                        ComponentValue,
                        {"component": components[code], "month": _month(key)},
                        {name: _decimal(numbers.get(name)) for name in ("value", "numerator", "denominator")},
                    )

    # --- users --------------------------------------------------------------------------------------------

    def load_users(self) -> None:
        """Demo users; the password is set only when the user is created, never reset."""
        user_model = get_user_model()
        for demo in DEMO_USERS:
            user = user_model._default_manager.filter(username=demo.username).first()
            if user is None:
                user = user_model._default_manager.create_user(
                    username=demo.username,
                    password=DEMO_PASSWORD,
                    first_name=demo.first_name,
                    email=demo.email,
                    is_staff=demo.is_staff,
                )
                self.counts["users_created"] += 1
            elif (demo.is_staff and not user.is_staff) or not user.email:
                user.is_staff = user.is_staff or demo.is_staff
                user.email = user.email or demo.email
                user.save(update_fields=["is_staff", "email"])
                self.counts["users_updated"] += 1
            unit = OrgUnit.objects.get(code=demo.unit)
            _, created = Membership.objects.get_or_create(user=user, unit=unit, role=demo.role)
            self.counts["memberships_created"] += int(created)
            if demo.role == Role.ADMIN:
                user.groups.add(ensure_admin_group())
