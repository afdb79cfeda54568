"""The Lapkin pages: the list and request form, the progress page that refreshes itself, the texts form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Report, ReportText
from sakip.models import OrgUnit

pytestmark = pytest.mark.django_db
LIST = reverse("reports:report-list", args=["SETTAMA", 2023, 2])


def report(status, code="SETTAMA", **fields):
    return Report.objects.create(
        unit=OrgUnit.objects.get(code=code),
        year=2023,
        quarter=2,
        status=status,
        place="Jakarta",
        signed_on=dt.date(2023, 7, 20),
        signatory_name="Dra. Rita Mahyona, Apt, M.Si",
        signatory_title="Sekretaris Utama",
        **fields,
    )


def test_a_head_sees_the_request_form_prefilled_from_the_last_report(client, head):
    report(Report.Status.FAILED, error="boom")
    client.force_login(head)
    html = client.get(LIST).content.decode()
    assert reverse("reports:report-request", args=["SETTAMA", 2023, 2]) in html
    assert 'value="Dra. Rita Mahyona, Apt, M.Si"' in html and 'value="Sekretaris Utama"' in html
    assert "Gagal" in html


def test_a_planner_reads_the_list_of_the_own_unit_without_a_request_form(client, planner):
    client.force_login(planner)
    html = client.get(reverse("reports:report-list", args=["PUSDATIN", 2022, 4])).content.decode()
    assert "Buat Lapkin" not in html
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("reports:report-list", args=["PUSDATIN", 2022, 5])).status_code == 404


def test_the_progress_page_refreshes_itself_until_the_report_is_done(client, head):
    client.force_login(head)
    queued = report(Report.Status.QUEUED, task_id="sent-to-the-broker")
    html = client.get(reverse("reports:report-detail", args=[queued.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html and 'data-status="queued"' in html
    assert "posisi 1 dalam antrean" in html
    Report.objects.filter(pk=queued.pk).update(status=Report.Status.RUNNING, started_at=timezone.now())
    html = client.get(reverse("reports:report-detail", args=[queued.pk])).content.decode()
    assert 'http-equiv="refresh"' in html and 'data-status="running"' in html
    Report.objects.filter(pk=queued.pk).update(status=Report.Status.DONE, pdf="reports/x.pdf", page_count=27)
    html = client.get(reverse("reports:report-detail", args=[queued.pk])).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert reverse("reports:report-download", args=[queued.pk]) in html
    assert reverse("reports:report-finalise", args=[queued.pk]) in html


def test_a_head_edits_the_report_texts_and_a_planner_may_not(client, head, planner):
    url = reverse("reports:report-texts", args=["SETTAMA", 2023, 2])
    client.force_login(head)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"foreword": "Puji syukur.", "introduction": "Tugas dan fungsi.", "recommendations": ""}
    )
    assert response.status_code == 302
    texts = ReportText.objects.get(unit__code="SETTAMA", year=2023, quarter=2)
    assert (texts.foreword, texts.introduction, texts.updated_by) == ("Puji syukur.", "Tugas dan fungsi.", head)
    client.force_login(planner)
    assert client.get(reverse("reports:report-texts", args=["PUSDATIN", 2022, 4])).status_code == 403


def test_the_index_lists_only_reports_of_visible_units(client, planner, outsider):
    settama = report(Report.Status.DONE)
    own = report(Report.Status.DONE, code="PUSDATIN")
    client.force_login(planner)
    html = client.get(reverse("reports:report-index")).content.decode()
    assert f'data-report="{own.pk}"' in html and f'data-report="{settama.pk}"' not in html
    client.force_login(outsider)
    html = client.get(reverse("reports:report-index")).content.decode()
    assert "data-report=" not in html


def test_the_scorecard_and_the_menu_link_to_the_lapkin(client, head):
    client.force_login(head)
    html = client.get(reverse("reports:scorecard", args=["SETTAMA", 2023, 2])).content.decode()
    assert LIST in html and reverse("reports:report-index") in html


def test_it_prefills_the_date_input_in_the_format_the_browser_reads(client, head):
    client.force_login(head)
    html = client.get(LIST).content.decode()
    signed = "2023-07-20"  # the period's signature date (the demo's Lapkin texts); else today
    assert f'type="date" name="signed_on" value="{signed}"' in html
