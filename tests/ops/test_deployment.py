"""The deployment files, read as a Docker engine would (none runs on the build machines)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _command(service: str) -> str:
    command = SERVICES[service]["command"]
    return command if isinstance(command, str) else " ".join(command)


def test_it_runs_web_worker_beat_database_and_broker_with_their_commands():
    assert {"db", "redis", "migrate", "web", "worker", "beat"} <= set(SERVICES)
    assert _command("web").startswith("gunicorn -c python:sakip.gunicorn sakip.wsgi")
    assert _command("worker").startswith("celery -A sakip worker")
    assert _command("beat").startswith("celery -A sakip beat")
    assert _command("migrate") == "python manage.py migrate --noinput"
    for service in ("web", "worker", "beat"):
        environment = SERVICES[service]["environment"]
        assert environment["SAKIP_DEBUG"] == "0"
        assert environment["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0"


def test_it_checks_the_health_of_every_long_running_service_and_restarts_them():
    for service in ("db", "redis", "web", "worker", "beat"):
        assert SERVICES[service]["healthcheck"]["test"], service
        assert SERVICES[service]["restart"] == "unless-stopped", service
    assert SERVICES["migrate"]["restart"] == "no"
    assert "sakip.healthcheck" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(SERVICES["worker"]["healthcheck"]["test"])
    for service in ("web", "worker", "beat"):
        assert SERVICES[service]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert SERVICES[service]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_it_keeps_data_in_named_volumes():
    assert {"pgdata", "redisdata", "media", "backups"} <= set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    assert "media:/data/media" in SERVICES["web"]["volumes"]
    assert SERVICES["web"]["environment"]["SAKIP_MEDIA_ROOT"] == "/data/media"


def test_it_builds_an_image_that_runs_as_a_non_root_user_with_weasyprint_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "postgresql-client"):
        assert library in dockerfile
    copied = set(re.findall(r"^COPY (\w+) \1$", dockerfile, re.MULTILINE))
    packages = re.search(r"include = \[(.*?)\]", (ROOT / "pyproject.toml").read_text()).group(1)
    assert {name.strip('"* ') for name in packages.split(",")} <= copied


def _variables_read_by_settings() -> set[str]:
    """Variables read by the settings and by the files the containers run besides Django (gunicorn, checks)."""
    source = "".join((ROOT / "sakip" / name).read_text() for name in ("settings.py", "gunicorn.py", "healthcheck.py"))
    found = set(re.findall(r'(?:environ\.get|env_bool|env_list|env_int)\(\s*"([A-Z_]+)"', source))
    found |= set(re.findall(r'env="([A-Z_]+)"', source))
    return found


def test_it_documents_every_variable_the_settings_read_in_env_example_and_the_readme():
    variables = _variables_read_by_settings()
    assert {"SAKIP_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SAKIP_LOG_FORMAT", "SAKIP_WEB_WORKERS"} <= variables
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", example, re.MULTILINE))
    readme_rows = set(re.findall(r"^\| `([A-Z_]+)` \|", (ROOT / "README.md").read_text(), re.MULTILINE))
    assert variables - documented == set(), "missing in .env.example"
    assert variables - readme_rows == set(), "missing in the README configuration table"


def test_it_collects_static_files_with_production_settings(tmp_path):
    """The image runs collectstatic with the manifest storage, which refuses a file referring to a missing one
    (e.g. a vendored script's source map)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SAKIP_DEBUG": "0", "SAKIP_SECRET_KEY": "x" * 50, "SAKIP_STATIC_ROOT": str(tmp_path)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()
