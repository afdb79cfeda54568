"""`manage.py restore FOLDER [--for-real]`: replace the database and the media folder with a backup's.

Without --for-real it only checks the backup and says what it would replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sakip.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (dry run unless --for-real)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="the backup folder (sakip-<time>)")
        parser.add_argument("--for-real", action="store_true", help="replace the database and the media folder")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        try:
            manifest = read_manifest(folder)
            rows = sum(manifest.row_counts.values())
            if not options["for_real"]:
                self.stdout.write(
                    f"Backup {folder} of {manifest.data['created_at']} is intact ({rows} rows). "
                    "Run again with --for-real to replace this installation's database and media with it."
                )
                return
            differences = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            raise CommandError(f"restored, but these tables differ from the backup (expected, found): {differences}")
        self.stdout.write(self.style.SUCCESS(f"Restored {folder}: {rows} rows and the media folder."))
