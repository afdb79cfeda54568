"""BPOM 2024 (103 satker, Lampiran I and II) is loaded once for the whole tests/agency package, inside a
transaction rolled back at the end; each test runs in a savepoint of it, as usual."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from demo.loader import load_demo


@pytest.fixture(scope="package")
def _bpom_loaded(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_demo()
            yield
            transaction.set_rollback(True)


@pytest.fixture
def bpom(_bpom_loaded: None, db: None) -> None:
    """The whole demo, BPOM 2024 included."""


@pytest.fixture
def demo(bpom: None) -> None:
    """The cast (planner, head, admin, auditor, outsider) on top of the whole demo."""
