"""The Django admin: admins manage the domain; a new scoring policy starts with the BPOM defaults."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from sakip.models import AuditEvent, OrgUnit, ScoringPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(demo):
    return User.objects.create_superuser("root", password="x")


@pytest.mark.parametrize(
    "model",
    [
        "sakip/orgunit",
        "sakip/scoringpolicy",
        "indicators/goal",
        "indicators/indicator",
        "indicators/performanceagreement",
        "indicators/monthlytarget",
        "indicators/realisation",
        "budget/budgetline",
        "sakip/auditevent",
    ],
)
def test_it_lists_every_model_with_filters_and_search(client, superuser, model):
    client.force_login(superuser)
    response = client.get(f"/admin/{model}/?q=a")
    assert response.status_code == 200


def test_it_seeds_a_new_policy_with_the_bpom_criteria_and_tiers(client, superuser):
    client.force_login(superuser)
    unit = OrgUnit.objects.get(code="SETTAMA")
    data = {
        "unit": unit.pk, "year": 2024, "rollup": "mean_of_goals", "efficiency_level": "goal", "output_basis": "period",
        "efficiency_total": "unit_score",
        "criteria_source": "Keputusan Kepala BPOM 128/2022",
        "criteria-TOTAL_FORMS": 0, "criteria-INITIAL_FORMS": 0, "tiers-TOTAL_FORMS": 0, "tiers-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(reverse("admin:sakip_scoringpolicy_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = ScoringPolicy.objects.get(unit=unit, year=2024)
    assert [band.label for band in policy.criteria_bands()][1] == "Memenuhi Ekspektasi"
    assert len(policy.efficiency_table().tiers) == 10


def test_it_keeps_auditors_and_planners_out_of_the_admin(client, auditor, planner):
    for user in (auditor, planner):
        client.force_login(user)
        assert client.get("/admin/").status_code == 302  # to the admin login: not staff


def test_it_lets_the_demo_admin_manage_the_domain_but_not_the_audit_trail(client, demo):
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/indicators/indicator/").status_code == 200
    assert client.get(reverse("admin:sakip_orgunit_add")).status_code == 200
    assert client.get("/admin/sakip/auditevent/").status_code == 200
    event = AuditEvent.objects.create(action="x")
    assert client.post(reverse("admin:sakip_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
