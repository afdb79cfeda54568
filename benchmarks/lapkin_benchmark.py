"""Benchmark of the Lapkin PDF (a script, not a test).

    .venv/bin/python benchmarks/lapkin_benchmark.py [--repeat 3] [--units 20] [--workers 1 2] [--json out.json]

In one run, on a throw-away SQLite database with the demo data (plus `--units` copies of SETTAMA 2023):

1. the SETTAMA 2023 TW II Lapkin: snapshot, context + HTML, WeasyPrint layout + PDF; first (cold) and warm;
2. the engine's floor: WeasyPrint rendering a static HTML file with the same number of pages, tables and
   table rows (same fonts and page size, no Django, no template, no charts); the ratio Lapkin / floor;
3. `--units` unit reports queued at once and rendered by real `celery -A sakip worker` processes
   (--concurrency 1, then 2) through a redis-server the script starts on a free port and stops; without
   redis-server, by a pool of forked processes instead (said in the output).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="lapkin-bench-"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


REDIS_BIN = shutil.which("redis-server")
REDIS_URL = f"redis://127.0.0.1:{free_port()}/0" if REDIS_BIN else ""
# The project's settings with SQLite made fit for several writing processes (the workers).
(WORK / "bench_settings.py").write_text(
    "from sakip.settings import *  # noqa: F403\n"
    'DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 60}\n'
)
ENV = {
    "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
    "SAKIP_MEDIA_ROOT": str(WORK / "media"),
    "REDIS_URL": REDIS_URL,
    "SAKIP_LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "bench_settings",
    "PYTHONPATH": os.pathsep.join([str(WORK), str(BASE_DIR)]),
}
os.environ.update(ENV)
sys.path[:0] = [str(WORK), str(BASE_DIR)]

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from reports import services  # noqa: E402
from reports.lapkin import build_context  # noqa: E402
from reports.models import Report  # noqa: E402
from reports.pdf import STATIC_DIR, render_html, render_html_to_pdf  # noqa: E402
from sakip.models import OrgUnit  # noqa: E402

SIGNATURE = {
    "place": "Jakarta",
    "date": "2023-07-20",
    "name": "Dra. Rita Mahyona, Apt, M.Si",
    "title": "Sekretaris Utama",
}


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def setup_database(units: int) -> None:
    call_command("migrate", verbosity=0)
    from demo.loader import DEMO_DIR, _Loader, load_demo

    load_demo()
    data = json.loads((DEMO_DIR / "settama_2023.json").read_text(encoding="utf-8"))
    loader = _Loader()
    for n in range(1, units + 1):
        code = f"BENCH{n:02d}"
        data["units"] = [
            *data["units"][:2],
            {"code": code, "name": f"Unit Uji {n:02d}", "kind": "upt", "parent": "SETTAMA"},
        ]
        data["unit"] = code
        loader.load_file(data)


# --- 1. one report -----------------------------------------------------------------------------------


def render_lapkin_html(snapshot: dict) -> str:
    return render_html(services.TEMPLATE, build_context(snapshot))


def single_report(repeat: int) -> dict:
    unit = OrgUnit.objects.get(code="SETTAMA")
    runs = []
    for _ in range(repeat + 1):
        snapshot, t_snapshot = timed(services.build_snapshot, unit, 2023, 2, signature=SIGNATURE)
        html, t_html = timed(render_lapkin_html, snapshot)
        rendered, t_pdf = timed(render_html_to_pdf, html)
        runs.append({"snapshot": t_snapshot, "html": t_html, "pdf": t_pdf, "total": t_snapshot + t_html + t_pdf})
    cold, warm = runs[0], runs[1:]
    median = {key: statistics.median(run[key] for run in warm) for key in cold}
    return {"pages": rendered.pages, "bytes": len(rendered.pdf), "html": html, "cold": cold, "warm": median}


# --- 2. the engine's floor ---------------------------------------------------------------------------

FLOOR_CSS = """
@font-face { font-family: LapkinSans; src: url("fonts/DejaVuSansCondensed.ttf"); }
@font-face { font-family: LapkinSans; font-weight: bold; src: url("fonts/DejaVuSansCondensed-Bold.ttf"); }
@page { size: A4; margin: 22mm 18mm 20mm 22mm; font-family: LapkinSans; font-size: 7.5pt;
        @top-center { content: "Laporan"; }
        @bottom-right { content: "Halaman " counter(page) " dari " counter(pages); } }
html { font-family: LapkinSans; font-size: 9.5pt; line-height: 1.4; }
table { width: 100%; border-collapse: collapse; font-size: 8pt; margin: 1mm 0 5mm; }
th, td { border: 0.5pt solid #6f7885; padding: 1.1mm 1.3mm; } tr { break-inside: avoid; }
thead th { background: #dfe7f1; } td { text-align: right; } td:first-child { text-align: left; }
"""
FILLER = (
    "Capaian kinerja dibandingkan dengan target triwulan dan target tahunan; kendala dan rencana tindak lanjut "
    "dicatat untuk setiap indikator yang belum memenuhi ekspektasi. "
) * 3


def table_shapes(html: str) -> list[tuple[int, int]]:
    """(rows, columns of the widest row) of every table of the Lapkin's HTML."""
    shapes = []
    for table in re.findall(r"<table.*?</table>", html, re.S):
        rows = re.findall(r"<tr.*?</tr>", table, re.S)
        columns = max((len(re.findall(r"<t[dh][ >]", row)) for row in rows), default=1)
        shapes.append((len(rows), columns))
    return shapes


def static_document(shapes: list[tuple[int, int]], paragraphs: int) -> str:
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{FLOOR_CSS}</style></head><body>"]
    per_table = max(paragraphs // max(len(shapes), 1), 0)
    extra = paragraphs - per_table * len(shapes)
    for index, (rows, columns) in enumerate(shapes):
        parts.extend(f"<p>{FILLER}</p>" for _ in range(per_table + (extra if index == 0 else 0)))
        head = "".join(f"<th>Kolom {c + 1}</th>" for c in range(columns))
        cell = "".join(["<td>Indikator kinerja nomor contoh</td>"] + ["<td>1.234,56</td>"] * (columns - 1))
        body = "".join(f"<tr>{cell}</tr>" for _ in range(max(rows - 1, 1)))
        parts.append(
            f"<table><caption>Tabel {index + 1}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def floor(html: str, pages: int, repeat: int) -> dict:
    from weasyprint import HTML

    shapes = table_shapes(html)
    path = STATIC_DIR / f".floor-{os.getpid()}.html"  # next to static/fonts so that the relative URLs resolve
    try:
        paragraphs, document = 0, None
        for _ in range(200):  # add text until the static file has as many pages as the Lapkin (not timed)
            path.write_text(static_document(shapes, paragraphs), encoding="utf-8")
            document = HTML(filename=str(path)).render()
            if len(document.pages) >= pages:
                break
            paragraphs += max(1, (pages - len(document.pages)) * 4)
        times = []
        for _ in range(repeat + 1):
            started = time.perf_counter()
            document = HTML(filename=str(path)).render()
            document.write_pdf()
            times.append(time.perf_counter() - started)
    finally:
        path.unlink(missing_ok=True)
    return {"pages": len(document.pages), "tables": len(shapes), "rows": sum(r for r, _ in shapes),
            "cold": times[0], "warm": statistics.median(times[1:])}  # fmt: skip


# --- 3. many units, real workers ---------------------------------------------------------------------


def start_redis() -> subprocess.Popen | None:
    if not REDIS_BIN:
        return None
    port = REDIS_URL.rsplit(":", 1)[1].split("/")[0]
    process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        [REDIS_BIN, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import redis

    for _ in range(100):
        try:
            redis.Redis.from_url(REDIS_URL).ping()
            return process
        except redis.exceptions.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_worker(concurrency: int, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:  # the child keeps its own descriptor
        process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-m", "celery", "-A", "sakip", "worker", "--loglevel=INFO",
             f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"bench{concurrency}@%h"],
            cwd=BASE_DIR, env={**os.environ, **ENV}, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while " ready." not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return process


def queue_units(codes: list[str]) -> list[int]:
    ids = []
    for code in codes:
        unit = OrgUnit.objects.get(code=code)
        report, _ = services.request_report(None, unit, 2023, 2, **services.default_signature(unit))
        ids.append(report.pk)
    return ids


def wait_all(ids: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while Report.objects.filter(pk__in=ids, status__in=Report.ACTIVE).exists():
        if time.monotonic() > deadline:
            raise RuntimeError("reports did not finish in time")
        time.sleep(0.2)
    failed = list(Report.objects.filter(pk__in=ids, status=Report.Status.FAILED).values_list("error", flat=True))
    if failed:
        raise RuntimeError(f"{len(failed)} reports failed: {failed[0]}")


def many_units(codes: list[str], concurrency: int) -> dict:
    Report.objects.all().delete()
    log = WORK / f"worker-{concurrency}.log"
    worker = start_worker(concurrency, log)
    try:
        started = time.perf_counter()
        ids = queue_units(codes)
        wait_all(ids, timeout=60 * len(codes))
        wall = time.perf_counter() - started
    finally:
        stop(worker)
    seconds = [float(s) for s in Report.objects.filter(pk__in=ids).values_list("render_seconds", flat=True)]
    pages = sum(Report.objects.filter(pk__in=ids).values_list("page_count", flat=True))
    return {"mode": "celery worker + redis", "concurrency": concurrency, "reports": len(ids), "wall": wall,
            "per_report_median": statistics.median(seconds), "pages": pages}  # fmt: skip


def many_units_forked(codes: list[str], processes: int) -> dict:
    """Without redis-server: the same rendering in a pool of forked processes (not Celery)."""
    import multiprocessing

    from django.db import connections

    snapshots = [
        services.build_snapshot(OrgUnit.objects.get(code=code), 2023, 2, signature=SIGNATURE) for code in codes
    ]
    connections.close_all()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pages = sum(pool.map(_render_pages, snapshots))
    wall = time.perf_counter() - started
    return {"mode": "forked processes (no redis-server)", "concurrency": processes, "reports": len(codes),
            "wall": wall, "per_report_median": wall * processes / len(codes), "pages": pages}  # fmt: skip


def _render_pages(snapshot: dict) -> int:
    return int(services.render_snapshot(snapshot).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="warm repetitions (after one cold run)")
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()

    print(f"Lapkin benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, work dir {WORK}")
    setup_database(args.units)
    one = single_report(args.repeat)
    ground = floor(one.pop("html"), one["pages"], args.repeat)
    ratio = one["warm"]["total"] / ground["warm"]
    print("\n1. SETTAMA 2023 TW II Lapkin")
    print(f"   {one['pages']} pages, {one['bytes'] / 1024:.0f} KiB")
    for label in ("cold", "warm"):
        run = one[label]
        print(
            f"   {label:4}: total {run['total']:.2f} s = snapshot {run['snapshot']:.3f} + context/HTML "
            f"{run['html']:.3f} + WeasyPrint {run['pdf']:.2f} s; {one['pages'] / run['total']:.1f} pages/s"
        )
    print("\n2. Engine floor: static HTML file, same pages and tables, WeasyPrint only")
    print(f"   {ground['pages']} pages, {ground['tables']} tables, {ground['rows']} rows")
    print(
        f"   cold {ground['cold']:.2f} s, warm {ground['warm']:.2f} s; {ground['pages'] / ground['warm']:.1f} pages/s"
    )
    print(f"   ratio Lapkin (warm, whole pipeline) / floor (warm) = {ratio:.2f}x")

    codes = [f"BENCH{n:02d}" for n in range(1, args.units + 1)]
    redis_server = start_redis()
    many = []
    try:
        for workers in args.workers:
            many.append(many_units(codes, workers) if redis_server else many_units_forked(codes, workers))
    finally:
        if redis_server:
            stop(redis_server)
    print(f"\n3. {args.units} unit reports queued at once")
    for run in many:
        print(
            f"   {run['mode']}, {run['concurrency']} process(es): {run['wall']:.1f} s wall, "
            f"{run['reports'] / run['wall'] * 60:.1f} reports/min, {run['pages'] / run['wall']:.1f} pages/s, "
            f"median {run['per_report_median']:.2f} s per report"
        )
    goal_one = one["warm"]["total"] < 10
    print(f"\nGoal: one report < 10 s: {'yes' if goal_one else 'NO'}; within 1.5x of the floor: "
          f"{'yes' if ratio <= 1.5 else 'NO'} ({ratio:.2f}x)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"single": one, "floor": ground, "ratio": ratio, "many": many}, indent=2))
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
