"""The scorecard dict (scorecard_export) as a readable plain-text table for the terminal."""

from __future__ import annotations

from typing import Any


def _cell(value: Any) -> str:
    return "-" if value is None else str(value)


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    cells = [headers, *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _short(text: str, length: int = 48) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def scorecard_as_text(data: dict[str, Any]) -> str:
    month = f"B{data['quarter'] * 3:02d}"
    terms = data["terms"]
    parts = [f"{data['unit']['code']} — {data['unit']['name']} — {data['year']} TW {data['quarter']}", ""]
    parts.append(
        _table(
            [
                "SS",
                "No",
                "Indikator",
                f"T {month}",
                "T tahunan",
                "Realisasi",
                "Capaian",
                "vs tahunan",
                "Kriteria",
            ],
            [
                [
                    i["goal"],
                    i["number"],
                    _short(i["name"]),
                    i["target"],
                    i.get("annual_target_label") or i["annual_target"],
                    i["realisation"],
                    i["capaian"],
                    i["capaian_annual"],
                    i["criterion"],
                ]
                for i in data["indicators"]
            ],
        )
    )
    parts += [
        "",
        _table(
            ["SS", terms["goal_title"], terms["goal_score"], "Kriteria"],
            [[g["number"], _short(g["name"]), g["nps"], g["criterion"]] for g in data["goals"]],
        ),
    ]
    parts += ["", _table(["Perspektif", "Nilai"], [[p["name"], p["score"]] for p in data["perspectives"]])]
    parts += ["", f"{terms['unit_score']}: {_cell(data['unit_score']['value'])} ({data['unit_score']['criterion']})"]
    counts = data["counts"]
    by_criterion = ", ".join(f"{label}: {n}" for label, n in counts["by_criterion"].items())
    parts += [
        f"Indikator diukur: {counts['measured']} dari {counts['indicators']} ({by_criterion})",
        f"Sasaran dievaluasi: {counts['goals_evaluated']} dari {counts['goals']}",
    ]
    budget = data["budget"]
    if budget["rows"]:
        rows = [*budget["rows"], budget["total"]]
        parts += [
            "",
            _table(
                ["", "Pagu", "Blokir", "Alokasi", "Realisasi", "%"],
                [[r["label"], r["pagu"], r["blokir"], r["allocation"], r["realised"], r["absorption"]] for r in rows],
            ),
        ]
    efficiency = data["efficiency"]
    if efficiency["rows"]:
        rows = [*efficiency["rows"], efficiency["total"]]
        parts += [
            "",
            _table(
                ["", "Output %", "Input %", "IE", "TE", "Capaian TE", "Kategori"],
                [[r["label"], r["output"], r["input"], r["ie"], r["te"], r["capaian_te"], r["category"]] for r in rows],
            ),
        ]
    return "\n".join(parts) + "\n"
