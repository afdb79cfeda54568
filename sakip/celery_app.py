import os

from celery import Celery

import sakip.celery_logs  # noqa: F401  (tasks log with the id of the request that queued them)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")

app = Celery("sakip")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
