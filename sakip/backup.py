"""Back up and restore the whole installation: the database (pg_dump / the SQLite backup API) and the media
folder (evidence files, Lapkin PDFs), with a manifest of checksums and row counts.

A backup is a folder `sakip-<UTC time>/` holding `db.dump` (PostgreSQL custom format) or `db.sqlite3`,
`media.tar.gz` and `manifest.json`. Restoring checks every checksum before it touches anything, replaces the
database in one transaction (pg_restore --single-transaction) and the media folder by a rename, then checks
that every table holds the rows the manifest counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DB_FILES = {"postgresql": "db.dump", "sqlite": "db.sqlite3"}


class BackupError(Exception):
    """A backup that cannot be made or restored; nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    folder: Path
    data: dict[str, Any]

    @property
    def row_counts(self) -> dict[str, int]:
        return dict(self.data["row_counts"])


def row_counts() -> dict[str, int]:
    """Rows per model of every installed app (history tables included)."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db.get("USER") or "", "PGHOST": db.get("HOST") or ""}
    env["PGPORT"] = str(db.get("PORT") or "")
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return {key: value for key, value in env.items() if value != ""}


def _pg_tool(name: str) -> str:
    folder = settings.SAKIP_PG_BIN
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool:
        raise BackupError(f"{name} not found: install the PostgreSQL client or set SAKIP_PG_BIN")
    return tool


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _vendor() -> str:
    if connection.vendor not in DB_FILES:
        raise BackupError(f"backups of a {connection.vendor} database are not supported")
    return connection.vendor


def _sqlite_connect() -> sqlite3.Connection:
    name = str(connection.settings_dict["NAME"])
    return sqlite3.connect(name, uri=name.startswith("file:"))


def create_backup(directory: Path, now: dt.datetime | None = None) -> Manifest:
    vendor = _vendor()
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder = directory / f"sakip-{stamp}"
    folder.mkdir(parents=True)
    database = folder / DB_FILES[vendor]
    if vendor == "postgresql":
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={database}"])
    else:
        source, target = _sqlite_connect(), sqlite3.connect(database)
        with target:
            source.backup(target)
        source.close()
        target.close()
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    data = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "database": vendor,
        "files": {path.name: _sha256(path) for path in (database, folder / MEDIA_ARCHIVE)},
        "row_counts": row_counts(),
    }
    (folder / MANIFEST).write_text(json.dumps(data, indent=2, sort_keys=True))
    return Manifest(folder, data)


def read_manifest(folder: Path) -> Manifest:
    """The backup's manifest, after checking every file against its checksum."""
    try:
        data = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} is not a SAKIP backup ({MANIFEST} unreadable: {error})") from error
    for name, checksum in data["files"].items():
        path = folder / name
        if not path.exists() or _sha256(path) != checksum:
            raise BackupError(f"{path} is missing or damaged (checksum differs): nothing restored")
    return Manifest(folder, data)


def restore_backup(folder: Path) -> dict[str, tuple[int, int]]:
    """Replace the database and the media folder with the backup's; returns the row counts that differ
    from the manifest (empty when everything is back)."""
    manifest = read_manifest(folder)
    vendor = _vendor()
    if manifest.data["database"] != vendor:
        raise BackupError(f"the backup holds a {manifest.data['database']} database, this installation {vendor}")
    media = _unpack_media(folder / MEDIA_ARCHIVE)
    connections.close_all()
    database = folder / DB_FILES[vendor]
    if vendor == "postgresql":
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database),
            ]
        )
    else:
        source, target = sqlite3.connect(database), _sqlite_connect()
        with target:
            source.backup(target)
        source.close()
        target.close()
    _swap_media(media)
    now = row_counts()
    return {
        label: (count, now.get(label, 0)) for label, count in manifest.row_counts.items() if now.get(label) != count
    }


def _unpack_media(archive: Path) -> Path:
    """Unpack next to MEDIA_ROOT (same file system, so the swap is a rename); refuses unsafe member paths."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    staging = media_root.parent / f".{media_root.name}.restoring"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(staging, filter="data")  # "data": no absolute paths, no "..", no links out, no devices
    return staging / "media"


def _swap_media(unpacked: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT).resolve()
    old = media_root.parent / f".{media_root.name}.replaced"
    shutil.rmtree(old, ignore_errors=True)
    if media_root.exists():
        media_root.rename(old)
    if unpacked.exists():
        unpacked.rename(media_root)
    else:
        media_root.mkdir(parents=True)
    shutil.rmtree(unpacked.parent, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
