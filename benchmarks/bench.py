"""`make bench`: every figure of the benchmarks in one table, on SQLite and on PostgreSQL, each against a baseline.

    .venv/bin/python benchmarks/bench.py [--databases sqlite,postgresql]
    BENCH_SCALE=0.2 make bench          # a smaller agency (20 units) and fewer repetitions, for a quick look

For each database (a throwaway SQLite file; a throwaway PostgreSQL cluster started as benchmarks/import_benchmark.py
does, or SAKIP_BENCH_POSTGRES_URL if set) a child process migrates, generates the synthetic agency
(demo/synthetic.py: 100 x BENCH_SCALE units, 30 indicators each, 2025) and measures, in-process with Django's
test client (middleware, templates and all, DEBUG off):

- one unit's scorecard, page and JSON (`scorecard --format json`);
- the monthly entry page at 30 and 100 indicators, and saving one month of entries (a real form post);
- the agency roll-up of all units for TW III: the page and `agency_summary`, and the dashboard as a unit's head;
- one Lapkin and the quarterly digest, whole pipeline (snapshot, context, template, WeasyPrint);
- the import of the whole agency's PK/RAPK (benchmarks/import_benchmark.py's file and baseline).

Each figure has its query count, the query count again with more indicators or more units (it must not grow), and
a baseline computing the same numbers with one hand-written SQL query per figure family (benchmarks/baselines.py;
for the Lapkin and digest: WeasyPrint rendering the same HTML alone; for the import: openpyxl + bulk_create), so
that each figure is also a ratio. The table goes to benchmarks/results/bench.md and bench.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
YEAR, QUARTER, ENTRY_MONTH = 2025, 3, 12
UNIT = "SYN-UPT-001"
SIGNATURE = {"place": "Jakarta", "date": "2025-10-20", "name": "Kepala Uji", "title": "Kepala Balai"}


def bench_scale() -> float:
    return float(os.environ.get("BENCH_SCALE", "1"))


def agency_units() -> int:
    return max(10, round(100 * bench_scale()))


def repeat() -> int:
    return max(3, round(7 * min(bench_scale(), 1)))


# --- measuring ------------------------------------------------------------------------------------------


class QueryCounter:
    """Counts every statement sent to the database (execute and executemany), with no log and no limit."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting() -> Iterator[QueryCounter]:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def queries_of(fn: Callable[[], Any]) -> int:
    with counting() as counter:
        fn()
    return counter.count


@dataclass
class Timing:
    """Median wall time and median CPU time of this process (ms), and the statements of the counted run."""

    ms: float
    cpu_ms: float
    queries: int


def clock(fn: Callable[[], Any], times: int, prepare: Callable[[], Any] | None = None) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(times):
        if prepare:
            prepare()
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def timed(fn: Callable[[], Any], times: int, prepare: Callable[[], Any] | None = None) -> Timing:
    """`times` runs after one warm-up run, whose statements are counted."""
    if prepare:
        prepare()
    with counting() as counter:
        fn()
    return Timing(*clock(fn, times, prepare), counter.count)


def ok(response: Any, status: int = 200) -> Any:
    if response.status_code != status:
        raise RuntimeError(f"{response.request['PATH_INFO']}: HTTP {response.status_code}, expected {status}")
    return response


# --- extra units (for query counts with more indicators / more units) -----------------------------------------


def extra_unit(code: str, indicators: int, group: str) -> Any:
    """A satker with `indicators` IKU, targets, realisations B01..B09 approved, a budget: like the synthetic ones."""
    from budget.models import BudgetLine, BudgetRealisation
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
    from sakip.models import OrgUnit, ScoringPolicy, seed_default_policy

    root = OrgUnit.objects.get(code="SYN-BPOM")
    unit = OrgUnit.objects.create(code=code, name=f"Unit uji {code}", kind=OrgUnit.Kind.UPT, parent=root, group=group)
    seed_default_policy(ScoringPolicy.objects.create(unit=unit, year=YEAR, rollup="mean_of_goals"))
    agreement = PerformanceAgreement.objects.create(unit=unit, year=YEAR, in_force=True)
    perspectives = list(Perspective.objects.order_by("order"))
    goals = Goal.objects.bulk_create(
        Goal(unit=unit, year=YEAR, perspective=perspectives[g % len(perspectives)], number=g + 1, name=f"SS{g + 1}")
        for g in range((indicators + 2) // 3)
    )
    items = Indicator.objects.bulk_create(
        Indicator(goal=goals[i // 3], number=i + 1, name=f"IKU {i + 1}", unit_of_measure="%") for i in range(indicators)
    )
    AgreementTarget.objects.bulk_create(
        AgreementTarget(agreement=agreement, indicator=item, annual_target=Decimal(96)) for item in items
    )
    MonthlyTarget.objects.bulk_create(
        MonthlyTarget(agreement=agreement, indicator=item, month=m, value=Decimal(m * 8))
        for item in items
        for m in range(1, 13)
    )
    Realisation.objects.bulk_create(
        Realisation(indicator=item, month=m, state="number", value=Decimal(m * 8 + i % 7 - 3), revision=1)
        for i, item in enumerate(items)
        for m in range(1, 10)
    )
    MonthStatus.objects.bulk_create(
        MonthStatus(unit=unit, year=YEAR, month=m, state="approved", deadline=deadline_for(YEAR, m))
        for m in range(1, 10)
    )
    line = BudgetLine.objects.create(unit=unit, year=YEAR, pagu=Decimal(10**10))
    BudgetRealisation.objects.create(line=line, month=9, amount=Decimal(6 * 10**9))
    BudgetLine.objects.bulk_create(
        BudgetLine(unit=unit, year=YEAR, goal=item.goal, indicator=item, pagu=Decimal(10**8)) for item in items
    )
    return unit


def remove_plans(units: list[Any]) -> None:
    """Delete the plans the import baseline wrote for these units (no history or audit rows: bulk_create)."""
    from budget.models import BudgetLine
    from indicators.models import AgreementTarget, Goal, Indicator, MonthlyTarget, PerformanceAgreement

    BudgetLine.objects.filter(unit__in=units).delete()
    MonthlyTarget.objects.filter(agreement__unit__in=units).delete()
    AgreementTarget.objects.filter(agreement__unit__in=units).delete()
    PerformanceAgreement.objects.filter(unit__in=units).delete()
    Indicator.objects.filter(goal__unit__in=units).delete()
    Goal.objects.filter(unit__in=units).delete()


# --- the measures -------------------------------------------------------------------------------------------


class Bench:
    def __init__(self) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client

        from sakip.models import OrgUnit

        self.rows: list[dict[str, Any]] = []
        self.repeat = repeat()
        self.unit = OrgUnit.objects.get(code=UNIT)
        users = get_user_model()
        self.admin_user = users.objects.create_superuser("bench-admin", password=None)
        self.admin = Client()
        self.admin.force_login(self.admin_user)
        self.planner = Client()
        self.planner.force_login(users.objects.get(username=f"syn-{UNIT[4:].lower()}-perencana"))
        self.head = Client()
        self.head.force_login(users.objects.get(username=f"syn-{UNIT[4:].lower()}-kepala"))
        self.extra_planner_user = users.objects.create_user("bench-perencana", password=None)
        self.extra_planner = Client()
        self.extra_planner.force_login(self.extra_planner_user)

    def add(self, name: str, app: Timing, base: Timing, *, goal_ms: float | None = None, more: list[int] | None = None,
            more_label: str = "", goal: str = "", note: str = "") -> None:  # fmt: skip
        """One row. `more`: the statements of the same measure at two sizes (they must be equal)."""
        fixed = more is None or len(set(more)) == 1
        if more is not None:
            goal = ", ".join(
                part for part in (goal or (f"≤ {goal_ms:.0f} ms" if goal_ms else ""), "fixed queries") if part
            )
        met = None if not goal else (goal_ms is None or app.cpu_ms <= goal_ms) and fixed
        self.rows.append({
            "name": name, "ms": round(app.ms, 1), "cpu_ms": round(app.cpu_ms, 1), "queries": app.queries,
            "more": f"{' / '.join(str(n) for n in more)} at {more_label}" if more else "",
            "baseline_ms": round(base.ms, 2), "baseline_cpu_ms": round(base.cpu_ms, 2),
            "baseline_queries": base.queries,
            "ratio": round(app.ms / base.ms, 1) if base.ms else None, "goal": goal, "met": met, "note": note,
        })  # fmt: skip
        print(f"  {name:<44} {app.ms:>9.1f} ms (CPU {app.cpu_ms:>8.1f}) {app.queries:>5} q   "
              f"baseline {base.ms:>8.2f} ms {base.queries:>3} q   more {more}", flush=True)  # fmt: skip

    # --- pages of one unit ---

    def scorecard(self) -> None:
        from benchmarks import baselines
        from reports.scorecard import build_scorecard
        from reports.scorecard_export import scorecard_as_dict
        from sakip.models import OrgUnit

        base = timed(lambda: baselines.scorecard(self.unit.id, YEAR, QUARTER), self.repeat)
        card = build_scorecard(self.unit, YEAR, QUARTER)
        figures = baselines.scorecard(self.unit.id, YEAR, QUARTER)
        same = card.unit_score.value == figures["score"] and all(
            row.current.capaian.value == figures["capaian"][row.indicator.id].value for row in card.indicators
        )
        note = "" if same else "the scorecard baseline's figures differ from the app's"

        def page(code: str) -> Any:
            return ok(self.admin.get(f"/reports/scorecard/{code}/{YEAR}/q{QUARTER}/"))

        more = [queries_of(lambda c=c: page(c)) for c in ("XTRA-30", "XTRA-100")]
        self.add("Scorecard page, 1 unit (30 IKU)", timed(lambda: page(UNIT), self.repeat), base, goal_ms=150,
                 more=more, more_label="30 / 100 IKU", note=note)  # fmt: skip

        units = {code: OrgUnit.objects.get(code=code) for code in (UNIT, "XTRA-30", "XTRA-100")}

        def as_json(code: str = UNIT) -> str:
            card = build_scorecard(units[code], YEAR, QUARTER)
            return json.dumps(scorecard_as_dict(card), ensure_ascii=False)

        more = [queries_of(lambda c=c: as_json(c)) for c in ("XTRA-30", "XTRA-100")]
        self.add("Scorecard JSON, 1 unit (30 IKU)", timed(as_json, self.repeat), base, goal_ms=150, more=more,
                 more_label="30 / 100 IKU", note=note)  # fmt: skip

    def entry_pages(self) -> None:
        from benchmarks import baselines
        from sakip.models import OrgUnit

        def page(client: Any, code: str) -> Any:
            return ok(client.get(f"/realisasi/{code}/{YEAR}/b{ENTRY_MONTH}/"))

        more = [queries_of(lambda c=c: page(self.extra_planner, c)) for c in ("XTRA-30", "XTRA-100")]
        for label, client, code, goal_ms in (
            ("30 IKU", self.planner, UNIT, 250.0),
            ("100 IKU", self.extra_planner, "XTRA-100", None),
        ):
            unit_id = OrgUnit.objects.get(code=code).id
            base = timed(lambda u=unit_id: baselines.entry_rows(u, YEAR, ENTRY_MONTH), self.repeat)
            app = timed(lambda c=client, k=code: page(c, k), self.repeat)
            self.add(f"Monthly entry page, {label}", app, base, goal_ms=goal_ms, more=more,
                     more_label="30 / 100 IKU")  # fmt: skip

    def save_month(self) -> None:
        from benchmarks import baselines
        from benchmarks.loadtest import form_fields, new_values
        from indicators.models import Realisation

        rng = random.Random(11)
        state: dict[str, Any] = {}

        def prepare(client: Any = self.planner, code: str = UNIT) -> None:
            page = ok(client.get(f"/realisasi/{code}/{YEAR}/b{ENTRY_MONTH}/")).content.decode()
            state["post"], state["chosen"] = new_values(form_fields(page, "entry-form"), rng)

        def save(client: Any = self.planner, code: str = UNIT) -> None:
            data: dict[str, list[str]] = {}
            for key, value in state["post"]:
                data.setdefault(key, []).append(value)
            ok(client.post(f"/realisasi/{code}/{YEAR}/b{ENTRY_MONTH}/", data), 302)

        more = []
        for code in ("XTRA-30", "XTRA-100"):
            for _ in range(2):  # the first save creates the month's rows, the second updates them and is counted
                prepare(self.extra_planner, code)
                counted = queries_of(lambda c=code: save(self.extra_planner, c))
            more.append(counted)
        app = timed(save, self.repeat, prepare)
        saved = list(
            Realisation.objects.filter(indicator__goal__unit=self.unit, month=ENTRY_MONTH, state="number").values_list(
                "indicator_id", "value"
            )
        )
        values = [(indicator, ENTRY_MONTH, value + 1) for indicator, value in saved]
        base = timed(lambda: baselines.save_month(values), self.repeat)
        self.add(f"Save one month of entries ({len(state['chosen'])} values)", app, base, more=more,
                 more_label="30 / 100 IKU")  # fmt: skip

    # --- the agency ---

    def agency(self, phase: str) -> None:
        """phase "time": measure with the synthetic agency; "more": count again once extra units are added."""
        from agency.export import summary_as_dict
        from agency.summary import build_summary
        from benchmarks import baselines
        from sakip.visibility import audience

        url = f"/agency/{YEAR}/q{QUARTER}/"

        def summary() -> str:
            return json.dumps(summary_as_dict(build_summary(YEAR, QUARTER, audience("restricted"))), default=str)

        measures = (
            ("page", lambda: ok(self.admin.get(url))),
            ("summary", summary),
            ("dashboard", lambda: ok(self.head.get(url))),
        )
        if phase == "more":
            self.agency_more = {key: queries_of(fn) for key, fn in measures}
            return
        self.agency_baseline = timed(lambda: baselines.agency(YEAR, QUARTER), self.repeat)
        self.agency_times = {key: timed(fn, max(3, self.repeat // 2)) for key, fn in measures}
        data = build_summary(YEAR, QUARTER, audience("restricted"))
        figures = baselines.agency(YEAR, QUARTER)
        same = all(figures["scores"].get(row.state.id) == row.score.value for row in data.units)
        self.agency_note = "" if same else "the roll-up baseline's scores differ from the app's"

    def agency_rows(self, units: int, extra: int) -> None:
        for key, name, goal_ms in (
            ("page", f"Agency roll-up page, {units} units, TW III", 2000),
            ("summary", f"agency_summary (JSON), {units} units", 2000),
            ("dashboard", "Dashboard page (head of a UPT)", None),
        ):
            self.add(name, self.agency_times[key], self.agency_baseline, goal_ms=goal_ms,
                     more=[self.agency_times[key].queries, self.agency_more[key]],
                     more_label=f"{units} / {units + extra} units", note=self.agency_note)  # fmt: skip

    # --- documents ---

    def documents(self) -> None:
        from agency import digest
        from reports import services
        from reports.kinds import kind_for_schema
        from reports.pdf import render_html, render_html_to_pdf

        def prepare(snapshot_fn: Callable[[], dict[str, Any]]) -> str:
            """Everything before WeasyPrint: snapshot (the queries), context, template."""
            snapshot = snapshot_fn()
            kind = kind_for_schema(snapshot["schema"])
            return render_html(kind.template, kind.context(snapshot))

        # The app's PDF step is exactly `render_html_to_pdf(html)`: the document's time is prepare + that render,
        # and the floor is that render alone. The render does not touch the database: it is measured in the first
        # database's run only (BENCH_RENDER_PDF=1) and added to the other databases' prepare by the parent.
        render = os.environ.get("BENCH_RENDER_PDF", "1") == "1"
        if render:
            render_html_to_pdf("<p>x</p>")  # fonts and stylesheet are loaded once per process, as in a worker
        times = int(os.environ.get("BENCH_DOCUMENT_RUNS", "1"))
        found: dict[str, Any] = {}
        for name, snapshot_fn in (
            (f"Lapkin {UNIT} TW III (PDF)",
             lambda: services.build_snapshot(self.unit, YEAR, QUARTER, signature=SIGNATURE)),
            ("Digest TW III, internal (PDF)", lambda: digest.build_snapshot(YEAR, QUARTER, "internal")),
        ):  # fmt: skip
            found.clear()
            html = prepare(snapshot_fn)  # warm-up, counted

            def run(f: Callable[[], dict[str, Any]] = snapshot_fn) -> None:
                found["html"] = prepare(f)

            with counting() as counter:
                prepare(snapshot_fn)
            before = Timing(*clock(run, max(times, 3)), counter.count)
            floor = Timing(0, 0, 0)
            pages = "?"
            if render:
                floor = Timing(*clock(lambda h=html: found.update(pdf=render_html_to_pdf(h)), times), 0)
                pages = found["pdf"].pages
            app = Timing(before.ms + floor.ms, before.cpu_ms + floor.cpu_ms, before.queries)
            lapkin = name.startswith("Lapkin")
            self.add(name, app, floor, note=f"{name.split()[0]}: {pages} pages; baseline: the same HTML rendered "
                     "by WeasyPrint alone (the app's own last step)",
                     goal="≤ 1.5 × WeasyPrint alone" if lapkin else "")  # fmt: skip
            self.rows[-1]["prepare_ms"], self.rows[-1]["prepare_cpu_ms"] = round(before.ms, 1), round(before.cpu_ms, 1)
            self.rows[-1]["pdf_measured"] = render
            if lapkin and render:
                self.rows[-1]["met"] = app.cpu_ms / floor.cpu_ms <= 1.5

    def pk_import(self, units: int, indicators: int) -> None:
        """The whole agency's PK/RAPK as one xlsx (import_benchmark's file: new units BENCH001..) into the
        database of the synthetic agency; the baseline's rows are removed before the import."""
        from benchmarks import import_benchmark as ib
        from indicators.imports.service import run_import

        made = ib.make_units(units)
        content = ib.pk_file(made, indicators)
        with counting() as counter:
            base = Timing(*clock(lambda: ib.baseline(content), 1), 0)
        base.queries = counter.count
        remove_plans(made)
        found: dict[str, Any] = {}

        def run() -> None:
            found["plan"] = run_import("pk_rapk", content, "agency.xlsx", self.admin_user, commit=True)

        with counting() as counter:
            app = Timing(*clock(run, 1), 0)
        app.queries = counter.count
        if not found["plan"].applied or found["plan"].problems:
            raise RuntimeError(f"import failed: {found['plan'].problems[:3]}")
        self.add(f"Import PK/RAPK, {units} units × {indicators} IKU", app, base,
                 note=f"Import: {units * indicators} rows; baseline: openpyxl + bulk_create (no validation, "
                 "history or audit)")  # fmt: skip

    def extras(self, count: int) -> None:
        from sakip.models import Membership, Role

        for code, indicators in (("XTRA-30", 30), ("XTRA-100", 100)):
            unit = extra_unit(code, indicators, "balai")
            Membership.objects.create(user=self.extra_planner_user, unit=unit, role=Role.PLANNER)
        for n in range(count - 2):
            extra_unit(f"XTRA-{n:02d}", 6, ("balai_besar", "balai", "loka")[n % 3])


def run_child(out: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False  # no query log, no template debugging: as in production
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # font subsetting and SVG notices, once per render
    from demo.synthetic import generate

    units = agency_units()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started
    started = time.perf_counter()
    counts = generate(units=units, indicators=30, year=YEAR)
    generate_s = time.perf_counter() - started
    print(f"{connection.vendor}: migrate {migrate_s:.1f} s, generate_synthetic {generate_s:.1f} s", flush=True)
    bench = Bench()
    extra = max(10, units // 10)
    bench.agency("time")
    bench.extras(extra)
    bench.agency("more")
    bench.agency_rows(units, extra)
    bench.scorecard()
    bench.entry_pages()
    bench.save_month()
    bench.documents()
    bench.pk_import(units, 30)
    version = connection.cursor().connection.server_version if connection.vendor == "postgresql" else None
    data = {
        "vendor": connection.vendor,
        "version": str(version or __import__("sqlite3").sqlite_version),
        "units": units,
        "indicators_per_unit": 30,
        "generate_s": round(generate_s, 1),
        "rows_generated": dict(counts),
        "repeat": bench.repeat,
        "rows": bench.rows,
    }
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False))


# --- the parent: one child per database, then the table -------------------------------------------------------


def run_database(vendor: str, workdir: Path, render_pdf: bool) -> dict[str, Any]:
    out = workdir / f"{vendor}.json"
    env = {
        **os.environ,
        "BENCH_RENDER_PDF": "1" if render_pdf else "0",
        "SAKIP_LOG_LEVEL": "WARNING",
        "SAKIP_2FA_REQUIRED_ROLES": "none",
        "SAKIP_MEDIA_ROOT": str(workdir / "media"),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, __file__, "--child", str(out)]
    if vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        subprocess.run(command, env=env, check=True, cwd=ROOT)  # noqa: S603
    elif os.environ.get("SAKIP_BENCH_POSTGRES_URL"):
        env["DATABASE_URL"] = os.environ["SAKIP_BENCH_POSTGRES_URL"]
        subprocess.run(command, env=env, check=True, cwd=ROOT)  # noqa: S603
    else:
        from benchmarks.import_benchmark import throwaway_postgres

        with throwaway_postgres() as url:
            env["DATABASE_URL"] = url
            subprocess.run(command, env=env, check=True, cwd=ROOT)  # noqa: S603
    return json.loads(out.read_text())


def add_pdf_times(results: list[dict[str, Any]]) -> None:
    """The PDF render (database-independent) measured in the first run, added to the others' prepare time."""
    measured = {row["name"]: row for row in results[0]["rows"] if row.get("pdf_measured")}
    for result in results[1:]:
        for row in result["rows"]:
            first = measured.get(row["name"])
            if first is None or row.get("pdf_measured", True):
                continue
            row["baseline_ms"], row["baseline_cpu_ms"] = first["baseline_ms"], first["baseline_cpu_ms"]
            row["ms"] = round(row["prepare_ms"] + first["baseline_ms"], 1)
            row["cpu_ms"] = round(row["prepare_cpu_ms"] + first["baseline_cpu_ms"], 1)
            row["ratio"] = round(row["ms"] / row["baseline_ms"], 1)
            row["note"] = first["note"]
            if first["met"] is not None:
                row["met"] = row["cpu_ms"] / row["baseline_cpu_ms"] <= 1.5


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def markdown(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    vendors = [r["vendor"] for r in results]
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    lines = [
        f"# SAKIP benchmarks — {meta['date']}",
        "",
        f"{meta['machine']}, load average {meta['load']} at the start; BENCH_SCALE={meta['scale']}: synthetic agency "
        f"of {results[0]['units']} units × 30 IKU, {YEAR} TW {QUARTER}; median of {results[0]['repeat']} runs after "
        "a warm-up (Lapkin, digest and import: one run). `wall` is elapsed time, `CPU` this process's CPU time "
        "(what the page costs whatever the machine's load; the goals are checked on it); `q` SQL statements; "
        "`× base` wall time over the baseline's wall time; `more`: statements of the same measure at two sizes "
        "(they must be equal).",
        "Baselines (same run): the same figures from one hand-written SQL query per figure family "
        "(benchmarks/baselines.py; the entry page: its rows; the save: one UPDATE executemany); Lapkin and digest: "
        "WeasyPrint rendering the same HTML alone; import: openpyxl + bulk_create.",
        "",
    ]
    head = "| Measure | " + " | ".join(f"{names[v]} wall ms | CPU ms | q | base ms (q) | × base" for v in vendors)
    lines += [head + " | more | Goal | Met |", "|" + "---|" * (1 + 5 * len(vendors) + 3)]
    for index, row in enumerate(results[0]["rows"]):
        cells = []
        met = []
        for result in results:
            r = result["rows"][index]
            ratio = "–" if r["ratio"] is None else f"{r['ratio']:,.1f}"
            cells += [fmt_ms(r["ms"]), fmt_ms(r["cpu_ms"]), str(r["queries"]),
                      f"{fmt_ms(r['baseline_ms'])} ({r['baseline_queries']})", ratio]  # fmt: skip
            met.append(r["met"])
        verdict = "–" if all(m is None for m in met) else "yes" if all(m is not False for m in met) else "**no**"
        more = " · ".join(dict.fromkeys(r["rows"][index]["more"] for r in results if r["rows"][index]["more"]))
        lines.append(f"| {row['name']} | " + " | ".join(cells) + f" | {more} | {row['goal']} | {verdict} |")
    notes = {r["note"] for result in results for r in result["rows"] if r["note"]}
    lines += ["", *[f"- {n}" for n in sorted(notes)]]
    for result in results:
        lines.append(
            f"- {names[result['vendor']]} {result['version']}: generate_synthetic {result['generate_s']} s "
            f"({sum(result['rows_generated'].values()):,} rows)"
        )
    lines.append(f"- whole run: {meta['seconds']} s")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child)
        return
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    load = f"{os.getloadavg()[0]:.1f}"
    results = []
    for vendor in args.databases.split(","):
        print(f"== {vendor}", flush=True)
        with tempfile.TemporaryDirectory(prefix=f"sakip-bench-{vendor}-") as workdir:
            results.append(run_database(vendor, Path(workdir), render_pdf=not results))
    add_pdf_times(results)
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "scale": bench_scale(),
        "load": load,
        "seconds": round(time.perf_counter() - started),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    table = markdown(results, meta)
    (RESULTS / "bench.md").write_text(table)
    (RESULTS / "bench.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2, ensure_ascii=False))
    print()
    print(table)
    print(f"written: {RESULTS / 'bench.md'}, {RESULTS / 'bench.json'} ({meta['seconds']} s)")


if __name__ == "__main__":
    main()
