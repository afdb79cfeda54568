"""Time the API's scorecard endpoint and a realisation write (a script, not a test).

    .venv/bin/python benchmarks/api_benchmark.py [--sizes 27,100,300] [--repeat 20]

Runs on a throwaway SQLite database (or DATABASE_URL if set): migrates, loads the demo units (without BPOM
2024), then for each size builds a synthetic unit with that many indicators (page_benchmark.build_unit) and
reports, with a planner's token, the median and p90 wall time and the SQL queries of
- GET /api/v1/scorecards/<unit>/2023/q2/ (and the scorecard command's function alone, for comparison);
- PATCH /api/v1/months/<unit>/2023/b7/realisations/ writing one indicator, and writing every indicator.
Requests go through Django's test client (the whole middleware and DRF stack, no network).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")
os.environ.setdefault("SAKIP_API_RATE", "1000000/min")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from api.tokens import issue_token  # noqa: E402
from demo.loader import load_demo  # noqa: E402
from indicators.models import Indicator  # noqa: E402
from reports.scorecard import build_scorecard  # noqa: E402
from reports.scorecard_export import scorecard_json  # noqa: E402
from sakip.models import Membership, Role  # noqa: E402

_spec = importlib.util.spec_from_file_location("page_benchmark", HERE / "page_benchmark.py")
assert _spec is not None and _spec.loader is not None
page_benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(page_benchmark)


def measure(action: Callable[[], Any], repeat: int) -> tuple[float, float, int]:
    action()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        action()
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.9) - 1, 0)], len(queries.captured_queries)


class Writer:
    """PATCHes the month with the revisions the previous answer gave back (no conflict between rounds)."""

    def __init__(self, client: Client, url: str, indicators: list[int], revisions: dict[int, int]) -> None:
        self.client, self.url, self.indicators, self.revisions, self.turn = client, url, indicators, revisions, 0

    def __call__(self) -> None:
        self.turn += 1
        rows = [
            {"indicator": i, "revision": self.revisions.get(i, 0), "value": f"{40 + self.turn % 50}.5", "analysis": "x"}
            for i in self.indicators
        ]
        response = self.client.patch(self.url, {"realisations": rows}, content_type="application/json")
        assert response.status_code == 200, response.content[:500]
        for saved in response.json()["saved"]:
            self.revisions[saved["indicator"]] = saved["revision"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="27,100,300")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    load_demo(agency=False)
    user = User.objects.create_user("bench-api")
    _token, key = issue_token(user, "benchmark", None)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    print(f"database: {connection.vendor}; {args.repeat} requests each after one warm-up; token authentication")
    print(f"{'indicators':>10}  {'what':<34}{'median ms':>10}{'p90 ms':>10}{'queries':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        unit = page_benchmark.build_unit(f"APIBENCH{size}", size)
        Membership.objects.get_or_create(user=user, unit=unit, role=Role.PLANNER)
        ids = list(Indicator.objects.filter(goal__unit=unit).order_by("number").values_list("id", flat=True))
        url = f"/api/v1/scorecards/{unit.code}/2023/q2/"
        write_url = f"/api/v1/months/{unit.code}/2023/b7/realisations/"
        revisions: dict[int, int] = {}
        cases: list[tuple[str, Callable[[], Any]]] = [
            ("GET scorecard TW II", lambda url=url: _ok(client.get(url))),
            ("scorecard_json() alone", lambda unit=unit: scorecard_json(build_scorecard(unit, 2023, 2))),
            ("PATCH realisations B07, 1 row", Writer(client, write_url, ids[:1], revisions)),
            (f"PATCH realisations B07, {size} rows", Writer(client, write_url, ids, revisions)),
        ]
        for name, action in cases:
            median, p90, queries = measure(action, args.repeat)
            print(f"{size:>10}  {name:<34}{median:>10.1f}{p90:>10.1f}{queries:>9}")


def _ok(response: Any) -> None:
    assert response.status_code == 200, response.status_code


if __name__ == "__main__":
    main()
