"""Run an import: read the file, plan, and (when asked) apply — all or nothing, in one transaction."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from indicators.imports.budget import BudgetImport
from indicators.imports.columns import BUDGET, FOLLOW_UP, OMSPAN, PK_RAPK, REALISATIONS, SPECS
from indicators.imports.errors import Problem
from indicators.imports.files import read_sheets
from indicators.imports.followups import FollowUpImport
from indicators.imports.limits import Meter
from indicators.imports.omspan import OmspanImport
from indicators.imports.parsing import locate_table
from indicators.imports.pk_rapk import PkRapkImport
from indicators.imports.plan import BaseImport, Context, Plan
from indicators.imports.realisations import RealisationImport

IMPORTERS: dict[str, type[BaseImport]] = {
    PK_RAPK: PkRapkImport,
    BUDGET: BudgetImport,
    REALISATIONS: RealisationImport,
    OMSPAN: OmspanImport,
    FOLLOW_UP: FollowUpImport,
}


class StalePlan(Exception):
    """The data changed between the preview and the confirmation; carries the fresh plan."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("stale plan")
        self.plan = plan


def run_import(
    kind: str,
    content: bytes,
    file_name: str,
    user: User | AnonymousUser | None,
    *,
    override: bool = False,
    commit: bool = False,
    reason: str = "",
    letter_number: str = "",
    expected_digest: str | None = None,
    meter: Meter | None = None,
) -> Plan:
    """Plan the import of `content`; with `commit`, apply it unless the plan has a problem.

    Raises FileRejected (the file as a whole, or a limit of `meter` passed) and StalePlan (`expected_digest`
    no longer matches). Nothing is written unless the returned plan has `applied` set.
    """
    meter = meter or Meter()
    spec = SPECS[kind]
    table = locate_table(read_sheets(content, file_name, meter, prefer=spec.sheet), spec)
    actor = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            importer = IMPORTERS[kind](table, Context(actor, file_name, override, meter))
            plan = importer.build()
            if plan.problems or not commit or not plan.has_changes:
                return plan
            if expected_digest is not None and plan.digest() != expected_digest:
                raise StalePlan(plan)
            if plan.needs_reason and not reason.strip():
                plan.problems.append(Problem(_("Alasan revisi wajib diisi: impor ini membuat versi PK baru.")))
                return plan
            meter.check_time()
            importer.apply(reason=reason.strip(), letter_number=letter_number.strip())
            plan.applied = True
            return plan
    except IntegrityError:
        plan = Plan(kind=kind, title=SPECS[kind].title, file_name=file_name, sheet=table.sheet)
        plan.problems.append(
            Problem(_("Data yang sama sedang diubah oleh proses lain; tidak ada yang disimpan. Ulangi impor."))
        )
        return plan
