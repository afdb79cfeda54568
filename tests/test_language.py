"""The UI is Indonesian by default, English when the user picks it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_stays_indonesian_whatever_the_browser_asks(client, head):
    client.force_login(head)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()
    assert ">Beranda</a>" in response.content.decode()


def test_it_switches_to_english_when_chosen(client, head):
    client.force_login(head)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert ">Home</a>" in html and "Beranda" not in html  # the English catalogue is compiled and used


def test_it_shows_model_names_in_indonesian_by_default():
    from django.utils import translation

    from budget.models import BudgetLine

    with translation.override("id"):
        assert str(BudgetLine._meta.verbose_name) == "baris anggaran"
