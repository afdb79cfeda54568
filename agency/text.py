"""The agency summary dict as readable tables for the terminal."""

from __future__ import annotations

from typing import Any

from reports.scorecard_text import _short, _table


def summary_as_text(data: dict[str, Any]) -> str:
    budget = data["budget"]
    parts = [f"BPOM — {data['year']} TW {data['quarter']}", ""]
    rows = [
        [name, m["pagu"], m["pagu_aa"], m["realised"], m["absorption_of_pagu"], m["absorption_of_pagu_aa"]]
        for name, m in [*budget["groups"].items(), *budget["spending_types"].items(), ("total", budget["total"])]
        if m is not None
    ]
    parts.append(_table(["", "Pagu", "Pagu AA", "Realisasi", "% pagu", "% pagu AA"], rows))
    parts += [
        "",
        _table(
            ["Kel.", "Rank", "Kode", "Unit", "% pagu", "% pagu AA", "Nilai", "Verifikasi s.d."],
            [
                [
                    u["group"],
                    u["rank"],
                    u["code"],
                    _short(u["name"], 40),
                    u["absorption_of_pagu"],
                    u["absorption_of_pagu_aa"],
                    u["score"] if u["score"] is not None else u.get("score_reason"),
                    u["verified_to"],
                ]
                for u in data["units"]
            ],
        ),
    ]
    counts = data["indicators"]["counts"]
    by_criterion = ", ".join(f"{label}: {n}" for label, n in counts["by_criterion"].items())
    parts += ["", f"Indikator: {counts['indicators']}, diukur {counts['measured']} ({by_criterion})"]
    if budget["notes"] or data["warnings"]:
        parts += [f"Catatan: {', '.join(budget['notes'])}; {len(data['warnings'])} peringatan kualitas data"]
    return "\n".join(parts) + "\n"
