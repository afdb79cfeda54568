"""Type checking (`make typecheck`: mypy . in strict mode): views carry no `# type: ignore`, and any other one names
the error it silences."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

IGNORE = re.compile(r"#\s*type:\s*ignore(\[[a-z-, ]+\])?")


def project_sources() -> list[Path]:
    root = Path(settings.BASE_DIR)
    skip = {"migrations", "tests", "benchmarks", ".venv", "build", "node_modules"}
    return [path for path in root.rglob("*.py") if not skip & set(path.relative_to(root).parts)]


def test_views_carry_no_type_ignore():
    found = [
        f"{path.name}:{number}"
        for path in project_sources()
        if path.name.startswith("views")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if IGNORE.search(line)
    ]
    assert found == []


def test_every_type_ignore_names_its_error_code():
    bare = [
        f"{path}:{number}"
        for path in project_sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if (match := IGNORE.search(line)) and not match.group(1)
    ]
    assert bare == []
