"""The benchmark script still runs (tiny sizes; the real figures come from running the script)."""

import pytest

from benchmarks.import_benchmark import run

pytestmark = pytest.mark.django_db


def test_it_runs_the_import_benchmark_on_a_small_file():
    lines: list[str] = []
    results = run(units=2, indicators=3, report=lines.append)
    assert results["import_s"] > 0 and results["ratio"] > 0
    assert "file: 6 rows (2 units x 3 indicators), 72 monthly targets" in lines[0]
