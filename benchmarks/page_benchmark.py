"""Time the scorecard and monthly entry pages against the number of indicators (a script, not a test).

    .venv/bin/python benchmarks/page_benchmark.py [--sizes 27,100,300] [--repeat 20]

Runs on a throwaway SQLite database (or DATABASE_URL if set): migrates, loads the demo, then for each size
builds a synthetic unit with that many indicators (targets, realisations, budget) and reports the median
and p90 wall time of each page and its number of SQL queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from budget.models import BudgetLine, BudgetRealisation  # noqa: E402
from indicators.models import (  # noqa: E402
    AgreementTarget,
    Goal,
    Indicator,
    MonthlyTarget,
    PerformanceAgreement,
    Perspective,
    Realisation,
)
from sakip.models import Membership, OrgUnit, Role, ScoringPolicy, seed_default_policy  # noqa: E402


def build_unit(code: str, indicators: int, year: int = 2023) -> OrgUnit:
    unit = OrgUnit.objects.create(code=code, name=f"Unit {code}", kind=OrgUnit.Kind.UPT)
    seed_default_policy(ScoringPolicy.objects.create(unit=unit, year=year))
    agreement = PerformanceAgreement.objects.create(unit=unit, year=year, in_force=True)
    perspectives = list(Perspective.objects.all())
    goals = [
        Goal.objects.create(
            unit=unit, year=year, perspective=perspectives[g % len(perspectives)], number=g + 1, name=f"SS{g}"
        )
        for g in range((indicators + 2) // 3)
    ]
    items = Indicator.objects.bulk_create(
        Indicator(goal=goals[i // 3], number=i + 1, name=f"IKU {i + 1}", unit_of_measure="%") for i in range(indicators)
    )
    AgreementTarget.objects.bulk_create(
        AgreementTarget(agreement=agreement, indicator=item, annual_target=Decimal(100)) for item in items
    )
    MonthlyTarget.objects.bulk_create(
        MonthlyTarget(agreement=agreement, indicator=item, month=m, value=Decimal(m * 8))
        for item in items
        for m in range(1, 13)
    )
    Realisation.objects.bulk_create(
        Realisation(indicator=item, month=m, state="number", value=Decimal(m * 8 + i % 7 - 3))
        for i, item in enumerate(items)
        for m in range(1, 7)
    )
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(unit=unit, year=year, goal=goal, pagu=Decimal(1_000_000_000)) for goal in goals
    )
    BudgetRealisation.objects.bulk_create(
        BudgetRealisation(line=line, month=6, amount=Decimal(400_000_000)) for line in lines
    )
    return unit


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="27,100,300")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    user = User.objects.create_user("bench")
    client = Client()
    client.force_login(user)
    print(f"database: {connection.vendor}; {args.repeat} requests per page after one warm-up")
    print(f"{'indicators':>10}  {'page':<22}{'median ms':>10}{'p90 ms':>10}{'queries':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        unit = build_unit(f"BENCH{size}", size)
        Membership.objects.get_or_create(user=user, unit=unit, role=Role.PLANNER)
        for name, url in (
            ("scorecard TW II", f"/reports/scorecard/{unit.code}/2023/q2/"),
            ("monthly entry B06", f"/realisasi/{unit.code}/2023/b6/"),
        ):
            median, p90, queries = measure(client, url, args.repeat)
            print(f"{size:>10}  {name:<22}{median:>10.1f}{p90:>10.1f}{queries:>9}")


if __name__ == "__main__":
    main()
