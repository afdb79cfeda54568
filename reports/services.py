"""Lapkin reports: request, render (in a Celery worker), retry, finalise, and recover from dead workers.

The PDF is rendered only from the report's snapshot: a JSON-able dict holding every number the report
prints (as 2-decimal strings), built once from `reports.scorecard.build_scorecard` plus the narratives,
monthly targets and budget per indicator. Rendering a snapshot again gives the same numbers (and the same
bytes). A final report never changes; a new one can be requested and the old one stays downloadable.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from budget.models import BudgetLine, BudgetRealisation
from indicators.followup import follow_up_matrix
from indicators.models import MonthlyTarget, Realisation
from reports.kinds import ReportKind, kind_for_schema, kind_of, register
from reports.models import Report, ReportIsFinal, ReportText, report_path
from reports.revisions import revisions_of
from reports.scorecard import Scorecard, build_scorecard, quarter_end_months
from reports.scorecard_export import put_number, scorecard_as_dict
from sakip import scoring
from sakip.audit import record_event
from sakip.formatting import format_plain
from sakip.models import OrgUnit
from sakip.queue import queue_after_commit, queue_task

logger = logging.getLogger(__name__)
RENDER_TASK = "reports.render_report"
SCHEMA = "sakip-lapkin/1"
TEMPLATE = "reports/lapkin/report.html"
AnyUser = User | AnonymousUser | None
WORKER_LOST = (
    "Pembuatan laporan terhenti: worker yang membuatnya mati di tengah jalan (misalnya kehabisan memori atau "
    "dimatikan). Tidak ada berkas yang disimpan; silakan coba lagi."
)
DISK_FULL = (
    "Pembuatan laporan gagal: ruang disk server penuh, sehingga PDF tidak dapat disimpan. Tidak ada berkas yang "
    "disimpan; minta admin mengosongkan ruang disk, lalu coba lagi."
)


class NoAgreement(ValueError):
    """The unit has no performance agreement in force for the year: there is nothing to report on."""


class ReportBusy(ValueError):
    """The report is queued or being rendered."""


def time_limit() -> int:
    """Hard limit of one rendering, in seconds (the Celery task's time_limit)."""
    return int(getattr(settings, "SAKIP_REPORT_TIME_LIMIT", 300))


# --- requesting --------------------------------------------------------------------------------------


def default_signature(
    unit: OrgUnit, user: AnyUser = None, year: int | None = None, quarter: int | None = None
) -> dict[str, Any]:
    """Initial signature data: what the period's Lapkin texts say (place, date, signatory), else the unit's
    last report's, else the unit's city and the requester's name; the date is today unless the texts give one."""
    last = Report.objects.filter(unit=unit).order_by("-requested_at", "-id").first()
    today = timezone.localdate()
    if last is not None:
        found: dict[str, Any] = {
            "place": last.place,
            "signed_on": today,
            "signatory_name": last.signatory_name,
            "signatory_title": last.signatory_title,
        }
    else:
        name = ""
        if user is not None and user.is_authenticated:
            name = getattr(user, "get_full_name", lambda: "")() or user.get_username()
        found = {
            "place": unit.city or "Jakarta",
            "signed_on": today,
            "signatory_name": name,
            "signatory_title": f"Kepala {unit.name}",
        }
    texts = (
        ReportText.objects.filter(unit=unit, year=year, quarter=quarter).first()
        if year is not None and quarter is not None
        else None
    )
    if texts is not None:
        for key in ("place", "signed_on", "signatory_name", "signatory_title"):
            if getattr(texts, key):
                found[key] = getattr(texts, key)
    return found


def request_report(
    user: AnyUser,
    unit: OrgUnit,
    year: int,
    quarter: int,
    *,
    place: str,
    signed_on: dt.date,
    signatory_name: str,
    signatory_title: str,
    kind: str = Report.Kind.LAPKIN,
    audience: str = "",
) -> tuple[Report, bool]:
    """Queue a new report (a unit's Lapkin, or another registered kind); the task is enqueued once the
    transaction commits.

    Returns (report, created); while a report of the period is queued or running, that one is returned.
    """
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1..4")
    if kind_of(kind).needs_agreement and not unit.agreements.filter(year=year, in_force=True).exists():
        raise NoAgreement(f"{unit.code} has no performance agreement in force for {year}")
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()  # serialise requests of one unit
        period = Report.objects.filter(kind=kind, unit=unit, year=year, quarter=quarter, audience=audience)
        active = period.filter(status__in=Report.ACTIVE).first()
        if active is not None:
            return active, False
        report = Report.objects.create(
            kind=kind,
            audience=audience,
            unit=unit,
            year=year,
            quarter=quarter,
            requested_by=user if user is not None and user.is_authenticated else None,
            place=place,
            signed_on=signed_on,
            signatory_name=signatory_name,
            signatory_title=signatory_title,
        )
        record_event(user, "report.request", unit=unit, obj=report, period=report.period)
        _enqueue_on_commit(report.pk)
    return report, True


def rerun_report(report: Report, user: AnyUser) -> Report:
    """Render again from the same snapshot: a failed report (retry) or a done draft. Never a final one."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.is_final:
            raise ReportIsFinal(f"report {locked.pk} is final; request a new report instead")
        if locked.is_active:
            raise ReportBusy(f"report {locked.pk} is {locked.status}")
        if Report.objects.filter(
            kind=locked.kind,
            unit_id=locked.unit_id,
            year=locked.year,
            quarter=locked.quarter,
            audience=locked.audience,
            status__in=Report.ACTIVE,
        ).exists():
            raise ReportBusy("another report of this period is queued or running")
        locked.status = Report.Status.QUEUED
        locked.error = ""
        locked.started_at = None
        locked.finished_at = None
        locked.task_id = ""  # not sent yet
        locked.save(update_fields=["status", "error", "started_at", "finished_at", "task_id"])
        record_event(user, "report.retry", unit=locked.unit, obj=locked, period=locked.period)
        _enqueue_on_commit(locked.pk)
    return locked


def finalise_report(report: Report, user: AnyUser) -> Report:
    """Mark a rendered report final: from now on it never changes."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.is_final:
            raise ReportIsFinal(f"report {locked.pk} is already final")
        if locked.status != Report.Status.DONE:
            raise ReportBusy(f"report {locked.pk} is {locked.status}, not done")
        locked.is_final = True
        locked.finalised_at = timezone.now()
        locked.finalised_by = user if user is not None and user.is_authenticated else None
        locked.save(update_fields=["is_final", "finalised_at", "finalised_by"])
        record_event(user, "report.finalise", unit=locked.unit, obj=locked, period=locked.period)
    return locked


def save_texts(unit: OrgUnit, year: int, quarter: int, user: AnyUser, **texts: str) -> ReportText:
    obj, _ = ReportText.objects.get_or_create(unit=unit, year=year, quarter=quarter)
    for name, value in texts.items():
        setattr(obj, name, value)
    obj.updated_by = user if user is not None and user.is_authenticated else None
    obj.save()
    return obj


def _enqueue_on_commit(report_id: int) -> None:
    transaction.on_commit(lambda: enqueue(report_id))


def enqueue(report_id: int) -> bool:
    """Send the rendering task. When the broker cannot take it (one quick attempt, `sakip.queue`), the report
    stays queued with no task id: `send_waiting_reports` sends it when the broker is back."""
    try:
        result = queue_task(RENDER_TASK, report_id)
    except Exception:
        logger.warning("broker unreachable: report %s waits to be sent", report_id, exc_info=True)
        return False
    Report.objects.filter(pk=report_id, is_final=False).update(task_id=result.id or "")
    return True


def send_waiting_reports(older_than: dt.timedelta = dt.timedelta(seconds=30)) -> int:
    """Periodic (Celery beat) and on page view: send the reports queued while the broker was unreachable, oldest
    first, stopping at the first that still cannot be sent. A report whose request is still committing is left
    alone (`older_than`); a task sent twice finds the report claimed and does nothing."""
    waiting = Report.objects.filter(
        status=Report.Status.QUEUED, task_id="", requested_at__lt=timezone.now() - older_than
    ).order_by("requested_at", "id")
    sent = 0
    for report_id in waiting.values_list("pk", flat=True):
        if not enqueue(report_id):
            break
        sent += 1
    return sent


# --- rendering (runs in the worker) ------------------------------------------------------------------


def run_report(report_id: int, worker: str = "", task_id: str = "") -> str:
    """Claim a queued report, build its snapshot (once), render the PDF and store it. Returns the status.

    Every later write is conditional on this attempt still owning the row, so a report the sweep gave up
    on is not overwritten by a late worker. A task delivered again for a report it left running means the
    worker died in the middle of it (the broker gives back an unacknowledged task): the report is marked failed.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("unit").filter(pk=report_id).first()
        if report is not None and task_id and report.status == Report.Status.RUNNING and report.task_id == task_id:
            logger.warning(
                "report %s: task %s delivered again, its worker (%s) died", report_id, task_id, report.worker
            )
            report.status = Report.Status.FAILED
            report.error = WORKER_LOST
            report.finished_at = timezone.now()
            report.save(update_fields=["status", "error", "finished_at"])
            return Report.Status.FAILED
        if report is None or report.status != Report.Status.QUEUED:
            logger.info("report %s is not queued (%s); nothing to do", report_id, report and report.status)
            return report.status if report else "missing"
        report.attempts += 1
        report.status = Report.Status.RUNNING
        report.started_at = timezone.now()
        report.finished_at = None
        report.worker = worker[:200]
        report.save(update_fields=["attempts", "status", "started_at", "finished_at", "worker"])
    mine = Report.objects.filter(pk=report.pk, status=Report.Status.RUNNING, attempts=report.attempts)
    try:
        kind = kind_of(report.kind)
        if not report.snapshot:
            report.snapshot = kind.snapshot(report)
            mine.update(snapshot=report.snapshot)
        started = time.perf_counter()
        rendered = render_snapshot(report.snapshot)
        seconds = Decimal(time.perf_counter() - started).quantize(Decimal("0.001"))
        old_name = report.pdf.name
        name = default_storage.save(report_path(report, "lapkin.pdf"), ContentFile(rendered.pdf))
        done = mine.update(
            status=Report.Status.DONE,
            pdf=name,
            pdf_sha256=hashlib.sha256(rendered.pdf).hexdigest(),
            page_count=rendered.pages,
            render_seconds=seconds,
            error="",
            finished_at=timezone.now(),
        )
        if not done:
            default_storage.delete(name)
            return Report.Status.FAILED
        if old_name and old_name != name:
            default_storage.delete(old_name)
        queue_after_commit("notifications.notify_report", report.pk)
        return Report.Status.DONE
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        mine.update(status=Report.Status.FAILED, error=failure_message(exc)[:4000], finished_at=timezone.now())
        return Report.Status.FAILED


def failure_message(exc: Exception) -> str:
    """What the report's page says about a failed rendering."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL + f" ({type(exc).__name__}: {exc})"
    return f"{type(exc).__name__}: {exc}"


def render_snapshot(snapshot: dict[str, Any]) -> Any:
    """The PDF (and page count) of a snapshot. Nothing but the snapshot goes into it (its schema names the
    kind of report)."""
    from reports.pdf import render_document

    report_kind = kind_for_schema(snapshot.get("schema", SCHEMA))
    return render_document(report_kind.template, report_kind.context(snapshot))


def _lapkin_context(snapshot: dict[str, Any]) -> dict[str, Any]:
    from reports.lapkin import build_context

    return build_context(snapshot)


# --- recovery from dead workers ----------------------------------------------------------------------


def expire_stale_reports(now: dt.datetime | None = None) -> int:
    """Fail reports whose worker died: running longer than the time limit allows, or never picked up."""
    now = now or timezone.now()
    running_limit = dt.timedelta(seconds=time_limit() + 60)
    queued_limit = dt.timedelta(seconds=int(getattr(settings, "SAKIP_REPORT_QUEUE_TIMEOUT", 3600)))
    running = Report.objects.filter(status=Report.Status.RUNNING, started_at__lt=now - running_limit).update(
        status=Report.Status.FAILED,
        error=f"Pembuatan laporan terhenti: tidak selesai dalam {int(running_limit.total_seconds())} detik "
        "(worker berhenti atau melewati batas waktu).",
        finished_at=now,
    )
    queued = Report.objects.filter(status=Report.Status.QUEUED, requested_at__lt=now - queued_limit).update(
        status=Report.Status.FAILED,
        error=f"Laporan tidak diambil worker dalam {int(queued_limit.total_seconds())} detik.",
        finished_at=now,
    )
    if running or queued:
        logger.warning("marked %s running and %s queued reports as failed", running, queued)
    return running + queued


def expire_if_stale(report: Report) -> Report:
    """Called when someone opens a report's page: a report waiting for the broker is sent if it is back; one
    whose worker died is marked failed."""
    if report.waiting_for_queue and enqueue(report.pk):
        report.refresh_from_db()
    if report.is_active and expire_stale_reports():
        report.refresh_from_db()
    return report


# --- the snapshot ------------------------------------------------------------------------------------


def snapshot_for(report: Report) -> dict[str, Any]:
    texts = ReportText.objects.filter(unit=report.unit, year=report.year, quarter=report.quarter).first()
    return build_snapshot(
        report.unit,
        report.year,
        report.quarter,
        texts={
            "foreword": texts.foreword if texts else "",
            "introduction": texts.introduction if texts else "",
            "recommendations": texts.recommendations if texts else "",
        },
        signature={
            "place": report.place,
            "date": report.signed_on.isoformat(),
            "name": report.signatory_name,
            "title": report.signatory_title,
        },
        generated_at=timezone.localtime(),
    )


def _band(band: scoring.Band) -> dict[str, Any]:
    return {
        "code": band.code,
        "label": band.label,
        "colour": band.colour,
        "lower": format_plain(band.lower),
        "lower_inclusive": band.lower_inclusive,
        "upper": format_plain(band.upper),
        "upper_inclusive": band.upper_inclusive,
        "conclusion": band.conclusion,
    }


def _tier(tier: scoring.EfficiencyTier) -> dict[str, Any]:
    return {"upper": format_plain(tier.upper), "capaian": format_plain(tier.capaian), "efficient": tier.efficient}


def build_snapshot(
    unit: OrgUnit,
    year: int,
    quarter: int,
    *,
    texts: dict[str, str] | None = None,
    signature: dict[str, str] | None = None,
    generated_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Every number and text the Lapkin prints, as plain JSON data (a fixed number of queries)."""
    card = build_scorecard(unit, year, quarter)
    if card.agreement is None:
        raise NoAgreement(f"{unit.code} has no performance agreement in force for {year}")
    data = scorecard_as_dict(card)
    months = card.months
    indicator_ids = [row.indicator.id for row in card.indicators]
    realisations = {
        (r.indicator_id, r.month): r
        for r in Realisation.objects.filter(indicator_id__in=indicator_ids, month__in=quarter_end_months(quarter))
    }
    monthly: dict[tuple[int, int], Decimal | None] = {
        (t.indicator_id, t.month): t.value for t in MonthlyTarget.objects.filter(agreement=card.agreement)
    }
    matrix = follow_up_matrix(unit, year, quarter)
    for item, row in zip(data["indicators"], card.indicators, strict=True):
        indicator = row.indicator
        item["schedule"] = indicator.schedule
        item["definition"] = indicator.definition.strip()
        item["calculation"] = indicator.calculation.strip()
        item["code"] = indicator.code
        if indicator.method == scoring.Method.FORMULA and indicator.formula in scoring.FORMULAS:
            item["formula_text"] = scoring.FORMULAS[indicator.formula].text
        item["weight"] = format_plain(indicator.weight)
        item["qualitative_map"] = {word: format_plain(Decimal(str(n))) for word, n in indicator.qualitative_map.items()}
        put_number(item, "target_b12", row.target_b12, "no_target")
        item["periods"] = []
        for period in row.periods:
            entry: dict[str, Any] = {"month": period.month}
            put_number(entry, "target", period.target, "no_target")
            put_number(entry, "realisation", period.realisation)
            put_number(entry, "capaian", period.capaian)
            entry["target_version"] = period.version
            item["periods"].append(entry)
        item["monthly_targets"] = [format_plain(monthly.get((indicator.id, m))) for m in range(1, 13)]
        current = realisations.get((indicator.id, months[-1]))
        item["narrative"] = {
            "analysis": current.analysis.strip() if current else "",
            "activities": current.activities.strip() if current else "",
        }
        item["followup"] = _followup(indicator.id, quarter, realisations)
        item["recommendations"] = matrix.get(indicator.id, [])
    for item, goal_row in zip(data["goals"], card.goals, strict=True):
        item["indicators"] = [row.indicator.number for row in goal_row.indicators]
        item["scores"] = []
        for month, score in zip(months, goal_row.scores, strict=True):
            entry = {"month": month}
            put_number(entry, "value", score)
            item["scores"].append(entry)
    for item, perspective in zip(data["perspectives"], card.perspectives, strict=True):
        item["goals"] = [goal.goal.number for goal in perspective.goals]
    _add_budget_details(data, card)
    data["revisions"] = revisions_of(card)
    data["follow_up_matrix"] = bool(matrix)  # a unit that follows up recommendations prints a matrix per IKU
    data["target_sources"] = [
        {"months": months_, "label": str(agreement_), "version": agreement_.version}
        for months_, agreement_ in card.target_sources()
    ]
    policy = card.policy
    table = policy.efficiency_table() if policy else scoring.DEFAULT_EFFICIENCY_TABLE
    agreement = card.agreement
    data.update(
        {
            "schema": SCHEMA,
            "generated_at": (generated_at or timezone.localtime()).isoformat(timespec="seconds"),
            "unit": {
                "code": unit.code,
                "name": unit.name,
                "kind": unit.kind,
                "city": unit.city,
                "parent": unit.parent.name if unit.parent_id else None,  # type: ignore[union-attr]
            },
            "months": months,
            "agreement": {
                "label": str(agreement),
                "version": agreement.version,
                "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else None,
                "letter_number": agreement.letter_number,
                "reason": agreement.reason,
                "effective_month": agreement.effective_month,
                "first_party": agreement.first_party,
                "first_party_title": agreement.first_party_title,
                "second_party": agreement.second_party,
                "second_party_title": agreement.second_party_title,
                "budget_total": format_plain(agreement.budget_total),
            },
            "policy": {
                "rollup": policy.rollup if policy else scoring.RollUp.MEAN_OF_PERSPECTIVES.value,
                "efficiency_level": policy.efficiency_level if policy else "goal",
                "output_basis": policy.output_basis if policy else "period",
                "criteria_source": policy.criteria_source if policy else "",
            },
            "criteria": [_band(band) for band in card.criteria],
            "projection_bands": [_band(band) for band in scoring.DEFAULT_PROJECTION],
            "efficiency_tiers": {
                "tiers": [_tier(tier) for tier in table.tiers],
                "below_zero": _tier(table.below_zero),
            },
            "texts": {key: value.strip() for key, value in (texts or {}).items()},
            "signature": signature or {},
        }
    )
    return data


def _followup(indicator_id: int, quarter: int, realisations: dict[tuple[int, int], Realisation]) -> dict[str, Any]:
    """Kendala and RTL (the latest quarter that has them) and the RTL status of every quarter so far."""
    kendala = rtl = ""
    statuses: list[str] = []
    for q in range(1, quarter + 1):
        entry = realisations.get((indicator_id, 3 * q))
        statuses.append(entry.rtl_status if entry else "")
        if entry and (entry.kendala.strip() or entry.rtl.strip()):
            kendala, rtl = entry.kendala.strip(), entry.rtl.strip()
    return {"kendala": kendala, "rtl": rtl, "status": statuses}


def _add_budget_details(data: dict[str, Any], card: Scorecard) -> None:
    """Each goal's share of the allocation, and the budget per indicator (Lampiran)."""
    total = card.budget_total
    for goal_item, budget_row in zip(data["budget"]["rows"], card.budget, strict=True):
        share = scoring.ratio_percent(budget_row.allocation, total.allocation) if total else None
        put_number(goal_item, "share", share, "no_budget")
    last_month = card.months[-1]
    lines = (
        BudgetLine.objects.filter(unit=card.unit, year=card.year, indicator__isnull=False)
        .select_related("indicator")
        .prefetch_related(
            Prefetch(
                "realisations",
                queryset=BudgetRealisation.objects.filter(month__lte=last_month).order_by("month"),
            )
        )
    )
    by_indicator = {line.indicator_id: line for line in lines}
    rows = []
    sums = {"pagu": Decimal(0), "blokir": Decimal(0), "allocation": Decimal(0), "realised": Decimal(0)}
    for indicator_row in card.indicators:
        indicator = indicator_row.indicator
        line = by_indicator.get(indicator.id)
        if line is None:
            continue
        entries = list(line.realisations.all())
        values = {
            "pagu": line.pagu,
            "blokir": line.blokir,
            "allocation": line.available,
            "realised": entries[-1].amount if entries else Decimal(0),
        }
        item: dict[str, Any] = {"indicator": indicator.number, "goal": indicator.goal.number}
        for key, value in values.items():
            sums[key] += value
            put_number(item, key, value)
        put_number(item, "absorption", scoring.absorption(values["realised"], values["allocation"]))
        rows.append(item)
    data["budget"]["indicators"] = rows
    indicators_total: dict[str, Any] | None = None
    if rows:
        indicators_total = {}
        for key, value in sums.items():
            put_number(indicators_total, key, value)
        put_number(indicators_total, "absorption", scoring.absorption(sums["realised"], sums["allocation"]))
    data["budget"]["indicators_total"] = indicators_total


register(ReportKind(Report.Kind.LAPKIN, SCHEMA, TEMPLATE, snapshot_for, _lapkin_context, needs_agreement=True))
