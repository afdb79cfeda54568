"""The review thread: every return and approval comment, and what changed between a return and the next
submission (old -> new), stay visible per indicator; nothing is overwritten on resubmission."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.models import ReviewComment
from tests.indicators.helpers import entry_post
from tests.indicators.test_month_entry import row_html

pytestmark = pytest.mark.django_db
ARGS = ["PUSDATIN", 2022, 9]
ENTRY = reverse("indicators:month-entry", args=ARGS)
SUBMIT = reverse("indicators:month-submit", args=ARGS)
REVIEW = reverse("indicators:month-review", args=ARGS)
BCM = {"value": "27", "kendala": "Sumber daya DRC terbatas", "rtl": "Tambah aplikasi DRC"}


def bcm_id() -> int:
    from indicators.models import Indicator

    return Indicator.objects.get(code="BCM").id


def submitted(client, changes: dict) -> None:  # type: ignore[no-untyped-def]
    client.post(ENTRY, entry_post(*ARGS, changes, complete=True))
    assert client.post(SUBMIT).status_code == 302


def test_it_keeps_every_comment_and_shows_what_changed_since_the_return(client, planner, head):
    client.force_login(planner)
    submitted(client, {"BCM": BCM})
    client.force_login(head)
    client.post(REVIEW, {"action": "return", f"comment-{bcm_id()}": "Lampirkan daftar aplikasi DRC"})

    client.force_login(planner)
    row = row_html(client.get(ENTRY).content.decode(), "BCM")
    assert "Lampirkan daftar aplikasi DRC" in row and "Riwayat reviu" in row
    client.post(ENTRY, entry_post(*ARGS, {"BCM": {**BCM, "value": "31", "analysis": "6 aplikasi di DRC"}}))
    row = row_html(client.get(ENTRY).content.decode(), "BCM")
    assert "Diubah sejak dikembalikan (belum diajukan)" in row
    assert "Realisasi: <del>27</del> → <ins>31</ins>" in row
    assert client.post(SUBMIT).status_code == 302

    client.force_login(head)
    html = client.get(ENTRY).content.decode()
    row = row_html(html, "BCM")
    since = row[row.index("changes-since-return") :]
    assert "Realisasi: <del>27</del> → <ins>31</ins>" in since
    assert "Analisis: <del>-</del> → <ins>6 aplikasi di DRC</ins>" in since
    assert "Kendala" not in since[: since.index("</div>")]  # unchanged fields are not listed
    assert "changes-since-return" not in row_html(html, "KELUHAN")  # nor unchanged indicators
    client.post(REVIEW, {"action": "return", f"comment-{bcm_id()}": "Tambahkan tanggal uji DRC"})

    client.force_login(planner)
    submitted(client, {"BCM": {**BCM, "value": "31", "analysis": "6 aplikasi di DRC, diuji 12 September"}})
    client.force_login(head)
    client.post(REVIEW, {"action": "approve", f"comment-{bcm_id()}": "Terima kasih, lengkap"})

    row = row_html(client.get(ENTRY).content.decode(), "BCM")
    thread = row[row.index('class="thread"') :]
    order = [
        "Lampirkan daftar aplikasi DRC",
        "Realisasi: <del>27</del> → <ins>31</ins>",
        "Tambahkan tanggal uji DRC",
        "diuji 12 September",
        "Terima kasih, lengkap",
    ]
    positions = [thread.index(text) for text in order]
    assert positions == sorted(positions)
    assert thread.count("Diajukan ulang, dengan perubahan") == 2
    assert list(ReviewComment.objects.order_by("id").values_list("kind", flat=True)) == ["return", "return", "approve"]


def test_its_query_count_does_not_grow_with_the_threads(client, planner, head, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.models import Indicator

    due = ["KELUHAN", "BCM", "DIM", "SII", "INFRA", "IPDI", "STD", "NKA"]
    ids = dict(Indicator.objects.filter(code__in=due).values_list("code", "id"))
    client.force_login(planner)
    submitted(client, {"BCM": BCM})
    client.force_login(head)
    client.post(REVIEW, {"action": "return", f"comment-{ids['BCM']}": "Lampirkan daftar aplikasi DRC"})
    client.force_login(planner)
    submitted(client, {"BCM": {**BCM, "value": "31"}})
    client.force_login(head)
    with CaptureQueriesContext(connection) as small:
        client.get(ENTRY)
    few = len(small.captured_queries)  # now: the next request clears the log
    client.post(REVIEW, {"action": "return", **{f"comment-{id_}": "Periksa lagi" for id_ in ids.values()}})
    client.force_login(planner)
    submitted(client, {code: {"analysis": f"Diperiksa ulang ({code})"} for code in due if code != "BCM"})
    client.force_login(head)
    with django_assert_max_num_queries(few):
        html = client.get(ENTRY).content.decode()
    assert html.count("changes-since-return") == 8  # BCM too: complete=True puts it back at its target
