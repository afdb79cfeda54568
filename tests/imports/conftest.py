"""Helpers for the import tests: files built from the demo data with edits, and a snapshot of what is stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import models

from budget.models import BudgetLine, BudgetRealisation
from indicators.imports.columns import SPECS
from indicators.imports.templates import ROW_BUILDERS, build_csv, build_xlsx, xlsx_bytes
from indicators.models import (
    AgreementTarget,
    Goal,
    Indicator,
    MonthlyTarget,
    PerformanceAgreement,
    Realisation,
)
from sakip.models import AuditEvent, OrgUnit

TRACKED: tuple[type[models.Model], ...] = (
    Goal,
    Indicator,
    PerformanceAgreement,
    AgreementTarget,
    MonthlyTarget,
    Realisation,
    BudgetLine,
    BudgetRealisation,
    AuditEvent,
)
FIRST_DATA_ROW = {"pk_rapk": 5, "budget": 5, "realisations": 4}  # xlsx written by build_xlsx


def snapshot() -> dict[str, Any]:
    """Row counts, history counts and the stored values of targets: equal before and after = nothing written."""
    state: dict[str, Any] = {}
    for model in TRACKED:
        state[model.__name__] = model._default_manager.count()
        history = getattr(model, "history", None)
        if history is not None:
            state[f"{model.__name__}.history"] = history.count()
    state["targets"] = sorted(MonthlyTarget.objects.values_list("agreement_id", "indicator_id", "month", "value"))
    state["in_force"] = sorted(PerformanceAgreement.objects.filter(in_force=True).values_list("id", flat=True))
    return state


def column(kind: str, key: str) -> int:
    return next(i for i, c in enumerate(SPECS[kind].columns) if c.key == key)


Edit = Callable[[list[list[Any]]], None]


def rows_for(kind: str, code: str, year: int) -> list[list[Any]]:
    return ROW_BUILDERS[kind]([OrgUnit.objects.get(code=code)], year)


def find_row(kind: str, rows: list[list[Any]], indicator: int, month: int | None = None) -> list[Any]:
    number = column(kind, "indicator_number")
    for row in rows:
        if row[number] == indicator and (month is None or row[column(kind, "month")] == month):
            return row
    raise LookupError(indicator)


def make_file(kind: str, rows: list[list[Any]], file_format: str = "xlsx", formulas: bool = False) -> tuple[bytes, str]:
    spec = SPECS[kind]
    if file_format == "csv":
        return build_csv(spec, rows), f"{kind}.csv"
    return xlsx_bytes(build_xlsx(spec, rows, f"Uji {kind}", formulas=formulas)), f"{kind}.xlsx"


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
