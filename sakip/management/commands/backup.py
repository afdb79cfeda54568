"""`manage.py backup [--output DIR]`: the database and the media folder into a new dated folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sakip.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite) and the media folder, with a manifest of checksums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=settings.SAKIP_BACKUP_DIR, help="folder to write the backup in")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = create_backup(Path(options["output"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.row_counts.values())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {manifest.folder} ({rows} rows)."))
