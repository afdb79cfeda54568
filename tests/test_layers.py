"""Imports point down only (HOUSE_STYLE "Layers"): the core imports no app; nothing imports the top layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

APPS = {"sakip", "indicators", "budget", "reports", "audit", "inbox", "notifications", "demo", "api"}
TOP = {"inbox", "notifications", "demo", "api"}  # the layer that may import everything
ABOVE = {
    "sakip": APPS - {"sakip"},
    "indicators": TOP - {"demo"},  # indicators/imports/samples.py reads the demo files (to be moved up)
    "budget": TOP,
    "reports": TOP,
    "audit": TOP,
}


def imported_apps(package: str) -> dict[str, set[str]]:
    found = {}
    for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(settings.BASE_DIR))] = names & APPS
    return found


@pytest.mark.parametrize("package", sorted(ABOVE))
def test_it_imports_no_app_above(package):
    wrong = {path: names & ABOVE[package] for path, names in imported_apps(package).items() if names & ABOVE[package]}
    assert wrong == {}
