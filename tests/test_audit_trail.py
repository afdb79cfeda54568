"""The audit trail is append-only, filterable, and exported as CSV and XLSX for auditors."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Realisation
from sakip.audit import record_event
from sakip.models import AuditEvent, OrgUnit

pytestmark = pytest.mark.django_db


def test_it_refuses_to_change_or_delete_an_audit_event(demo):
    event = record_event(None, "test.event", unit=OrgUnit.objects.get(code="SETTAMA"))
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_it_gives_nobody_add_change_or_delete_in_the_admin(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def change_a_realisation(user) -> None:
    realisation = Realisation.objects.get(indicator__code="NKA", month=12)
    realisation.value = Decimal("92.5")
    realisation._history_user = user
    realisation.save()


def test_it_exports_the_filtered_trail_as_csv(client, auditor, planner):
    change_a_realisation(planner)
    client.force_login(auditor)
    response = client.get(
        reverse("audit:trail") + "?unit=PUSDATIN&year=2022&month=12&object_type=realisation&export=csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="jejak_audit_')
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:5] == ["Waktu", "Pengguna", "Unit", "Periode", "Objek"]
    assert ["alice", "Realisasi", "91,83", "92,5"] in [[r[1], r[7], r[8], r[9]] for r in rows]
    assert {(r[2], r[3]) for r in rows} == {("PUSDATIN", "2022-B12")}
    assert AuditEvent.objects.filter(action="audit.export", user=auditor).exists()


def test_it_exports_the_trail_as_xlsx(client, auditor, planner):
    change_a_realisation(planner)
    client.force_login(auditor)
    response = client.get(reverse("audit:trail") + "?user=alice&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Waktu", "Pengguna", "Unit", "Periode")
    assert any(row[1] == "alice" and row[7] == "Realisasi" and row[9] == "92,5" for row in rows[1:])


def test_it_neutralises_formulas_in_exported_cells(client, auditor, demo):
    record_event(auditor, '=HYPERLINK("http://x")', unit=OrgUnit.objects.get(code="SETTAMA"))
    client.force_login(auditor)
    text = client.get(reverse("audit:trail") + "?export=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_it_lists_nothing_but_the_error_for_a_bad_filter(client, auditor):
    record_event(auditor, "test.event", unit=OrgUnit.objects.get(code="SETTAMA"), period="2023-B06")
    client.force_login(auditor)
    html = client.get(reverse("audit:trail") + "?year=abcd").content.decode()
    assert "Periksa filter" in html
    assert "test.event" not in html
    assert "test.event" in client.get(reverse("audit:trail") + "?year=2023").content.decode()


def test_it_pages_the_trail_and_speaks_in_labels_and_local_time(client, auditor, planner):
    unit = OrgUnit.objects.get(code="SETTAMA")
    for n in range(60):
        record_event(planner, "month.submit", unit=unit, period="2023-B06", before="draft", after="submitted", n=n)
    event = AuditEvent.objects.filter(action="month.submit").latest("id")
    AuditEvent.objects.filter(pk=event.pk).update(at=dt.datetime(2023, 7, 1, 0, 30, tzinfo=dt.UTC))
    change_a_realisation(planner)
    client.force_login(auditor)
    html = client.get(reverse("audit:trail")).content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr>") == 50 and "Entri 1–50, terbaru dulu" in html
    assert 'rel="next" href="?page=2"' in html and 'rel="prev"' not in html
    assert "Bulan diajukan" in body and "month.submit" not in body
    assert "Status sebelum</span>: <ins>Draf</ins>" in body and "Status sesudah</span>: <ins>Diajukan</ins>" in body
    assert "Realisasi</span>: <del>91,83</del> → <ins>92,5</ins>" in body
    assert "_id" not in body and "indicators." not in body
    last = client.get(reverse("audit:trail") + "?object_type=event&page=2").content.decode()
    assert 'rel="prev" href="?object_type=event&amp;page=1"' in last and 'rel="next"' not in last
    assert "1 Jul 2023 07:30" in last  # 00:30 UTC is 07:30 in Jakarta


def test_it_leaves_out_saves_that_changed_nothing_visible(client, auditor, planner):
    realisation = Realisation.objects.get(indicator__code="NKA", month=12)
    realisation.revision += 1
    realisation._history_user = planner
    realisation.save()  # a history record whose only difference is the revision counter
    client.force_login(auditor)
    html = client.get(reverse("audit:trail") + "?user=alice").content.decode()
    assert "Tidak ada entri." in html


def test_it_names_every_tracked_field_in_the_users_language(db):
    from audit.labels import field_label
    from audit.trail import SKIPPED_FIELDS, SOURCES

    for source in SOURCES:
        for field in source.model._meta.concrete_fields:
            if field.attname not in SKIPPED_FIELDS:
                label = field_label(source.model, field.attname)
                assert "_" not in label and label[:1].isupper(), (source.key, field.attname, label)
    from indicators.models import MonthStatus

    assert field_label(MonthStatus, "submitted_by_id") == "Diajukan oleh"
