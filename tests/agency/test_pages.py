"""The agency pages: who may open them (permission matrix), the verification rule, the public page's caching and
the dashboard's constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agency.export import summary_as_dict
from agency.summary import build_summary
from budget.models import BudgetLine, BudgetRealisation
from indicators.models import MonthStatus
from sakip.models import AuditEvent, Membership, OrgUnit, Role, UnitVersion
from sakip.units import period_end, record_unit_change, tree_as_of
from sakip.visibility import EVERYTHING

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("agency:dashboard", args=[2024, 2])
PAGES = [
    DASHBOARD,
    reverse("agency:latest"),
    reverse("agency:export", args=[2024, 2, "xlsx"]),
    reverse("agency:export", args=[2024, 2, "csv"]) + "?tabel=indikator",
    reverse("agency:digest-index"),
]


@pytest.mark.parametrize("url", PAGES)
def test_it_sends_an_anonymous_visitor_of_every_agency_page_to_the_login(client, bpom, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["planner", "head", "admin_user", "auditor", "outsider"])
@pytest.mark.parametrize("url", PAGES)
def test_it_opens_every_agency_page_to_every_logged_in_role(client, request, who, url):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == DASHBOARD  # the latest verified quarter: TW II 2024


@pytest.mark.parametrize("who", ["planner", "head", "auditor", "outsider"])
def test_it_lets_only_admins_request_a_digest(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("agency:digest-request", args=[2024, 2]), {"year": 2024, "quarter": 2})
    assert response.status_code == 403


def test_it_shows_bab_12_on_the_dashboard(client, admin_user):
    client.force_login(admin_user)
    html = client.get(DASHBOARD).content.decode()
    assert 'id="absorption-pagu">43,95%' in html
    assert 'id="absorption-pagu-aa">47,24%' in html
    assert 'data-group="central">45,10%' in html and 'data-type="modal">23,02%' in html


def test_it_drills_down_from_the_agency_to_a_group(client, admin_user):
    client.force_login(admin_user)
    html = client.get(DASHBOARD + "?kelompok=loka").content.decode()
    assert html.count('<tr data-unit="') == 31
    assert 'id="absorption-pagu">41,88%' in html  # the Loka POM together (Bab 12)
    assert reverse("reports:scorecard", args=["LOKA-ENDE", 2024, 2]) in html


def test_it_filters_by_parent(client, admin_user):
    client.force_login(admin_user)
    html = client.get(DASHBOARD + "?induk=DEPUTI-4").content.decode()
    assert html.count('<tr data-unit="') == 4  # Cegah Tangkal, Intelijen, Penyidikan, Siber


def test_it_shows_a_unit_whose_month_is_not_approved_as_such_never_as_zero(client, admin_user):
    siber = OrgUnit.objects.get(code="DIT-SIBER")
    MonthStatus.objects.filter(unit=siber, year=2024, month=6).update(state=MonthStatus.State.SUBMITTED)
    client.force_login(admin_user)

    html = client.get(DASHBOARD).content.decode()
    row = html[html.index('<tr data-unit="DIT-SIBER">') :]
    row = row[: row.index("</tr>")]
    assert "bulan belum disetujui (B06)" in row and "0,00" not in row.split('data-field="score"')[1]
    data = summary_as_dict(build_summary(2024, 2, EVERYTHING))
    unit = next(u for u in data["units"] if u["code"] == "DIT-SIBER")
    assert (unit["score"], unit["score_reason"], unit["verified_to"]) == (None, "not_verified", None)
    siber_rows = [r for r in data["indicators"]["rows"] if r["unit"] == "DIT-SIBER"]
    assert {r["status"] for r in siber_rows} == {"not_verified"}
    assert all(r["capaian"] is None for r in siber_rows)
    assert data["indicators"]["counts"]["measured"] < 235  # its rows no longer feed the agency counts


def test_it_says_up_to_which_month_each_unit_is_verified(client, admin_user):
    client.force_login(admin_user)
    html = client.get(DASHBOARD).content.decode()
    row = html[html.index('<tr data-unit="DIT-INTELIJEN">') :]
    assert '<td data-field="verified-to">B06</td>' in row[: row.index("</tr>")]


def test_it_keeps_the_dashboard_queries_constant_in_the_number_of_units(client, admin_user):
    client.force_login(admin_user)
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as before:
        assert client.get(DASHBOARD).status_code == 200
    bpom = OrgUnit.objects.get(code="BPOM")
    for n in range(25):
        unit = OrgUnit.objects.create(
            code=f"LOKA-NEW-{n}",
            name=f"Loka baru {n}",
            kind="upt",
            group="loka",
            parent=bpom,
            province="Papua Pegunungan",
        )
        line = BudgetLine.objects.create(unit=unit, year=2024, pagu=Decimal(1000), blokir=Decimal(100))
        BudgetRealisation.objects.create(line=line, month=6, amount=Decimal(450))
        MonthStatus.objects.create(unit=unit, year=2024, month=6, state="approved", deadline=dt.date(2024, 7, 10))
    with CaptureQueriesContext(connection) as after:
        html = client.get(DASHBOARD).content.decode()
    assert html.count('<tr data-unit="') == 103 + 25
    assert len(after) == len(before)


def test_it_serves_the_public_page_without_login_cacheable(client, bpom):
    response = client.get(reverse("public"))

    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    html = response.content.decode()
    assert 'id="public-absorption">43,95%' in html
    again = client.get(reverse("public"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_it_uses_the_tree_of_the_period_loka_that_became_balai(bpom):
    bogor = OrgUnit.objects.get(code="BPOM-BOGOR")
    assert tree_as_of(period_end(2023, 2))[bogor.id].group == "loka"
    assert tree_as_of(period_end(2023, 2))[bogor.id].name == "Loka Pengawas Obat dan Makanan di Kabupaten Bogor"
    assert tree_as_of(period_end(2024, 2))[bogor.id].group == "balai"
    assert UnitVersion.objects.filter(group="loka", valid_from__year=2018).count() == 8
    units = {u["code"]: u for u in summary_as_dict(build_summary(2023, 2, EVERYTHING))["units"]}
    assert units["BPOM-BOGOR"]["group"] == "loka" and units["BPOM-BOGOR"]["type"] == "loka"


def test_it_records_a_unit_change_from_a_date_on(bpom, admin_user):
    ende = OrgUnit.objects.get(code="LOKA-ENDE")
    next_year = dt.date.today().year + 1
    record_unit_change(
        admin_user, ende, dt.date(next_year, 1, 1), group="balai", name="Balai POM di Ende", source="SK X"
    )

    ende.refresh_from_db()
    assert ende.group == "loka"  # the date has not come
    assert tree_as_of(dt.date(next_year, 3, 31))[ende.id].group == "balai"
    assert tree_as_of(dt.date(2024, 6, 30))[ende.id].group == "loka"
    record_unit_change(admin_user, ende, dt.date(2024, 7, 1), city="Kabupaten Ende (baru)")
    ende.refresh_from_db()
    assert ende.city == "Kabupaten Ende (baru)" and ende.group == "loka"  # in force today; the later change waits
    assert tree_as_of(dt.date(next_year, 3, 31))[ende.id].city == "Kabupaten Ende"  # it was recorded before
    assert AuditEvent.objects.filter(action="unit.change", unit=ende).exists()


def test_it_lists_the_head_of_a_deputy_as_seeing_the_restricted_units_below(bpom):
    user = User.objects.create_user("deputi4")
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(code="DEPUTI-4"), role=Role.HEAD)
    from sakip.visibility import viewer_for

    viewer = viewer_for(user)
    assert viewer.can_see("restricted", OrgUnit.objects.get(code="DIT-INTELIJEN").id)
    assert not viewer.can_see("restricted", OrgUnit.objects.get(code="BIRO-UMUM").id)
