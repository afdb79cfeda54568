"""E-mail on workflow transitions and finished reports (after commit, through Celery), deadline reminders,
the heads' weekly digest, and the preferences that turn them off."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from indicators import workflow
from indicators.models import Indicator
from notifications.models import Preference, SentReminder
from reports import services as report_services
from reports.models import Report
from reports.pdf import Rendered
from sakip.models import OrgUnit
from sakip.queue import queue_task
from tests.month_helpers import submitted

pytestmark = pytest.mark.django_db
PUSDATIN = ("PUSDATIN", 2022)


@pytest.fixture
def people(planner, head):  # type: ignore[no-untyped-def]
    for user in (planner, head):
        user.email = f"{user.username}@example.org"
        user.save()
    return planner, head


def addressed_to(mailbox, address: str) -> list:  # type: ignore[no-untyped-def]
    return [mail for mail in mailbox if address in mail.to]


def test_it_mails_the_heads_after_the_submission_commits(people, mailoutbox, django_capture_on_commit_callbacks):
    planner, head = people
    with django_capture_on_commit_callbacks() as callbacks:
        submitted(planner, *PUSDATIN, 9)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [mail] = addressed_to(mailoutbox, "bob@example.org")
    assert mail.subject == "[SAKIP] PUSDATIN B09 (September 2022) diajukan untuk direviu"
    assert "alice mengajukan realisasi" in mail.body
    assert f"{settings.SAKIP_BASE_URL}/realisasi/PUSDATIN/2022/b9/" in mail.body
    assert addressed_to(mailoutbox, "kepala@example.org")  # the demo head of SETTAMA too
    assert not addressed_to(mailoutbox, "alice@example.org")  # never the actor


def test_it_mails_the_planner_the_heads_comments_and_then_the_approval_and_the_lock(
    people, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    planner, head = people
    unit = OrgUnit.objects.get(code="PUSDATIN")
    keluhan = Indicator.objects.get(code="KELUHAN", goal__unit=unit)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(planner, *PUSDATIN, 10)
        workflow.return_month(head, unit, 2022, 10, {keluhan: "Lampirkan rekap keluhan"})
    [returned] = [m for m in addressed_to(mailoutbox, "alice@example.org") if "dikembalikan" in m.subject]
    assert returned.subject == "[SAKIP] PUSDATIN B10 (Oktober 2022) dikembalikan untuk diperbaiki"
    assert f"IKU {keluhan.number} {keluhan.name}: Lampirkan rekap keluhan" in returned.body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted(planner, *PUSDATIN, 10)
        workflow.approve_month(head, unit, 2022, 10)
        workflow.lock_month(admin_user, unit, 2022, 10)
    subjects = sorted(m.subject for m in addressed_to(mailoutbox, "alice@example.org"))
    assert subjects == ["[SAKIP] PUSDATIN B10 (Oktober 2022) dikunci", "[SAKIP] PUSDATIN B10 (Oktober 2022) disetujui"]
    assert "[SAKIP] PUSDATIN B10 (Oktober 2022) dikunci" in [
        m.subject for m in addressed_to(mailoutbox, "bob@example.org")
    ]


def test_it_writes_to_each_user_in_the_language_they_chose(people, mailoutbox, django_capture_on_commit_callbacks):
    planner, head = people
    Preference.objects.create(user=head, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        submitted(planner, *PUSDATIN, 10)
    assert "October 2022" in addressed_to(mailoutbox, "bob@example.org")[0].subject
    assert "Oktober 2022" in addressed_to(mailoutbox, "kepala@example.org")[0].subject


def test_it_sends_nothing_to_a_user_who_turned_it_off(people, mailoutbox, django_capture_on_commit_callbacks):
    planner, head = people
    Preference.objects.create(user=head, events=False)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(planner, *PUSDATIN, 9)
    assert not addressed_to(mailoutbox, "bob@example.org")


def test_it_mails_the_requester_when_the_lapkin_is_ready(
    people, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    _planner, head = people
    monkeypatch.setattr(report_services, "snapshot_for", lambda report: {"unit": "SETTAMA"})
    monkeypatch.setattr(report_services, "render_snapshot", lambda snapshot: Rendered(pdf=b"%PDF-1.4", pages=27))
    report = Report.objects.create(
        unit=OrgUnit.objects.get(code="SETTAMA"), year=2023, quarter=2, requested_by=head,
        place="Jakarta", signed_on=dt.date(2023, 7, 20), signatory_name="X", signatory_title="Y",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert report_services.run_report(report.pk) == Report.Status.DONE
    [mail] = mailoutbox
    assert mail.to == ["bob@example.org"] and mail.subject == "[SAKIP] Lapkin SETTAMA 2023 TW II siap diunduh"
    assert "(27 halaman)" in mail.body and reverse("reports:report-detail", args=[report.pk]) in mail.body


def reminders(date: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", date, stdout=out)
    return out.getvalue()


def test_it_reminds_a_planner_before_and_after_the_deadline_once_a_day(people, mailoutbox):
    # PUSDATIN B09 2022 is due on 10 October 2022 (SAKIP_MONTH_DEADLINE_DAY), 3 days before: the 7th.
    assert "2 reminder(s) before the deadline, 0 after" in reminders("2022-10-07")  # alice and perencana
    [mail] = addressed_to(mailoutbox, "alice@example.org")
    assert mail.subject == "[SAKIP] Pengingat: realisasi PUSDATIN B09 (September 2022) jatuh tempo"
    assert "jatuh tempo pada 10 Oktober 2022, 3 hari lagi" in mail.body and "/realisasi/PUSDATIN/2022/b9/" in mail.body
    assert "0 reminder(s) before the deadline, 0 after" in reminders("2022-10-07")  # never twice the same day
    assert len(addressed_to(mailoutbox, "alice@example.org")) == 1
    reminders("2022-10-11")  # a day late
    late = addressed_to(mailoutbox, "alice@example.org")[-1]
    assert late.subject == "[SAKIP] Terlambat: realisasi PUSDATIN B09 (September 2022) belum diajukan"
    assert SentReminder.objects.filter(user=people[0]).count() == 2


def test_it_does_not_remind_about_a_month_handed_in_or_a_user_who_said_no(people, mailoutbox):
    planner, _head = people
    submitted(planner, *PUSDATIN, 9)
    assert "0 reminder(s) before the deadline" in reminders("2022-10-07")
    Preference.objects.create(user=planner, reminders=False)
    assert "1 reminder(s) before the deadline" in reminders("2022-11-07")  # B10, for perencana only
    assert not addressed_to(mailoutbox, "alice@example.org")
    assert addressed_to(mailoutbox, "perencana@example.org")


def test_it_sends_heads_a_weekly_digest_of_their_subtree_once(people, mailoutbox, settings):
    planner, _head = people
    settings.SAKIP_DIGEST_WEEKDAY = 0
    submitted(planner, *PUSDATIN, 9)
    assert "2 digest(s)" in reminders("2022-10-10")  # bob and the demo's kepala, both heads of SETTAMA
    digests = [m for m in addressed_to(mailoutbox, "bob@example.org") if "Ringkasan mingguan" in m.subject]
    assert len(digests) == 1
    assert digests[0].subject == "[SAKIP] Ringkasan mingguan: 1 bulan menunggu reviu, 1 unit terlambat"
    assert "PUSDATIN B09 2022" in digests[0].body and "/realisasi/PUSDATIN/2022/b9/" in digests[0].body
    assert "0 digest(s)" in reminders("2022-10-10")
    assert "0 digest(s)" in reminders("2022-10-11")  # not the digest's weekday


def test_it_runs_the_same_reminders_from_celery_beat(people, mailoutbox, monkeypatch):
    assert settings.CELERY_BEAT_SCHEDULE["send-reminders"]["task"] == "notifications.send_reminders"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2022, 10, 7))
    result = queue_task("notifications.send_reminders")  # eager here: runs in-process
    assert result.get() == {"before": 2}
    assert len(addressed_to(mailoutbox, "alice@example.org")) == 1


def test_it_runs_a_task_in_process_in_eager_mode_even_when_nothing_imported_its_module():
    code = (
        "import django; django.setup(); from sakip.queue import queue_task\n"
        "try:\n    queue_task('notifications.notify_report', 1)\n"
        "except Exception as error:\n    print(type(error).__name__, error)\n"
    )
    env = {**os.environ, "DATABASE_URL": "sqlite:///:memory:", "DJANGO_SETTINGS_MODULE": "sakip.settings"}
    env.pop("REDIS_URL", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert "no such table: reports_report" in out.stdout, out.stderr[-2000:]  # it ran here, not sent to a broker


def test_it_lets_a_user_turn_reminders_off_and_remembers_the_language(client, planner):
    client.force_login(planner)
    assert "Notifikasi dan bahasa" in client.get(reverse("notifications:preferences")).content.decode()
    client.post(reverse("notifications:preferences"), {"events": "on", "digest": "on", "language": "id"})
    assert Preference.objects.get(user=planner).reminders is False
    client.post(reverse("notifications:language"), {"language": "en", "next": "/"})
    assert Preference.objects.get(user=planner).language == "en"
