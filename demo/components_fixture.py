"""Build `fixtures/demo/components.json` from the golden component tables of the two published Lapkin.

    python -m demo.components_fixture ../shared/golden            # writes fixtures/demo/components.json
    python -m demo.components_fixture ../shared/golden --check    # exits 1 when the committed file differs

The app never reads ../shared: `load_demo` reads the fixture this script writes. Each entry says how one
indicator's value is computed (SAKIP_DOMAIN.md §11) and the component values of the month its report gives:
Settama TW II 2023 (`001_components.csv`, B06).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "components.json"
SETTAMA_WEIGHTED = {"EKA": "0.6", "IKPA": "0.4"}  # 0.6*EKA+0.4*IKPA (formula column)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _code(label: str) -> str:
    """'EKA (SMART DJA)' -> 'EKA'; 'A: % kerja sama ...' -> 'A'."""
    return label.split(":")[0].split("(")[0].strip()


def _settama(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    entries = []
    for row in rows:
        formula = row["formula"]
        labels = [(row["component_a"], row["value_a"]), (row["component_b"], row["value_b"])]
        if formula == "0.6*EKA+0.4*IKPA":
            method, named = "weighted_sum", ""
            components = [
                {"code": _code(label), "name": label, "weight": SETTAMA_WEIGHTED[_code(label)], "uses_ratio": False}
                for label, _value in labels
            ]
            values = {_code(label): {"value": value} for label, value in labels}
        elif formula == "(A+B)/2":
            method, named = "formula", "rata_rata_a_b"
            components = [
                {"code": _code(label), "name": label.split(":", 1)[1].strip(), "weight": None, "uses_ratio": False}
                for label, _value in labels
            ]
            values = {_code(label): {"value": value} for label, value in labels}
        elif formula == "num/den*100":
            method, named = "ratio", ""
            components, values = [], {}  # numerator and denominator live on the realisation itself
        else:
            continue  # means of sub-tables (26, 9): kept in their own golden files
        entries.append(
            {
                "unit": "SETTAMA",
                "year": 2023,
                "indicator": int(row["indicator_no"]),
                "method": method,
                "formula": named,
                "components": components,
                "values": {"B06": values} if values else {},
                "reported": row["result_reported"],
                "note": row["note"],
            }
        )
    return entries


def _pusdatin(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    nka = {row["component"]: row["value_reported"] for row in rows if row["code"] == "NKA"}
    return [
        {
            "unit": "PUSDATIN",
            "year": 2022,
            "indicator": 17,
            "method": "weighted_sum",
            "formula": "",
            "components": [
                {"code": "IKPA", "name": "IKPA (OMSPAN)", "weight": "0.4", "uses_ratio": False},
                {"code": "EKA", "name": "EKA (SMART DJA)", "weight": "0.6", "uses_ratio": False},
            ],
            "values": {"B12": {"IKPA": {"value": nka["IKPA"]}, "EKA": {"value": nka["EKA"]}}},
            "reported": nka["NKA = IKPA*40% + EKA*60%"],
            "note": "The report prints 91,83: 0.4 x 95.63 + 0.6 x 89.31 = 91.838 (truncated in the source).",
        }
    ]


def build(golden: Path) -> dict[str, Any]:
    return {
        "format": {
            "schema": "sakip-demo-components/1",
            "layout": "Built by demo/components_fixture.py. indicators[]: unit code, year, indicator number, method "
            "(sakip.scoring.Method), formula (a name of sakip.scoring.FORMULAS or ''), components[] (code, name, "
            "weight as a decimal string or null, uses_ratio) and values keyed B01..B12, then by component code: "
            "value or numerator/denominator. 'reported' and 'note' document the source and are ignored.",
        },
        # Pusdatin's NKA is left out: its report prints 91,83 where 0.4 x 95.63 + 0.6 x 89.31 = 91.838 gives 91,84
        # (truncated in the source), and a value may not contradict its components (`_pusdatin` keeps the entry).
        "indicators": _settama(_read(golden / "001_components.csv")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("golden", type=Path, help="the golden folder, e.g. ../shared/golden")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = json.dumps(build(args.golden), indent=1, ensure_ascii=False) + "\n"
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUTPUT} differs from what the golden files give")
        sys.exit(0 if same else 1)
    OUTPUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
