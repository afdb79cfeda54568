"""Ten planners (planner0..planner9 of PUSDATIN) save the same month at the same moment against a file SQLite
database configured as `make run` configures it. Run as `python -m tests.indicators.sqlite_concurrency` with
DATABASE_URL set to a file holding the demo data and the planners; prints one outcome per save as JSON:
"saved", "conflict" or the error the planner would get as a 500 page, for each of three rounds."""

from __future__ import annotations

import json
import threading

PLANNERS = 10
ROUNDS = 3


def save(url: str, user: object, form: dict, start: threading.Barrier, results: list[str], n: int) -> None:
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    start.wait()
    try:
        response = client.post(url, form)
        if response.status_code == 302:
            results[n] = "saved"
        elif "Data diubah orang lain sejak halaman dibuka" in response.content.decode():
            results[n] = "conflict"
        else:
            results[n] = f"status {response.status_code}"
    except Exception as error:  # what the planner would see as a 500 page
        results[n] = f"{type(error).__name__}: {error}"
    finally:
        connection.close()


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.urls import reverse

    from tests.indicators.helpers import entry_post

    url = reverse("indicators:month-entry", args=["PUSDATIN", 2022, 9])
    users = [User.objects.get(username=f"planner{n}") for n in range(PLANNERS)]
    outcomes: list[str] = []
    for round_ in range(ROUNDS):
        forms = [entry_post("PUSDATIN", 2022, 9, {"BCM": {"value": f"{30 + n},{round_ + 1}"}}) for n in range(PLANNERS)]
        connection.close()
        start = threading.Barrier(PLANNERS)
        results = [""] * PLANNERS
        threads = [
            threading.Thread(target=save, args=(url, users[n], forms[n], start, results, n)) for n in range(PLANNERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes += results
    print(json.dumps(outcomes))


if __name__ == "__main__":
    main()
