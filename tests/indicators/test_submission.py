"""Submitting a month: every due indicator has a number or a state with its reason; kuning and merah rows have
kendala and RTL (required only to submit, never to save a draft); the page asks for confirmation first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators import workflow
from indicators.models import MonthStatus, Realisation
from sakip.models import OrgUnit
from tests.indicators.helpers import entry_post

pytestmark = pytest.mark.django_db
ARGS = ["PUSDATIN", 2022, 9]
ENTRY = reverse("indicators:month-entry", args=ARGS)
SUBMIT = reverse("indicators:month-submit", args=ARGS)


def state() -> str:
    status = MonthStatus.objects.filter(unit__code="PUSDATIN", year=2022, month=9).first()
    return status.state if status else "not_started"


def confirmation(client) -> str:  # type: ignore[no-untyped-def]
    html = client.get(ENTRY + "?ajukan=1").content.decode()
    start = html.index('id="konfirmasi"')
    return html[start : html.index("</section>", start)]


def test_it_refuses_to_submit_an_empty_month_and_lists_every_missing_indicator(client, planner, head):
    client.force_login(planner)
    response = client.post(ENTRY, entry_post(*ARGS, {}, action="submit"))
    assert response.status_code == 302 and response.url.endswith("?ajukan=1#konfirmasi")
    panel = confirmation(client)
    assert panel.count("<li>") == 8 and panel.count('href="#ind-') == 8
    assert "belum diisi" in panel and "Ya, ajukan" not in panel
    response = client.post(SUBMIT, follow=True)
    assert "Belum dapat diajukan: 8 indikator belum lengkap." in response.content.decode()
    assert state() == "draft"
    with pytest.raises(workflow.Incomplete) as refused:  # the service checks, not only the page
        workflow.submit_month(planner, OrgUnit.objects.get(code="PUSDATIN"), 2022, 9)
    assert len(refused.value.missing) == 8
    MonthStatus.objects.filter(unit__code="PUSDATIN", month=9).update(state="submitted")  # submitted before the rule
    client.force_login(head)
    response = client.post(reverse("indicators:month-review", args=ARGS), {"action": "approve"}, follow=True)
    assert "Belum dapat diajukan" in response.content.decode() and state() == "submitted"


def test_it_takes_year_end_and_in_process_with_an_explanation_as_reasons(client, planner):
    client.force_login(planner)
    changes = {"DIM": {"state": "year_end", "value": ""}, "SII": {"state": "in_process", "value": ""}}
    client.post(ENTRY, entry_post(*ARGS, changes, action="submit", complete=True))
    panel = confirmation(client)
    assert panel.count("<li>") == 1 and "dalam proses: jelaskan" in panel and "Sistem Informasi" in panel
    assert client.post(SUBMIT).status_code == 302 and state() == "draft"
    changes["SII"]["analysis"] = "Integrasi 3 sistem menunggu API dari Ditwas"
    client.post(ENTRY, entry_post(*ARGS, changes, complete=True))
    assert "Ya, ajukan sekarang" in confirmation(client)
    client.post(SUBMIT)
    assert state() == "submitted"


def test_it_asks_for_kendala_and_rtl_of_a_kuning_row_only_when_submitting(client, planner):
    client.force_login(planner)
    kuning = {"BCM": {"value": "27"}}  # 27 / 30 = 90%
    assert client.post(ENTRY, entry_post(*ARGS, kuning, complete=True)).status_code == 302  # a draft saves
    assert Realisation.objects.get(indicator__code="BCM", month=9).kendala == ""
    panel = confirmation(client)
    assert "capaian Belum Memenuhi Ekspektasi: isi kendala &amp; RTL" in panel
    client.post(SUBMIT)
    assert state() == "draft"
    kuning["BCM"].update(kendala="Sumber daya DRC terbatas", rtl="Tambah aplikasi yang dibackup di DRC")
    client.post(ENTRY, entry_post(*ARGS, kuning, action="submit"))
    assert "Ya, ajukan sekarang" in confirmation(client)
    assert state() == "draft"  # saved, not yet submitted: the planner confirms first
    client.post(SUBMIT)
    assert state() == "submitted"
