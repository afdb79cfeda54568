"""Benchmark the PK + RAPK import against plain bulk_create (a script, not a test).

    .venv/bin/python benchmarks/import_benchmark.py [--units 100] [--indicators 30]     # throwaway SQLite file
    .venv/bin/python benchmarks/import_benchmark.py --postgres                          # throwaway PostgreSQL
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/import_benchmark.py          # an existing server

Generates a PK + RAPK xlsx for units x indicators (100 x 30: 3,000 rows, 36,000 monthly targets, 3,000 budget
lines, 1,000 goals) and measures, on an empty database each time:

- baseline: read the same file with openpyxl and write the same rows with plain `bulk_create` (no validation,
  no diff, no history, no audit) — the least any import must do; its bulk_create part is shown on its own;
- import: `run_import(commit=True)` — tolerant reading, validation, plan, bulk writes, one history row per
  written row (django-simple-history), audit events; its dry run (plan only) is shown on its own;
- re-import of the same file (nothing changes, nothing is written).

Wall time is measured without tracing; peak memory in a second run under tracemalloc (Python allocations).
`--postgres` starts a cluster the way .ci/run does (initdb as `nobody` into a temp dir, pg_ctl on a free port)
and stops it afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
GOALS_PER_UNIT = 10


# --- data (importable by the smoke test, with Django already set up) -------------------------------------


def make_units(count: int) -> list[Any]:
    from indicators.models import Perspective
    from sakip.models import OrgUnit

    for order, (code, name) in enumerate(
        [("stakeholder", "Stakeholder Perspective"), ("internal", "Internal Process Perspective"),
         ("learning", "Learning and Growth Perspective")], start=1
    ):  # fmt: skip
        Perspective.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    units = [OrgUnit(code=f"BENCH{n:03d}", name=f"Unit uji {n}", kind=OrgUnit.Kind.UPT) for n in range(1, count + 1)]
    OrgUnit.objects.bulk_create(units)
    return list(OrgUnit.objects.filter(code__startswith="BENCH").order_by("code"))


def pk_rows(units: list[Any], indicators: int) -> list[list[Any]]:
    perspectives = ["Stakeholder Perspective", "Internal Process Perspective", "Learning and Growth Perspective"]
    per_goal = max(1, indicators // GOALS_PER_UNIT)
    rows = []
    for unit in units:
        for i in range(1, indicators + 1):
            goal = (i - 1) // per_goal + 1
            months = [Decimal(m * 8) + Decimal(i % 7) / 4 for m in range(1, 13)]
            rows.append(
                [unit.code, YEAR, perspectives[goal % 3], goal, f"Sasaran {goal} {unit.code}", i, f"K{i}",
                 f"Indikator {i} unit {unit.code}", "%", "Makin tinggi makin baik", "Bulanan", "", months[-1],
                 *months, Decimal(1_000_000 * i)]
            )  # fmt: skip
    return rows


def pk_file(units: list[Any], indicators: int) -> bytes:
    from indicators.imports.columns import PK_RAPK_SPEC
    from indicators.imports.templates import build_xlsx, xlsx_bytes

    rows = pk_rows(units, indicators)
    return xlsx_bytes(build_xlsx(PK_RAPK_SPEC, rows, f"Benchmark {len(units)} unit x {indicators} indikator"))


def baseline(content: bytes, split: dict[str, float] | None = None) -> int:
    """Read the file with openpyxl and bulk_create the same rows, nothing else. Returns rows written."""
    import io

    from openpyxl import load_workbook

    from budget.models import BudgetLine
    from indicators.models import AgreementTarget, Goal, Indicator, MonthlyTarget, PerformanceAgreement, Perspective
    from sakip.models import OrgUnit

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    values = list(workbook.active.iter_rows(min_row=5, values_only=True))
    workbook.close()
    started = time.perf_counter()
    units = {u.code: u for u in OrgUnit.objects.all()}
    perspectives = {p.name: p for p in Perspective.objects.all()}
    goals: dict[tuple[str, int], Any] = {}
    indicators = []
    for row in values:
        key = (row[0], int(row[3]))
        if key not in goals:
            goals[key] = Goal(
                unit=units[row[0]], year=YEAR, perspective=perspectives[row[2]], number=key[1], name=row[4]
            )
        indicators.append(Indicator(goal=goals[key], number=int(row[5]), code=row[6], name=row[7], unit_of_measure="%"))
    Goal.objects.bulk_create(goals.values())
    Indicator.objects.bulk_create(indicators)
    agreements = {code: PerformanceAgreement(unit=unit, year=YEAR, in_force=True) for code, unit in units.items()}
    PerformanceAgreement.objects.bulk_create(agreements.values())
    targets: list[Any] = []
    monthly: list[Any] = []
    lines: list[Any] = []
    for row, indicator in zip(values, indicators, strict=True):
        agreement = agreements[row[0]]
        targets.append(AgreementTarget(agreement=agreement, indicator=indicator, annual_target=Decimal(str(row[12]))))
        monthly.extend(
            MonthlyTarget(agreement=agreement, indicator=indicator, month=m, value=Decimal(str(row[12 + m])))
            for m in range(1, 13)
        )
        lines.append(
            BudgetLine(
                unit=units[row[0]], year=YEAR, goal=indicator.goal, indicator=indicator, pagu=Decimal(str(row[25]))
            )
        )
    AgreementTarget.objects.bulk_create(targets)
    MonthlyTarget.objects.bulk_create(monthly)
    BudgetLine.objects.bulk_create(lines)
    if split is not None:
        split["bulk_create"] = time.perf_counter() - started
    return len(goals) + len(indicators) + len(agreements) + len(targets) + len(monthly) + len(lines)


def clean() -> None:
    """Remove what a run wrote (children first), history and audit events included."""
    from django.db import connection

    from budget.models import BudgetLine, BudgetRealisation
    from indicators.models import AgreementTarget, Goal, Indicator, MonthlyTarget, PerformanceAgreement
    from sakip.models import AuditEvent

    models = [BudgetRealisation, BudgetLine, MonthlyTarget, AgreementTarget, PerformanceAgreement, Indicator, Goal]
    tables = []
    for model in models:
        history = getattr(model, "history", None)
        if history is not None:
            tables.append(history.model._meta.db_table)
        tables.append(model._meta.db_table)
    tables.append(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - model table names


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def peak_mb(action: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1048576
    finally:
        tracemalloc.stop()


def run(units: int, indicators: int, report: Callable[[str], None] = print) -> dict[str, float]:
    from django.contrib.auth.models import User
    from django.db import connection

    from indicators.imports.service import run_import
    from indicators.models import MonthlyTarget

    admin = User.objects.create_superuser(f"bench{int(time.time() * 1000)}", password=None)
    made = make_units(units)
    content = pk_file(made, indicators)

    def do_import() -> Any:
        plan = run_import("pk_rapk", content, "benchmark.xlsx", admin, commit=True)
        assert plan.applied and not plan.problems, plan.problems[:3]
        return plan

    split: dict[str, float] = {}
    results: dict[str, float] = {}
    results["baseline_s"], written = timed(lambda: baseline(content, split))
    results["baseline_bulk_create_s"] = split["bulk_create"]
    clean()
    results["baseline_peak_mb"] = peak_mb(lambda: baseline(content))
    clean()
    results["plan_s"], _ = timed(lambda: run_import("pk_rapk", content, "benchmark.xlsx", admin))
    results["import_s"], _ = timed(do_import)
    monthly = MonthlyTarget.objects.count()
    results["reimport_s"], plan = timed(lambda: run_import("pk_rapk", content, "benchmark.xlsx", admin, commit=True))
    assert not plan.has_changes
    clean()
    results["import_peak_mb"] = peak_mb(do_import)
    clean()
    results["ratio"] = results["import_s"] / results["baseline_s"]
    vendor = connection.vendor + (f" {sqlite3.sqlite_version}" if connection.vendor == "sqlite" else "")
    report(
        f"database: {vendor}; file: {units * indicators} rows ({units} units x {indicators} indicators), "
        f"{monthly} monthly targets, {written} rows written by the baseline, {len(content) / 1024:.0f} KB xlsx"
    )
    report(f"{'':36}{'wall s':>8}{'peak MB':>10}")
    report(f"{'baseline: openpyxl + bulk_create':36}{results['baseline_s']:>8.2f}{results['baseline_peak_mb']:>10.1f}")
    report(f"{'  of which bulk_create':36}{results['baseline_bulk_create_s']:>8.2f}")
    report(f"{'import: read, plan, write + history':36}{results['import_s']:>8.2f}{results['import_peak_mb']:>10.1f}")
    report(f"{'  dry run (read + plan only)':36}{results['plan_s']:>8.2f}")
    report(f"{'re-import, nothing changes':36}{results['reimport_s']:>8.2f}")
    report(f"ratio import / baseline: {results['ratio']:.2f}; import / bulk_create alone: "
           f"{results['import_s'] / results['baseline_bulk_create_s']:.2f}")  # fmt: skip
    return results


# --- script ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL cluster in a temp dir (as `nobody` when run as root, like .ci/run); yields its URL."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
    if not bins:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    pg_bin, work, port = bins[-1], Path(tempfile.mkdtemp(prefix="sakip-bench-")), _free_port()
    root = os.geteuid() == 0

    def as_pg(command: str) -> None:
        if root:
            subprocess.run(["su", "-s", "/bin/sh", "nobody", "-c", command], check=True)  # noqa: S603, S607
        else:
            subprocess.run(["sh", "-c", command], check=True)  # noqa: S603, S607

    if root:
        shutil.chown(work, "nobody")
    as_pg(f"{pg_bin}/initdb -D {work}/pg -U sakip --auth=trust -E UTF8 >/dev/null")
    as_pg(
        f"{pg_bin}/pg_ctl -D {work}/pg -o '-p {port} -k {work} -c listen_addresses=127.0.0.1 -c fsync=off' "
        f"-l {work}/pg.log -w start >/dev/null"
    )
    try:
        as_pg(f"{pg_bin}/createdb -h 127.0.0.1 -p {port} -U sakip sakip")
        yield f"postgres://sakip@127.0.0.1:{port}/sakip"
    finally:
        as_pg(f"{pg_bin}/pg_ctl -D {work}/pg -m immediate stop >/dev/null")
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL cluster")
    args = parser.parse_args()
    if args.postgres and "DATABASE_URL" not in os.environ:
        with throwaway_postgres() as url:
            command = [sys.executable, __file__, "--units", str(args.units), "--indicators", str(args.indicators)]
            subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, check=True)  # noqa: S603
        return
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    os.environ.setdefault("SAKIP_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run(args.units, args.indicators)


if __name__ == "__main__":
    main()
