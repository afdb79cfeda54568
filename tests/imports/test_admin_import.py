"""The Django admin's Import (django-import-export) runs the same plan: preview, row errors, confirm."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from budget.models import BudgetLine
from indicators.models import PerformanceAgreement
from tests.imports.conftest import column, find_row, make_file, rows_for, snapshot

pytestmark = pytest.mark.django_db
AGREEMENT_IMPORT = "/admin/indicators/performanceagreement/import/"


@pytest.fixture
def root(demo):  # type: ignore[no-untyped-def]
    return User.objects.create_superuser("root", password="pw-root")


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, name
    return match.group(1)


def test_it_previews_and_confirms_a_pk_revision_in_the_admin(client, root):
    client.force_login(root)
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    find_row("pk_rapk", rows, 26)[column("pk_rapk", "b12")] = Decimal("2.6")
    content, name = make_file("pk_rapk", rows)
    assert "xlsx / csv (SAKIP)" in client.get(AGREEMENT_IMPORT).content.decode()
    before = snapshot()
    response = client.post(
        AGREEMENT_IMPORT,
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, content)},
    )
    page = response.content.decode()
    assert "IKU 26: B12 2,50 → 2,60" in page
    assert 'name="reason"' in page
    assert snapshot() == before
    confirm = {name: _hidden(page, name) for name in ("import_file_name", "original_file_name", "format", "resource")}
    response = client.post(
        "/admin/indicators/performanceagreement/process_import/", {**confirm, "reason": "Revisi lewat admin"}
    )
    assert response.status_code == 302
    agreement = PerformanceAgreement.objects.get(unit__code="SETTAMA", year=2023, in_force=True)
    assert (agreement.version, agreement.reason, agreement.author) == (2, "Revisi lewat admin", root)


def test_it_shows_row_errors_in_the_admin_and_writes_nothing(client, root):
    client.force_login(root)
    rows = rows_for("budget", "SETTAMA", 2023)
    find_row("budget", rows, 5)[column("budget", "pagu")] = "banyak"
    content, name = make_file("budget", rows, "csv")
    before = snapshot()
    response = client.post(
        "/admin/budget/budgetline/import/",
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, content)},
    )
    page = response.content.decode()
    assert "«banyak» bukan angka" in page
    assert "process_import" not in page  # no confirm form
    assert snapshot() == before
    assert BudgetLine.objects.filter(unit__code="SETTAMA").count() == 40


def test_it_rejects_a_bad_file_in_the_admin(client, root):
    client.force_login(root)
    response = client.post(
        "/admin/indicators/realisation/import/",
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04broken")},
    )
    assert "Berkas rusak: bukan berkas .xlsx yang utuh." in response.content.decode()


def test_it_lets_only_admins_import_in_the_admin(client, demo):
    staff = User.objects.create_user("staff", password="pw-staff", is_staff=True, is_superuser=False)
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["view_performanceagreement", "add_performanceagreement"])
    )
    client.force_login(staff)
    assert client.get(AGREEMENT_IMPORT).status_code == 403


def test_it_writes_nothing_when_the_admin_confirms_a_revision_without_a_reason(client, root):
    client.force_login(root)
    rows = rows_for("pk_rapk", "SETTAMA", 2023)
    find_row("pk_rapk", rows, 26)[column("pk_rapk", "b12")] = Decimal("2.6")
    content, name = make_file("pk_rapk", rows)
    page = client.post(
        AGREEMENT_IMPORT, {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, content)}
    ).content.decode()
    confirm = {name: _hidden(page, name) for name in ("import_file_name", "original_file_name", "format", "resource")}
    before = snapshot()
    response = client.post("/admin/indicators/performanceagreement/process_import/", confirm, follow=True)
    assert "Tidak ada yang disimpan: Alasan revisi wajib diisi" in response.content.decode()
    assert snapshot() == before
