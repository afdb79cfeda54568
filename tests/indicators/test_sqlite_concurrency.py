"""On SQLite (the default of `make run`), concurrent saves of one month end saved or as the conflict page,
never as "database is locked"."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection

from demo.loader import load_demo
from sakip.models import Membership, OrgUnit, Role
from tests.indicators.sqlite_concurrency import PLANNERS, ROUNDS

BASE_DIR = Path(settings.BASE_DIR)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")
def test_it_queues_ten_concurrent_saves_of_one_month_on_a_file_database(transactional_db, tmp_path):
    load_demo()
    unit = OrgUnit.objects.get(code="PUSDATIN")
    for n in range(PLANNERS):
        Membership.objects.create(user=User.objects.create_user(f"planner{n}"), unit=unit, role=Role.PLANNER)
    path = tmp_path / "sakip.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)  # the migrated test database with the demo data, as a file
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sakip.settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "SAKIP_MEDIA_ROOT": str(tmp_path / "media"),
        "REDIS_URL": "",
    }
    run = subprocess.run(
        [sys.executable, "-m", "tests.indicators.sqlite_concurrency"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    outcomes = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(outcomes) == {"conflict", "saved"}, outcomes
    assert outcomes.count("saved") == ROUNDS  # in each round the first save wins; the others get the conflict page
