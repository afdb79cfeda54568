"""Logs are JSON lines carrying the request id, which the response sends back."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from sakip.logs import RequestIdMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """The project's JSON handler, writing into a buffer."""
    stream = io.StringIO()
    config = {**settings.LOGGING, "root": {"handlers": ["console"], "level": "INFO"}}
    config["handlers"] = {**config["handlers"], "console": {**config["handlers"]["console"], "formatter": "json"}}
    logging.config.dictConfig(config)
    handler = logging.getLogger().handlers[0]
    handler.setStream(stream)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def lines(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("logger", password="pw")


def test_it_logs_one_json_access_line_per_request_with_the_id_it_sends_back(client, json_log, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    request_id = response["X-Request-ID"]
    access = [line for line in lines(json_log) if line["logger"] == "sakip.access"]
    assert len(access) == 1
    assert access[0]["request_id"] == request_id
    assert access[0]["status"] == 200 and access[0]["path"] == "/" and access[0]["user_id"] == user.pk
    assert access[0]["level"] == "INFO" and "time" in access[0]


def test_it_keeps_a_sane_request_id_from_the_proxy_and_replaces_a_forged_one(client, json_log, user):
    client.force_login(user)
    assert client.get("/", HTTP_X_REQUEST_ID="abcdef12-proxy")["X-Request-ID"] == "abcdef12-proxy"
    forged = client.get("/", HTTP_X_REQUEST_ID='x"\n{"level": "CRITICAL"}')["X-Request-ID"]
    assert len(forged) == 32 and forged.isalnum()
    assert all(line["level"] != "CRITICAL" for line in lines(json_log))


def test_it_gives_log_lines_of_the_request_its_id(json_log, rf):
    logger = logging.getLogger("sakip.test")

    def view(request):
        logger.warning("inside the view")
        return HttpResponse("ok")

    request = rf.get("/x/")
    response = RequestIdMiddleware(view)(request)
    inside = [line for line in lines(json_log) if line["message"] == "inside the view"]
    assert inside[0]["request_id"] == response["X-Request-ID"]
    logger.warning("outside")
    assert lines(json_log)[-1]["request_id"] == "-"
