"""403, 404 and 500 pages in the application's style; the 500 page renders with the database down."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_it_answers_404_in_the_apps_style_with_the_menu(client, planner):
    client.force_login(planner)
    response = client.get(reverse("indicators:month-entry", args=["SETTAMA", 2023, 6]))  # not the planner's unit
    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html and 'class="topbar"' in html and "Status realisasi" in html


def test_it_answers_403_in_the_apps_style(client, planner):
    client.force_login(planner)
    response = client.get(reverse("audit:trail"))
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode() and "css/sakip.css" in response.content.decode()


def test_it_renders_the_500_page_with_the_database_down():
    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("could not connect to server")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", down):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in html and "css/sakip.css" in html
