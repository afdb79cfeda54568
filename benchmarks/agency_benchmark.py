"""Agency roll-up: load_demo, the summary, the dashboard page, and the budget aggregates three ways (a script).

    .venv/bin/python benchmarks/agency_benchmark.py [--extra 400] [--repeat 20]

Runs on a throwaway SQLite database (or DATABASE_URL if set): migrates, times load_demo (fresh, then again:
idempotent), then the agency summary and the dashboard page with the 103 satker of 2024 and again with `--extra`
synthetic satker added (budget line, realisation, month status). Last, the per-group budget totals computed
(a) by the summary's way — one query for the unit lines, Decimal sums in Python by the group of the period's
tree; (b) by SQL aggregates (SUM ... GROUP BY the unit's current group); (c) by pandas groupby over the same
rows (skipped when pandas is not installed: it is no longer a dependency).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import OuterRef, Subquery, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agency.summary import GROUPS, build_summary, total  # noqa: E402
from budget.models import BudgetLine, BudgetRealisation  # noqa: E402
from demo.loader import load_demo  # noqa: E402
from indicators.models import MonthStatus  # noqa: E402
from sakip.models import BUDGET_GROUPS, OrgUnit  # noqa: E402
from sakip.units import period_end, tree_as_of  # noqa: E402
from sakip.visibility import EVERYTHING  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, int]:
    """Median and p90 in ms, and the number of queries of one run."""
    times = []
    reset_queries()  # the query log is a bounded deque: start it empty so the count is right
    with CaptureQueriesContext(connection) as queries:
        fn()
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))], len(queries)


def add_satker(n: int) -> None:
    bpom = OrgUnit.objects.get(code="BPOM")
    for i in range(n):
        unit = OrgUnit.objects.create(
            code=f"BENCH-{i}",
            name=f"Satker {i}",
            kind="upt",
            group=GROUPS[i % 3] if i % 3 else "loka",
            parent=bpom,
            province="Papua",
        )
        line = BudgetLine.objects.create(unit=unit, year=2024, pagu=Decimal(1_000_000 + i), blokir=Decimal(1000))
        BudgetRealisation.objects.create(line=line, month=6, amount=Decimal(400_000 + i))
        MonthStatus.objects.create(unit=unit, year=2024, month=6, state="approved", deadline="2024-07-10")


def groups_python() -> dict[str, Decimal]:
    tree = tree_as_of(period_end(2024, 2))
    latest = BudgetRealisation.objects.filter(line=OuterRef("pk"), month__lte=6).order_by("-month")
    rows = (
        BudgetLine.objects.filter(year=2024, goal=None, spending_type="")
        .annotate(realised=Subquery(latest.values("amount")[:1]))
        .values_list("unit_id", "pagu", "blokir", "realised")
    )
    from agency.summary import Money

    by_group: dict[str, list[Money]] = {g: [] for g in GROUPS}
    for unit_id, pagu, blokir, realised in rows:
        group = tree[unit_id].budget_group
        if group:
            by_group[group].append(Money(pagu, blokir, realised))
    return {g: total(m).realised or Decimal(0) for g, m in by_group.items()}


def groups_sql() -> dict[str, Decimal]:
    """SUM ... GROUP BY in the database; it can only group by the unit's current group, not the period's."""
    latest = BudgetRealisation.objects.filter(line=OuterRef("pk"), month__lte=6).order_by("-month")
    rows = (
        BudgetLine.objects.filter(year=2024, goal=None, spending_type="")
        .exclude(unit__group="")
        .annotate(realised=Subquery(latest.values("amount")[:1]))
        .values("unit__group")
        .annotate(pagu=Sum("pagu"), blokir=Sum("blokir"), spent=Sum("realised"))
    )
    result: dict[str, Decimal] = {g: Decimal(0) for g in GROUPS}
    for row in rows:
        result[BUDGET_GROUPS[row["unit__group"]]] += row["spent"]
    return result


def groups_pandas() -> dict[str, Decimal]:
    import pandas as pd

    tree = tree_as_of(period_end(2024, 2))
    latest = BudgetRealisation.objects.filter(line=OuterRef("pk"), month__lte=6).order_by("-month")
    rows = list(
        BudgetLine.objects.filter(year=2024, goal=None, spending_type="")
        .annotate(realised=Subquery(latest.values("amount")[:1]))
        .values("unit_id", "pagu", "blokir", "realised")
    )
    frame = pd.DataFrame(rows)  # Decimal columns stay objects: no float, no rounding error
    frame["group"] = frame["unit_id"].map(lambda i: tree[i].budget_group)
    sums = frame.dropna(subset=["group"]).groupby("group")[["pagu", "blokir", "realised"]].sum()
    return {g: Decimal(sums.loc[g, "realised"]) for g in GROUPS}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extra", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    request_started.disconnect(reset_queries)  # count the queries of the page requests too
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    load_demo()
    fresh = time.perf_counter() - start
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as again_queries:
        counts = load_demo()
    again = time.perf_counter() - start
    assert not any(counts.values()), counts
    print(f"load_demo: fresh {fresh:.2f} s; again {again:.2f} s, {len(again_queries)} queries, nothing written")

    admin = User.objects.create_superuser("bench", password="bench-pw")
    client = Client()
    client.force_login(admin)
    print(f"{'satker':>7} {'what':<30} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    for label, extra in (("103", 0), (f"103+{args.extra}", args.extra)):
        if extra:
            add_satker(extra)
        for name, fn in (
            ("build_summary", lambda: build_summary(2024, 2, EVERYTHING)),
            ("dashboard page", lambda: client.get("/agency/2024/q2/")),
            ("groups: Python Decimal sums", groups_python),
            ("groups: SQL SUM GROUP BY", groups_sql),
            ("groups: pandas groupby", groups_pandas),
        ):
            try:
                median, p90, queries = timed(fn, args.repeat)
            except ImportError:
                print(f"{label:>7} {name:<30} {'pandas not installed':>28}")
                continue
            print(f"{label:>7} {name:<30} {median:>10.1f} {p90:>8.1f} {queries:>8}")
    if groups_python() != groups_sql():
        print("note: SQL groups by the current group, the summary by the period's (they differ when units moved)")


if __name__ == "__main__":
    main()
