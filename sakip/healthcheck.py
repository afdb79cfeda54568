"""Container health checks without curl: `python -m sakip.healthcheck web|beat`.

web: GET /health/ on the local gunicorn, as the proxy would send it (an allowed host name, HTTPS already
terminated), so the check passes exactly when the site would answer. beat: the pid in its pidfile is alive.
"""

from __future__ import annotations

import os
import sys
import urllib.request

BEAT_PIDFILE = "/tmp/celerybeat.pid"  # noqa: S108 - the container's own /tmp, written by `celery beat --pidfile`


def check_web() -> bool:
    host = os.environ.get("SAKIP_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".") or "localhost"
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(  # noqa: S310 - fixed http://127.0.0.1 URL
        f"http://127.0.0.1:{port}/health/", headers={"Host": host, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


def check_beat() -> bool:
    try:
        with open(BEAT_PIDFILE) as pidfile:
            os.kill(int(pidfile.read().strip()), 0)
    except (OSError, ValueError):
        return False
    return True


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "web"
    sys.exit(0 if {"web": check_web, "beat": check_beat}[what]() else 1)
