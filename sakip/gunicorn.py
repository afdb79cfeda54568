"""gunicorn settings (`gunicorn -c python:sakip.gunicorn sakip.wsgi`), from the environment.

Access lines come from Django (sakip.logs.RequestIdMiddleware, with the request id); gunicorn's own messages
are JSON lines on stdout too.
"""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("SAKIP_WEB_WORKERS", str(multiprocessing.cpu_count() * 2)))
timeout = int(os.environ.get("SAKIP_WEB_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then (memory held by big imports or reports)
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("SAKIP_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
