"""The API docs (Swagger UI from drf-spectacular-sidecar) render in a real browser from the app's own files."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_it_shows_the_operations_without_fetching_anything_elsewhere(page, live_server, demo):
    elsewhere: list[str] = []
    page.on("request", lambda request: request.url.startswith(live_server.url) or elsewhere.append(request.url))
    log_in(page, live_server, "perencana", "sakip-demo")
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 20
    assert page.get_by_text("/api/v1/months/{unit}/{year}/b{month}/realisations/").count() >= 1
    assert elsewhere == []
