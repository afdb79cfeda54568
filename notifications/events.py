"""E-mails on workflow transitions (submit, return, approve, lock) and when a Lapkin is ready.

Called by Celery tasks enqueued after the transaction commits (`sakip.queue.queue_after_commit`); the actor
is never mailed about their own action. Each e-mail is written in its recipient's language.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import MonthStatus
from notifications.mail import absolute, ancestors, display_name, members, month_name, month_url, recipients, send
from reports.models import Report
from sakip.models import Role

User = get_user_model()

AUDIENCE = {
    "submit": (Role.HEAD,),
    "return": (Role.PLANNER,),
    "approve": (Role.PLANNER,),
    "lock": (Role.PLANNER, Role.HEAD),
}
SUBJECTS = {
    "submit": gettext_lazy("%(unit)s %(month)s diajukan untuk direviu"),
    "return": gettext_lazy("%(unit)s %(month)s dikembalikan untuk diperbaiki"),
    "approve": gettext_lazy("%(unit)s %(month)s disetujui"),
    "lock": gettext_lazy("%(unit)s %(month)s dikunci"),
}


def notify_month(status_id: int, action: str, actor_id: int | None) -> int:
    """Tell the people concerned that a month moved; returns the number of e-mails sent."""
    status = MonthStatus.objects.select_related("unit").filter(pk=status_id).first()
    if status is None or action not in AUDIENCE:
        return 0
    actor = User._default_manager.filter(pk=actor_id).first() if actor_id else None
    unit = status.unit
    users = []
    for role in AUDIENCE[action]:
        users += members(ancestors(unit) if role == Role.HEAD else [unit], role)
    comments = []
    if action == "return":
        comments = list(
            status.comments.filter(resolved=False).select_related("indicator").order_by("indicator__number")
        )
    people = recipients(list({user.pk: user for user in users}.values()), "events", exclude=actor)
    for recipient in people:
        with translation.override(recipient.language):
            month = month_name(status.year, status.month)
            subject = str(SUBJECTS[action]) % {"unit": unit.code, "month": month}
            context = {
                "action": action,
                "unit": unit,
                "month": month,
                "actor": display_name(actor),
                "url": month_url(unit, status.year, status.month),
                "comments": comments,
            }
            send(recipient, subject, "notifications/email/month.txt", context)
    return len(people)


def notify_report(report_id: int) -> int:
    """Tell whoever requested a Lapkin that its PDF is ready."""
    report = Report.objects.select_related("unit", "requested_by").filter(pk=report_id).first()
    if report is None or report.status != Report.Status.DONE or report.requested_by is None:
        return 0
    people = recipients([report.requested_by], "events")
    names = {"unit": report.unit.code, "year": report.year, "q": report.quarter_roman}
    context = {"report": report, "url": absolute(reverse("reports:report-detail", args=[report.pk]))}
    for recipient in people:
        with translation.override(recipient.language):
            subject = _("Lapkin %(unit)s %(year)s TW %(q)s siap diunduh") % names
            send(recipient, subject, "notifications/email/report_ready.txt", context)
    return len(people)
