"""The kinds of report the worker renders: the unit Lapkin here, the agency digest registered by the agency app
(reports never imports it). A kind says how to freeze a report's snapshot and how to lay the snapshot out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reports.models import Report


@dataclass(frozen=True)
class ReportKind:
    code: str
    schema: str  # the "schema" key of its snapshots
    template: str
    snapshot: Callable[[Report], dict[str, Any]]  # every number the report prints, as JSON data
    context: Callable[[dict[str, Any]], dict[str, Any]]  # template context from the snapshot alone
    needs_agreement: bool = False


KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> None:
    KINDS[kind.code] = kind


def kind_of(code: str) -> ReportKind:
    return KINDS[code]


def kind_for_schema(schema: str) -> ReportKind:
    return next(kind for kind in KINDS.values() if kind.schema == schema)
