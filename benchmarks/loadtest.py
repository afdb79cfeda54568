"""Load test: planners saving realisations and heads reading scorecards and the dashboard, against gunicorn on
PostgreSQL (a script that stops by itself, loopback only; `make loadtest`).

    .venv/bin/python benchmarks/loadtest.py [--planners 50] [--heads 10] [--seconds 60] [--workers 4]

1. starts a throwaway PostgreSQL cluster (or uses DATABASE_URL), migrates, collects static files and generates a
   synthetic agency (`generate_synthetic`) with a planner and a head per unit;
2. starts gunicorn (`sakip/gunicorn.py`, production settings: SAKIP_DEBUG=0) with `--workers` processes;
3. runs `--planners` simulated planners, each on its own unit's B12 for `--seconds`: open the month page, change
   every due value, save (a real form post with CSRF and session), again; and `--heads` heads reading their
   unit's scorecard and the agency dashboard in turn;
4. then `--contenders` planners of one unit open the same month and save different values at the same moment,
   `--rounds` times: exactly one must win each round and the others get the conflict page;
5. checks in the database that every acknowledged save is there with its value (no lost update), and prints
   p50 / p95 / max latency and the error rate per kind of request (markdown and JSON in benchmarks/results/).

Requests go to 127.0.0.1 as an HTTPS proxy would forward them (X-Forwarded-Proto: https), with the cookies kept
by hand since production cookies are Secure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
YEAR, MONTH, QUARTER = 2025, 12, 3
PASSWORD = "beban-uji-" + secrets.token_hex(4)
HOST = "localhost"
CONFLICT_TEXT = "Data diubah orang lain"
RACE_USERS = """
from django.contrib.auth.models import User
from sakip.models import Membership, OrgUnit, Role
unit = OrgUnit.objects.get(code="{unit}")
for name in {names!r}:
    user = User.objects.create_user(name, password="{password}")
    Membership.objects.create(user=user, unit=unit, role=Role.PLANNER)
"""


# --- a minimal browser ----------------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The named fields of one form (by id) with their current values, as a browser would submit them."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        if not self.inside or "name" not in attributes and tag != "option":
            return
        name = attributes.get("name", "")
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file") or (kind in ("checkbox", "radio") and "checked" not in attributes):
                return
            self.fields.append((name, attributes.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select is not None and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


@dataclass
class Sample:
    kind: str
    seconds: float
    status: int
    ok: bool


@dataclass
class Browser:
    port: int
    samples: list[Sample]
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def request(self, method: str, path: str, kind: str, body: dict[str, str] | list[tuple[str, str]] | None = None,
                expect: tuple[int, ...] = (200,)) -> tuple[int, str, dict[str, str]]:  # fmt: skip
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": "sakip-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{path}",
            }
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.samples.append(Sample(kind, time.perf_counter() - started, 0, False))
            return 0, "", {}
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        self.samples.append(Sample(kind, elapsed, response.status, response.status in expect))
        return response.status, text, dict(response.getheaders())

    def log_in(self, username: str) -> bool:
        _status, page, _headers = self.request("GET", "/accounts/login/", "login page")
        token = dict(form_fields(page, "login-form") or self._first_form(page)).get("csrfmiddlewaretoken", "")
        status, _text, headers = self.request(
            "POST",
            "/accounts/login/",
            "login",
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD, "next": "/"},
            expect=(302,),
        )
        return status == 302

    @staticmethod
    def _first_form(page: str) -> list[tuple[str, str]]:
        start = page.find("csrfmiddlewaretoken")
        value = page[start:].split('value="', 1)[1].split('"', 1)[0] if start >= 0 else ""
        return [("csrfmiddlewaretoken", value)]


# --- the simulated people -----------------------------------------------------------------------------------


def month_path(code: str) -> str:
    return f"/realisasi/{code}/{YEAR}/b{MONTH}/"


def new_values(fields: list[tuple[str, str]], rng: random.Random) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The form with every realisation value changed (state 'angka'); returns the post and {prefix: value}."""
    values = {name[: -len("-value")]: value for name, value in fields if name.endswith("-value")}
    chosen = {prefix: f"{rng.randrange(50, 100)},{rng.randrange(0, 100):02d}" for prefix in values}
    posted = []
    for name, value in fields:
        prefix = name.rsplit("-", 1)[0]
        if name.endswith("-value") and prefix in chosen:
            value = chosen[prefix]
        elif name.endswith("-state") and prefix in chosen:
            value = "number"
        elif name.endswith(("-numerator", "-denominator")) and prefix in chosen:
            value = ""
        posted.append((name, value))
    return posted + [("action", "save")], chosen


@dataclass
class Acknowledged:
    """The last value each planner was told was saved, per unit and form prefix (i<indicator id>)."""

    values: dict[tuple[str, str], str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, code: str, chosen: dict[str, str]) -> None:
        with self.lock:
            for prefix, value in chosen.items():
                self.values[(code, prefix)] = value


def planner(port: int, code: str, until: float, samples: list[Sample], acknowledged: Acknowledged, seed: int) -> None:
    rng = random.Random(seed)
    browser = Browser(port, samples)
    if not browser.log_in(f"syn-{code[4:].lower()}-perencana"):
        return
    while time.monotonic() < until:
        status, page, _ = browser.request("GET", month_path(code), "entry page")
        fields = form_fields(page, "entry-form")
        if status != 200 or not fields:
            continue
        posted, chosen = new_values(fields, rng)
        status, text, _ = browser.request("POST", month_path(code), "save month", posted, expect=(302,))
        if status == 302:
            acknowledged.record(code, chosen)


def tree_with_upt(upt: int) -> int:
    """The smallest synthetic tree holding `upt` UPT (demo/synthetic.py Shape: 4 % Eselon I, 19 % Eselon II)."""
    total = 20
    while total - 1 - max(1, round(total * 0.04)) - max(1, round(total * 0.19)) < upt:
        total += 1
    return total


def head(port: int, code: str, until: float, samples: list[Sample]) -> None:
    browser = Browser(port, samples)
    if not browser.log_in(f"syn-{code[4:].lower()}-kepala"):
        return
    pages = [
        (f"/reports/scorecard/{code}/{YEAR}/q{QUARTER}/", "scorecard page"),
        (f"/agency/{YEAR}/q{QUARTER}/", "dashboard"),
    ]
    turn = 0
    while time.monotonic() < until:
        path, kind = pages[turn % 2]
        browser.request("GET", path, kind)
        turn += 1


def _race_save(
    code: str,
    browser: Browser,
    fields: list[tuple[str, str]],
    seed: int,
    barrier: threading.Barrier,
    outcome: dict[int, tuple[int, str, dict[str, str]]],
    index: int,
) -> None:
    posted, chosen = new_values(fields, random.Random(seed))
    barrier.wait()
    status, text, _ = browser.request("POST", month_path(code), "save month (race)", posted, expect=(302, 200))
    outcome[index] = (status, text, chosen)


def race(port: int, code: str, contenders: list[str], rounds: int, samples: list[Sample]) -> list[dict[str, Any]]:
    """`contenders` planners of one unit open the same month, then all save at the same moment."""
    browsers = []
    for username in contenders:
        browser = Browser(port, samples)
        if browser.log_in(username):
            browsers.append(browser)
    results = []
    for round_number in range(rounds):
        forms = []
        for browser in browsers:
            _status, page, _ = browser.request("GET", month_path(code), "entry page (race)")
            forms.append(form_fields(page, "entry-form"))
        barrier = threading.Barrier(len(browsers))
        outcome: dict[int, tuple[int, str, dict[str, str]]] = {}
        threads = [
            threading.Thread(
                target=_race_save, args=(code, browser, fields, round_number * 100 + i, barrier, outcome, i)
            )
            for i, (browser, fields) in enumerate(zip(browsers, forms, strict=True))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winners = [i for i, (status, _t, _c) in outcome.items() if status == 302]
        conflicts = [i for i, (status, text, _c) in outcome.items() if status == 200 and CONFLICT_TEXT in text]
        results.append(
            {
                "winners": winners,
                "conflicts": len(conflicts),
                "chosen": outcome[winners[0]][2] if len(winners) == 1 else None,
            }
        )
    return results


# --- orchestration ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


@contextmanager
def gunicorn(env: dict[str, str], workers: int):  # type: ignore[no-untyped-def]
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "python:sakip.gunicorn", "sakip.wsgi"],
        cwd=ROOT,
        env=env | {"PORT": str(port), "SAKIP_WEB_WORKERS": str(workers)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/accounts/login/", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarise(samples: list[Sample]) -> list[dict[str, Any]]:
    kinds: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        kinds[sample.kind].append(sample)
    rows = []
    for kind, items in sorted(kinds.items()):
        times = [s.seconds * 1000 for s in items]
        rows.append(
            {
                "kind": kind,
                "requests": len(items),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "max_ms": round(max(times), 1),
                "errors": sum(1 for s in items if not s.ok),
                "error_rate": round(sum(1 for s in items if not s.ok) / len(items), 4),
                # what the failures answered (0: no answer, e.g. connection reset or timeout)
                "error_statuses": dict(sorted(Counter(s.status for s in items if not s.ok).items())),
            }
        )
    return rows


def check_saved(
    env: dict[str, str], acknowledged: Acknowledged, races: list[dict[str, Any]], race_unit: str
) -> dict[str, Any]:
    """Compare the database with what the planners were told was saved."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")
    import django

    django.setup()
    from indicators.models import Realisation

    stored = {
        (code, f"i{indicator}"): value
        for code, indicator, value in Realisation.objects.filter(month=MONTH, indicator__goal__year=YEAR).values_list(
            "indicator__goal__unit__code", "indicator_id", "value"
        )
    }
    lost = [key for key, value in acknowledged.values.items() if stored.get(key) != Decimal(value.replace(",", "."))]
    last_race = next((r for r in reversed(races) if r["chosen"]), None)
    race_lost = []
    if last_race:
        race_lost = [
            prefix for prefix, value in last_race["chosen"].items()
            if stored.get((race_unit, prefix)) != Decimal(value.replace(",", "."))
        ]  # fmt: skip
    return {
        "acknowledged_values": len(acknowledged.values),
        "lost_updates": len(lost),
        "race_rounds": len(races),
        "race_rounds_with_exactly_one_winner": sum(1 for r in races if len(r["winners"]) == 1),
        "race_conflict_pages": sum(r["conflicts"] for r in races),
        "race_winner_values_lost": len(race_lost),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--planners", type=int, default=50)
    parser.add_argument("--heads", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--contenders", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from benchmarks.import_benchmark import throwaway_postgres

    with ExitStack() as stack:
        url = os.environ.get("DATABASE_URL") or stack.enter_context(throwaway_postgres())
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sakip-load-")))
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SAKIP_DEBUG": "0",
            "SAKIP_SECRET_KEY": secrets.token_urlsafe(50),
            "SAKIP_ALLOWED_HOSTS": HOST,
            "SAKIP_SSL_REDIRECT": "0",
            "SAKIP_LOG_LEVEL": "WARNING",
            "SAKIP_MEDIA_ROOT": str(work / "media"),
            "SAKIP_STATIC_ROOT": str(work / "static"),
            "SAKIP_LOGIN_FAILURE_LIMIT": "1000",
        }
        env.pop("REDIS_URL", None)
        units = args.planners + 1  # one more unit for the race
        started = time.perf_counter()
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "generate_synthetic", "--units", str(tree_with_upt(units)), "--indicators", str(args.indicators),
               "--year", str(YEAR), "--password", PASSWORD, "--force")  # fmt: skip
        race_unit = "SYN-UPT-001"
        contenders = [f"syn-race-{n}" for n in range(1, args.contenders + 1)]
        manage(env, "shell", "-c", RACE_USERS.format(unit=race_unit, names=contenders, password=PASSWORD))
        print(f"set-up in {time.perf_counter() - started:.0f} s", flush=True)
        planner_units = [f"SYN-UPT-{n:03d}" for n in range(2, args.planners + 2)]
        head_units = planner_units[: args.heads]
        with gunicorn(env, args.workers) as port:
            samples: list[Sample] = []
            acknowledged = Acknowledged()
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=planner, args=(port, code, until, samples, acknowledged, n))
                for n, code in enumerate(planner_units)
            ] + [threading.Thread(target=head, args=(port, code, until, samples)) for code in head_units]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            load_samples = list(samples)
            race_samples: list[Sample] = []
            races = race(port, race_unit, contenders, args.rounds, race_samples)
        integrity = check_saved(env, acknowledged, races, race_unit)
    rows = summarise(load_samples)
    report = {
        "planners": args.planners,
        "heads": args.heads,
        "seconds": args.seconds,
        "gunicorn_workers": args.workers,
        "indicators_per_unit": args.indicators,
        "requests": rows,
        "error_rate": round(sum(r["errors"] for r in rows) / max(1, sum(r["requests"] for r in rows)), 4),
        "integrity": integrity,
    }
    write(report)
    ok = integrity["lost_updates"] == 0 and integrity["race_rounds_with_exactly_one_winner"] == args.rounds
    ok = ok and integrity["race_winner_values_lost"] == 0 and report["error_rate"] == 0
    sys.exit(0 if ok else 1)


def write(report: dict[str, Any]) -> None:
    lines = [
        f"Load test: {report['planners']} planners saving and {report['heads']} heads reading for "
        f"{report['seconds']:.0f} s, gunicorn {report['gunicorn_workers']} workers, PostgreSQL, "
        f"{report['indicators_per_unit']} indicators per unit",
        "",
        "| request | n | p50 ms | p95 ms | max ms | errors | error statuses |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {r['kind']} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['errors']} "
            f"| {r['error_statuses'] or '-'} |"
            for r in report["requests"]
        ),
        "",
        f"Error rate {report['error_rate']:.2%}. " + ", ".join(f"{k}: {v}" for k, v in report["integrity"].items()),
    ]
    text = "\n".join(lines)
    print(text)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "loadtest.md").write_text(text + "\n")
    (results / "loadtest.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
