"""`manage.py backup` / `restore`: back up, wipe, restore, and find every realisation, report and evidence file."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from indicators.models import Evidence, Realisation
from reports.models import Report
from sakip.backup import row_counts
from sakip.models import OrgUnit

PDF = b"%PDF-1.7 a stored Lapkin"
EVIDENCE = b"%PDF-1.4 bukti dukung"


def _stored_files(planner):
    report = Report.objects.create(
        unit=OrgUnit.objects.get(code="SETTAMA"),
        year=2023,
        quarter=2,
        status=Report.Status.DONE,
        signed_on=dt.date(2023, 7, 20),
    )
    report.pdf.save("lapkin.pdf", ContentFile(PDF))
    evidence = Evidence.objects.create(
        realisation=Realisation.objects.get(indicator__code="KELUHAN", month=12),
        file=SimpleUploadedFile("bukti.pdf", EVIDENCE),
        original_name="bukti.pdf",
        content_type="application/pdf",
        size=len(EVIDENCE),
        uploaded_by=planner,
    )
    return report, evidence


def _values():
    return sorted(Realisation.objects.values_list("indicator__code", "month", "state", "value"), key=str)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_it_backs_up_wipes_and_restores_a_postgresql_database_with_its_files(settings, tmp_path, planner):
    settings.MEDIA_ROOT = tmp_path / "media"
    report, evidence = _stored_files(planner)
    before, counts = _values(), row_counts()

    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())
    [folder] = (tmp_path / "backups").iterdir()
    call_command("flush", interactive=False)
    for path in Path(settings.MEDIA_ROOT).rglob("*.pdf"):
        path.unlink()
    assert Realisation.objects.count() == 0 and not Path(report.pdf.path).exists()

    out = io.StringIO()
    call_command("restore", str(folder), stdout=out)  # dry run: changes nothing
    assert "--for-real" in out.getvalue() and Realisation.objects.count() == 0
    call_command("restore", str(folder), for_real=True, stdout=io.StringIO())

    assert _values() == before and row_counts() == counts
    restored = Report.objects.get(pk=report.pk)
    assert Path(restored.pdf.path).read_bytes() == PDF
    assert Path(Evidence.objects.get(pk=evidence.pk).file.path).read_bytes() == EVIDENCE


@pytest.mark.django_db
def test_it_refuses_a_damaged_backup_before_touching_anything(tmp_path, demo):
    folder = tmp_path / "sakip-20240101T000000Z"
    folder.mkdir()
    (folder / "media.tar.gz").write_bytes(b"garbage")
    (folder / "db.sqlite3").write_bytes(b"not what was dumped")
    checksums = {"media.tar.gz": "0" * 64, "db.sqlite3": "0" * 64}
    manifest = {"created_at": "2024-01-01", "database": connection.vendor, "files": checksums, "row_counts": {}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    count = Realisation.objects.count()
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder), for_real=True, stdout=io.StringIO())
    assert Realisation.objects.count() == count > 0


def test_it_backs_up_and_restores_the_embedded_sqlite_file(tmp_path):
    """The embedded default (a SQLite file), through the real commands in a separate process."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SAKIP_MEDIA_ROOT": str(tmp_path / "media"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }

    def manage(*args, code=None):
        command = [sys.executable, "manage.py", *args] if code is None else [sys.executable, "-c", code]
        return subprocess.run(  # noqa: S603
            command, cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
        ).stdout

    setup = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'sakip.settings'); django.setup();"
        "from django.core.files.base import ContentFile; from sakip.models import OrgUnit;"
        "from django.core.files.storage import default_storage as s;"
        "OrgUnit.objects.create(code='LOKA-X', name='Loka X', kind='upt');"
        "s.save('evidence/1/x.pdf', ContentFile(b'%PDF'))"
    )
    check = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'sakip.settings'); django.setup();"
        "from sakip.models import OrgUnit; from django.core.files.storage import default_storage as s;"
        "print(list(OrgUnit.objects.values_list('code', flat=True)), s.exists('evidence/1/x.pdf'))"
    )
    manage("migrate", "--noinput")
    manage(code=setup)
    manage("backup", "--output", str(tmp_path / "backups"))
    [folder] = (tmp_path / "backups").iterdir()
    (tmp_path / "db.sqlite3").unlink()  # the disk is lost
    (tmp_path / "media" / "evidence" / "1" / "x.pdf").unlink()
    manage("restore", str(folder), "--for-real")
    assert manage(code=check).strip() == "['LOKA-X'] True"
