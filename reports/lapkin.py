"""The Lapkin's template context, built from a report's snapshot alone (no database, no scoring).

Every number comes from the snapshot as a 2-decimal string; this module arranges rows, numbers the tables,
figures and appendices, groups indicators and goals by the criterion the snapshot already holds, spells
counts in Indonesian words and draws the charts. Templates format the numbers with the sakip_format filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports import charts
from reports.components_text import components_line, stage_rows
from reports.models import ROMAN
from sakip.formatting import format_number
from sakip.labels import REASON_LABELS
from sakip.models import CriterionBand
from sakip.scoring import Reason
from sakip.terms import DEFAULT_TERMS

WORDS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]


def terbilang(n: int) -> str:
    """An integer in Indonesian words: 27 -> 'dua puluh tujuh', 12 -> 'dua belas'."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return WORDS[n]
    if n < 20:
        return f"{WORDS[n - 10]} belas"
    if n < 100:
        rest = n % 10
        return f"{WORDS[n // 10]} puluh" + (f" {WORDS[rest]}" if rest else "")
    if n < 1000:
        head = "seratus" if n < 200 else f"{WORDS[n // 100]} ratus"
        return head + (f" {terbilang(n % 100)}" if n % 100 else "")
    if n < 1_000_000:
        head = "seribu" if n < 2000 else f"{terbilang(n // 1000)} ribu"
        return head + (f" {terbilang(n % 1000)}" if n % 1000 else "")
    return str(n)


def ordinal(n: int) -> str:
    """1 -> 'Pertama', 2 -> 'Kedua', 12 -> 'Keduabelas' (as the Lapkin captions spell them)."""
    return "Pertama" if n == 1 else "Ke" + terbilang(n).replace(" ", "")


def counted(n: int) -> str:
    """'11 (sebelas)'."""
    return f"{n} ({terbilang(n)})"


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _bound(value: str | None) -> str:
    number = Decimal(value) if value is not None else Decimal(0)
    return format_number(number, 0 if number == number.to_integral_value() else 2)


def band_range(band: dict[str, Any], suffix: str = "%") -> str:
    """'100% ≤ x ≤ 120%', 'x > 120%', 'x < 80%' from a band's bounds."""
    lower, upper = band.get("lower"), band.get("upper")
    if lower is not None and upper is not None:
        left = "≤" if band["lower_inclusive"] else "<"
        right = "≤" if band["upper_inclusive"] else "<"
        return f"{_bound(lower)}{suffix} {left} x {right} {_bound(upper)}{suffix}"
    if lower is not None:
        return f"x {'≥' if band['lower_inclusive'] else '>'} {_bound(lower)}{suffix}"
    if upper is not None:
        return f"x {'≤' if band['upper_inclusive'] else '<'} {_bound(upper)}{suffix}"
    return "-"


def reason_text(reason: str | None) -> str:
    if not reason:
        return ""
    try:
        return str(REASON_LABELS[Reason(reason)])
    except (ValueError, KeyError):
        return reason


def value_text(value: str | None, qualitative_map: dict[str, str | None]) -> str:
    """A target or realisation as printed: the qualitative word where the indicator maps one (4 -> WTP)."""
    if value is None:
        return "-"
    number = Decimal(value)
    for word, mapped in qualitative_map.items():
        if mapped is not None and Decimal(mapped) == number:
            return word
    return format_number(number)


def realisation_text(period: dict[str, Any], qualitative_map: dict[str, str | None]) -> str:
    if period["realisation"] is not None:
        return value_text(period["realisation"], qualitative_map)
    return {
        Reason.YEAR_END.value: _("Akhir tahun"),
        Reason.IN_PROCESS.value: _("Dalam proses"),
    }.get(period.get("realisation_reason") or "", "-")


class Register:
    """Numbered tables, figures or appendices in document order, for their captions and their lists."""

    def __init__(self, word: str, prefix: str) -> None:
        self.word = word
        self.prefix = prefix
        self.items: list[dict[str, Any]] = []

    def add(self, key: str, caption: str) -> dict[str, Any]:
        number = len(self.items) + 1
        item = {
            "id": f"{self.prefix}-{key}",
            "number": number,
            "caption": caption,
            "label": f"{self.word} {number}. {caption}",
        }
        self.items.append(item)
        return item


def build_context(snapshot: dict[str, Any]) -> dict[str, Any]:
    s = snapshot
    year, quarter = int(s["year"]), int(s["quarter"])
    roman = ROMAN[quarter]
    unit = s["unit"]
    months = list(s["months"])
    names = {"unit": unit["name"], "q": roman, "year": year}
    if quarter < 4:
        title = _("Laporan Kinerja Interim %(unit)s Triwulan %(q)s Tahun %(year)s") % names
    else:
        title = _("Laporan Kinerja %(unit)s Triwulan %(q)s Tahun %(year)s") % names
    tables, figures, appendices = Register("Tabel", "tabel"), Register("Gambar", "gambar"), Register("Lampiran", "lamp")
    # The words of the unit's level (§10); a snapshot from before they were stored keeps the words it was printed with.
    terms = dict(s.get("terms") or DEFAULT_TERMS.as_dict())

    indicators = {item["number"]: _indicator(item) for item in s["indicators"]}
    goals = [_goal(item, indicators) for item in s["goals"]]
    goals_by_number = {goal["number"]: goal for goal in goals}
    perspectives = [
        {
            "name": p["name"],
            "score": p["score"],
            "score_reason": reason_text(p.get("score_reason")),
            "goals": [goals_by_number[n] for n in p["goals"]],
        }
        for p in s["perspectives"]
    ]
    colour_names = dict(CriterionBand.Colour.choices)
    criteria = [
        {**band, "range": band_range(band), "colour_name": colour_names.get(band["colour"], band["colour"])}
        for band in s["criteria"]
    ]
    budget = _budget(s["budget"], goals_by_number, indicators)
    efficiency = _efficiency(s["efficiency"], s["policy"]["efficiency_level"], goals_by_number, indicators)

    # BAB II
    table_pk = tables.add("pk", _("Perjanjian Kinerja Tahun %(year)s") % names)
    table_definitions = (
        tables.add("definisi", _("Definisi Operasional Indikator Kinerja %(unit)s Tahun %(year)s") % names)
        if terms.get("definitions_table")
        else None
    )
    revisions = [_revision(revision) for revision in s.get("revisions") or []]
    table_revisions = (
        tables.add("pk-revisi", _("Perjanjian Kinerja %(unit)s Tahun %(year)s Semula dan Menjadi") % names)
        if revisions
        else None
    )
    table_budget_goals = (
        tables.add("anggaran-sasaran", _("Rincian Anggaran per Sasaran Tahun %(year)s") % names)
        if budget["rows"]
        else None
    )
    table_criteria = tables.add("kriteria", _("Kriteria Pencapaian Indikator Sasaran"))
    table_projection = tables.add(
        "proyeksi", _("Kriteria Capaian Kinerja Tahun %(year)s terhadap Target Akhir Tahun") % names
    )
    table_tiers = tables.add("tingkat-efisiensi", _("Kriteria Capaian Tingkat Efisiensi (TE)"))
    # BAB III
    table_capaian = tables.add("capaian", _("Pencapaian IKU %(unit)s Triwulan %(q)s Tahun %(year)s") % names)
    figure_capaian = figures.add(
        "capaian",
        _("%(score)s Triwulan %(q)s terhadap Kriteria Pencapaian") % {**names, "score": terms["goal_score_name"]},
    )
    for goal in goals:
        goal["table"] = tables.add(
            f"sasaran-{goal['number']}",
            _("Pencapaian Sasaran %(ordinal)s Tahun %(year)s") % {"ordinal": ordinal(goal["number"]), "year": year},
        )
    table_followup = tables.add(
        "kendala", _("Kendala dan Rencana Tindak Lanjut s.d. Triwulan %(q)s Tahun %(year)s") % names
    )
    table_budget = figure_budget = table_efficiency = table_spending = table_pagu = None
    if budget["pagu_changes"]:
        table_pagu = tables.add("pagu-dipa", _("Perubahan Pagu DIPA %(unit)s Tahun %(year)s") % names)
    if budget["spending_types"]:
        table_spending = tables.add(
            "jenis-belanja",
            _("Pagu dan Realisasi Anggaran per Jenis Belanja s.d. Triwulan %(q)s Tahun %(year)s") % names,
        )
    if budget["rows"]:
        table_budget = tables.add(
            "keuangan",
            _("Target dan Realisasi Keuangan Berdasarkan %(goal)s %(unit)s s.d. Triwulan %(q)s Tahun %(year)s")
            % {**names, "goal": terms["goal_title"]},
        )
        figure_budget = figures.add(
            "serapan", _("Penyerapan Anggaran dan Capaian Kinerja per Sasaran s.d. Triwulan %(q)s") % names
        )
    if efficiency["rows"]:
        basis = terms["goal_title"] if efficiency["level"] == "goal" else _("Indikator Kinerja")
        table_efficiency = tables.add(
            "efisiensi",
            _("Efisiensi Berdasarkan %(basis)s %(unit)s Triwulan %(q)s Tahun %(year)s") % {**names, "basis": basis},
        )
    appendix_pk = appendices.add("pk", _("Perjanjian Kinerja %(unit)s Tahun %(year)s") % names)
    appendix_rapk = appendices.add(
        "rapk", _("Rencana Aksi Perjanjian Kinerja (Target Bulanan) %(unit)s Tahun %(year)s") % names
    )
    appendix_budget = (
        appendices.add(
            "anggaran-iku", _("Realisasi Anggaran %(unit)s per IKU s.d. Triwulan %(q)s Tahun %(year)s") % names
        )
        if budget["indicators"]
        else None
    )

    counts = _counts(s, goals)
    signature = dict(s.get("signature") or {})
    if signature.get("date"):
        signature["date"] = dt.date.fromisoformat(signature["date"])
    texts = s.get("texts") or {}
    agreement = dict(s["agreement"])
    if agreement.get("signed_on"):
        agreement["signed_on"] = dt.date.fromisoformat(agreement["signed_on"])
    return {
        "title": title,
        "generated_at": s["generated_at"],
        "unit": unit,
        "year": year,
        "quarter": quarter,
        "roman": roman,
        "interim": quarter < 4,
        "terms": terms,
        "months": months,
        "month_labels": [f"B{m:02d}" for m in months],
        "show_b12": months[-1] != 12,  # in quarter IV the B12 target is already the last period's
        "capaian_columns": 3 * len(months) + (4 if months[-1] != 12 else 3),  # every column but NPS
        "quarters_so_far": [ROMAN[q] for q in range(1, quarter + 1)],
        "all_quarters": list(ROMAN.values()),
        "agreement": agreement,
        "revisions": revisions,
        "table_revisions": table_revisions,
        "target_sources": [
            {**source, "months": ", ".join(f"B{m:02d}" for m in source["months"])}
            for source in s.get("target_sources") or []
        ],
        "policy": s["policy"],
        "criteria": criteria,
        "projection_bands": [{**band, "range": band_range(band)} for band in s["projection_bands"]],
        "efficiency_tiers": _tiers(s["efficiency_tiers"]),
        "perspectives": perspectives,
        "goals": goals,
        "indicators": list(indicators.values()),
        "unit_score": s["unit_score"],
        "counts": counts,
        "criterion_groups": _groups(criteria, indicators.values()),
        "goal_groups": _groups(criteria, goals),
        "attention": [goal for goal in goals if goal["colour"] in ("red", "yellow")],
        "followups": _followups(indicators.values(), quarter),
        "follow_up_matrix": bool(s.get("follow_up_matrix")),
        "budget": budget,
        "efficiency": efficiency,
        "texts": {key: (value or None) for key, value in texts.items()},
        "recommendations": [line.strip() for line in (texts.get("recommendations") or "").splitlines() if line.strip()],
        "signature": signature,
        "tables": tables.items,
        "figures": figures.items,
        "appendices": appendices.items,
        "table_pk": table_pk,
        "table_definitions": table_definitions,
        "table_spending": table_spending,
        "table_pagu": table_pagu,
        "table_budget_goals": table_budget_goals,
        "table_criteria": table_criteria,
        "table_projection": table_projection,
        "table_tiers": table_tiers,
        "table_capaian": table_capaian,
        "table_followup": table_followup,
        "table_budget": table_budget,
        "table_efficiency": table_efficiency,
        "figure_capaian": figure_capaian,
        "figure_budget": figure_budget,
        "appendix_pk": appendix_pk,
        "appendix_rapk": appendix_rapk,
        "appendix_budget": appendix_budget,
        "chart_capaian": mark_safe(_capaian_chart(goals, criteria, figure_capaian["caption"])),  # noqa: S308
        "chart_budget": _budget_chart(goals, budget, figure_budget["caption"], terms) if figure_budget else "",
    }


def _indicator(item: dict[str, Any]) -> dict[str, Any]:
    qmap = item.get("qualitative_map") or {}
    periods = [
        {
            "month": p["month"],
            "label": f"B{p['month']:02d}",
            "target": value_text(p["target"], qmap),
            "realisation": realisation_text(p, qmap),
            "capaian": p["capaian"],
            "capaian_reason": reason_text(p.get("capaian_reason")),
        }
        for p in item["periods"]
    ]
    narrative = item.get("narrative") or {}
    followup = item.get("followup") or {}
    return {
        "number": item["number"],
        "goal": item["goal"],
        "name": item["name"],
        "unit_of_measure": item.get("unit_of_measure", ""),
        "definition": item.get("definition") or None,
        "calculation": item.get("calculation") or None,
        "annual_target": value_text(item["annual_target"], qmap),
        "target_b12": value_text(item.get("target_b12"), qmap),
        "periods": periods,
        "current": periods[-1],
        "measured": item["capaian"] is not None,
        "capaian": item["capaian"],
        "capaian_reason": reason_text(item.get("capaian_reason")),
        "capaian_annual": item["capaian_annual"],
        "criterion": item["criterion"],
        "criterion_code": item["criterion_code"],
        "colour": item["colour"],
        "projection": item["projection"],
        "monthly": [value_text(v, qmap) for v in item.get("monthly_targets") or [None] * 12],
        "analysis": narrative.get("analysis") or None,
        "activities": narrative.get("activities") or None,
        "kendala": followup.get("kendala") or None,
        "rtl": followup.get("rtl") or None,
        "rtl_status": list(followup.get("status") or []),
        "recommendations": [
            {**r, "done_on": dt.date.fromisoformat(r["done_on"]) if r.get("done_on") else None}
            for r in item.get("recommendations") or []
        ],
        "components_line": components_line(item),
        "stages": stage_rows(item),
    }


def _revision(item: dict[str, Any]) -> dict[str, Any]:
    """A PK revision as printed: Semula and Menjadi targets side by side, dates parsed."""
    rows = []
    for row in item["rows"]:
        shown = {}
        for side in ("semula", "menjadi"):
            target = row[side]
            shown[side] = "-" if target is None else (target["label"] or value_text(target["value"], {}))
        rows.append({**row, **shown})
    signed_on = dt.date.fromisoformat(item["signed_on"]) if item.get("signed_on") else None
    return {**item, "rows": rows, "signed_on": signed_on, "effective": f"B{item['effective_month']:02d}"}


def _goal(item: dict[str, Any], indicators: dict[int, dict[str, Any]]) -> dict[str, Any]:
    members = [indicators[n] for n in item["indicators"]]
    return {
        "number": item["number"],
        "ordinal": ordinal(item["number"]),
        "name": item["name"],
        "perspective": item["perspective"],
        "nps": item["nps"],
        "nps_reason": reason_text(item.get("nps_reason")),
        "criterion": item["criterion"],
        "criterion_code": item["criterion_code"],
        "colour": item["colour"],
        "scores": [
            {"label": ROMAN[i + 1], "value": score["value"]} for i, score in enumerate(item.get("scores") or [])
        ],
        "indicators": members,
        "indicator_count": counted(len(members)),
        "measured_count": sum(1 for row in members if row["measured"]),
        "later_count": sum(1 for row in members if not row["measured"]),
    }


def _counts(s: dict[str, Any], goals: list[dict[str, Any]]) -> dict[str, Any]:
    c = s["counts"]
    return {
        "total": counted(c["indicators"]),
        "measured": counted(c["measured"]),
        "measured_n": c["measured"],
        "later": counted(c["not_measured"]),
        "later_n": c["not_measured"],
        "goals": counted(c["goals"]),
        "goals_evaluated": counted(c["goals_evaluated"]),
        "efficient": counted(c["efficient"]),
        "not_efficient": counted(c["not_efficient"]),
        "efficiency_rows": counted(c["efficient"] + c["not_efficient"]),
    }


def _groups(criteria: list[dict[str, Any]], rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows (indicators or goals) per criterion band, in the bands' order; bands with no row left out."""
    rows = list(rows)
    groups = []
    for band in criteria:
        members = [row for row in rows if row["criterion_code"] == band["code"]]
        if members:
            groups.append({**band, "count": counted(len(members)), "rows": members})
    return groups


def _followups(indicators: Iterable[dict[str, Any]], quarter: int) -> list[dict[str, Any]]:
    rows = []
    for row in indicators:
        if not (row["kendala"] or row["rtl"]):
            continue
        statuses = []
        for q in range(1, 5):
            if q > quarter:
                statuses.append("")
            else:
                code = row["rtl_status"][q - 1] if q - 1 < len(row["rtl_status"]) else ""
                statuses.append({"proses": _("Proses"), "selesai": _("Selesai")}.get(code, "-"))
        rows.append({**row, "statuses": statuses})
    return rows


def _tiers(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    previous: str | None = None
    for tier in data["tiers"]:
        if previous is None:
            label = f"0 ≤ TE ≤ {format_number(Decimal(tier['upper']))}" if tier["upper"] else "TE ≥ 0"
        elif tier["upper"] is None:
            label = f"TE > {format_number(Decimal(previous))}"
        else:
            label = f"{format_number(Decimal(previous))} < TE ≤ {format_number(Decimal(tier['upper']))}"
        rows.append({"range": label, "capaian": tier["capaian"], "efficient": tier["efficient"]})
        previous = tier["upper"]
    below = data["below_zero"]
    rows.append({"range": "TE < 0", "capaian": below["capaian"], "efficient": below["efficient"]})
    return rows


def _budget(
    data: dict[str, Any], goals: dict[int, dict[str, Any]], indicators: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    rows = [
        {**row, "name": goals[row["goal"]]["name"] if row["goal"] in goals else row["label"]} for row in data["rows"]
    ]
    largest = max(rows, key=lambda row: Decimal(row["share"] or "0"), default=None)
    per_indicator = [
        {**row, "name": indicators[row["indicator"]]["name"], "goal_name": goals[row["goal"]]["name"]}
        for row in data.get("indicators") or []
        if row["indicator"] in indicators and row["goal"] in goals
    ]
    return {
        "rows": rows,
        "total": data.get("total"),
        "largest": largest,
        "indicators": per_indicator,
        "indicators_total": data.get("indicators_total"),
        "spending_types": data.get("spending_types") or [],
        "spending_total": data.get("spending_total"),
        "layers": data.get("layers"),
        "pagu_changes": [
            {**change, "date": dt.date.fromisoformat(change["date"])} for change in data.get("pagu_changes") or []
        ],
    }


def _efficiency(
    data: dict[str, Any], level: str, goals: dict[int, dict[str, Any]], indicators: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    names = goals if level == "goal" else indicators
    rows = [
        {**row, "name": names[row["number"]]["name"] if row["number"] in names else row["label"]}
        for row in data["rows"]
    ]
    return {
        "level": level,
        "rows": rows,
        "total": data.get("total"),
        "total_method": data.get("total_method") or "unit_score",
        "without_output": counted(data["rows_without_output"]) if data.get("rows_without_output") else None,
    }


def _capaian_chart(goals: list[dict[str, Any]], criteria: list[dict[str, Any]], title: str) -> str:
    bars = [
        charts.Bar(f"SS {goal['number']}", _dec(goal["nps"]), goal["colour"], _("belum dapat ditentukan"))
        for goal in goals
    ]
    zones = [
        charts.Zone(_dec(band["lower"]), _dec(band["upper"]), band["colour"], f"{band['label']} ({band['range']})")
        for band in criteria
    ]
    return charts.capaian_chart(bars, zones, title)


def _budget_chart(goals: list[dict[str, Any]], budget: dict[str, Any], title: str, terms: dict[str, Any]) -> str:
    absorption = {row["goal"]: _dec(row["absorption"]) for row in budget["rows"]}
    pairs = [charts.Pair(f"SS {goal['number']}", _dec(goal["nps"]), absorption.get(goal["number"])) for goal in goals]
    score = _("Capaian kinerja / %(score)s (%%)") % {"score": terms["goal_score"]}
    return mark_safe(charts.absorption_chart(pairs, score, _("Penyerapan anggaran (%)"), title))  # noqa: S308
