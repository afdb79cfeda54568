"""Restricted data is shown only to the unit, its heads, admins and auditors — on every channel: the dashboard
page, the exports, the public page, the command, and the digest PDF (and its download).

The demo marks the ten Dit. Intelijen indicators of Lampiran I (kegiatan 1.3, L1-040..L1-049) restricted.
"""

from __future__ import annotations

import io
import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from agency.digest import build_context, build_snapshot
from agency.models import FigureKind, FigureVisibility
from reports.services import render_snapshot
from sakip.models import Membership, OrgUnit, Role, Visibility
from sakip.visibility import PUBLIC, audience, viewer_for

pytestmark = pytest.mark.django_db
RESTRICTED_NAME = "Jumlah profil jaringan kejahatan Obat dan Makanan yang terpetakan"  # L1-043, Dit. Intelijen
PUBLIC_NAME = "Persentase Obat yang memenuhi syarat di masing-masing wilayah kerja UPT BPOM"  # L1-007
DASHBOARD = reverse("agency:dashboard", args=[2024, 2])


def member(username: str, code: str, role: Role) -> User:
    user = User.objects.create_user(username)
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(code=code), role=role)
    return user


@pytest.fixture
def intel_planner(bpom) -> User:
    return member("intel", "DIT-INTELIJEN", Role.PLANNER)


@pytest.fixture
def deputy_head(bpom) -> User:
    return member("deputi4", "DEPUTI-4", Role.HEAD)


def test_the_rule_follows_the_units_a_user_may_see(planner, intel_planner, deputy_head, admin_user, auditor):
    intel = OrgUnit.objects.get(code="DIT-INTELIJEN").id
    assert viewer_for(intel_planner).can_see(Visibility.RESTRICTED, intel)
    assert viewer_for(deputy_head).can_see(Visibility.RESTRICTED, intel)
    assert viewer_for(admin_user).can_see(Visibility.RESTRICTED, intel)
    assert viewer_for(auditor).can_see(Visibility.RESTRICTED, intel)
    assert not viewer_for(planner).can_see(Visibility.RESTRICTED, intel)
    assert viewer_for(planner).can_see(Visibility.INTERNAL, intel)
    assert not PUBLIC.can_see(Visibility.INTERNAL, intel) and PUBLIC.can_see(Visibility.PUBLIC, intel)
    assert not viewer_for(intel_planner).can_see(Visibility.RESTRICTED, None)  # agency totals: only who sees all


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("planner", False),
        ("head", False),
        ("outsider", False),
        ("intel_planner", True),
        ("deputy_head", True),
        ("admin_user", True),
        ("auditor", True),
    ],
)
def test_channel_page_the_dashboard_shows_restricted_indicators_to_the_right_people(client, request, who, sees):
    client.force_login(request.getfixturevalue(who))
    html = client.get(DASHBOARD).content.decode()
    assert (RESTRICTED_NAME in html) is sees
    assert PUBLIC_NAME in html


@pytest.mark.parametrize(("who", "sees"), [("planner", False), ("intel_planner", True), ("auditor", True)])
def test_channel_export_xlsx_and_csv_leave_out_what_the_user_may_not_see(client, request, who, sees):
    client.force_login(request.getfixturevalue(who))
    xlsx = client.get(reverse("agency:export", args=[2024, 2, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["Indikator"]
    names = {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    csv_text = client.get(reverse("agency:export", args=[2024, 2, "csv"]) + "?tabel=indikator").content.decode()
    assert (RESTRICTED_NAME in names) is sees and (RESTRICTED_NAME in csv_text) is sees
    assert PUBLIC_NAME in names and PUBLIC_NAME in csv_text


def test_channel_export_masks_unit_scores_made_restricted(client, planner):
    FigureVisibility.objects.create(kind=FigureKind.UNIT_SCORES, visibility=Visibility.RESTRICTED)
    client.force_login(planner)
    text = client.get(reverse("agency:export", args=[2024, 2, "csv"])).content.decode()
    rows = {line.split(";")[0]: line.split(";") for line in text.splitlines()[1:]}
    assert rows["PUSDATIN"][11] != "-"  # the planner's own unit
    assert rows["BIRO-UMUM"][11] == "-" and rows["BIRO-UMUM"][7] != "-"  # score masked, budget (public) shown


def test_channel_public_page_shows_only_public_data(client, bpom):
    FigureVisibility.objects.create(kind=FigureKind.UNIT_SCORES, visibility=Visibility.PUBLIC)
    html = client.get(reverse("public")).content.decode()
    assert PUBLIC_NAME in html and RESTRICTED_NAME not in html
    OrgUnit.objects.get(code="DIT-CEGAH-TANGKAL")  # internal indicators never reach it either:
    from indicators.models import Indicator

    Indicator.objects.filter(code="L1-007").update(visibility=Visibility.INTERNAL)
    assert PUBLIC_NAME not in client.get(reverse("public")).content.decode()


def test_channel_command_prints_for_an_audience(bpom):
    out = StringIO()
    call_command(
        "agency_summary", "--year", "2024", "--quarter", "2", "--format", "json", "--audience", "public", stdout=out
    )
    data = json.loads(out.getvalue())
    names = {row["indicator"] for row in data["indicators"]["rows"]}
    assert RESTRICTED_NAME not in names and PUBLIC_NAME in names
    assert all(u["score"] is None and u["score_reason"] == "restricted" for u in data["units"])  # scores: internal


def pdf_text(snapshot: dict) -> str:
    rendered = render_snapshot(snapshot)
    # pypdf reads some pages of this font subset as UTF-16 (a NUL before every character): drop the NULs
    return " ".join(page.extract_text().replace("\x00", "") for page in PdfReader(io.BytesIO(rendered.pdf)).pages)


def test_channel_digest_pdf_holds_restricted_data_only_when_made_for_admins_and_auditors(bpom):
    internal = build_snapshot(2024, 2, Visibility.INTERNAL)
    restricted = build_snapshot(2024, 2, Visibility.RESTRICTED)

    assert RESTRICTED_NAME not in json.dumps(internal, ensure_ascii=False)
    assert RESTRICTED_NAME in json.dumps(restricted, ensure_ascii=False)
    text = " ".join(pdf_text(internal).split())
    assert "43,95%" in text and "47,24%" in text
    assert "jaringan kejahatan" not in text
    assert "Persentase Obat yang memenuhi syarat" in text
    assert build_context(internal)["counts"]["measured"] == 230  # 235 less the 5 measured restricted rows


def test_the_audience_of_a_digest_is_a_viewer():
    assert audience("restricted").everything
    assert not audience("internal").can_see(Visibility.RESTRICTED, 1)
