"""HTML template + context -> PDF bytes with WeasyPrint.

Only files under `static/` can be loaded (the stylesheet and the fonts shipped in `static/fonts`); anything
else, including network URLs, is refused and stops the rendering. The stylesheet and its fonts are parsed
once per process and reused, which is what keeps a worker's second report faster than its first.
"""

from __future__ import annotations

import atexit
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC_DIR = Path(settings.BASE_DIR) / "static"
STYLESHEET = STATIC_DIR / "css" / "lapkin.css"
REPORT_LANGUAGE = "id"  # the Lapkin is an Indonesian official document whatever the requester's language

_lock = threading.Lock()
_render_lock = threading.RLock()  # the shared font configuration is not meant for concurrent layouts
_cache: dict[str, Any] = {}
atexit.register(_cache.clear)  # drop the font configuration (and its temporary files) before interpreter teardown
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per page otherwise


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


def _static_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    root = STATIC_DIR.resolve()

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("file:"):
                raise ValueError(f"only files under static/ may be loaded, not {url}")
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"only files under static/ may be loaded, not {url}")
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols={"file"}, fail_on_errors=True)


def _stylesheet() -> tuple[Any, Any, Any]:
    """(CSS, FontConfiguration, fetcher), built once per process."""
    with _lock:
        if "css" not in _cache:
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration

            fonts = FontConfiguration()
            fetcher = _static_fetcher()
            _cache["css"] = (CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher), fonts, fetcher)
        return _cache["css"]  # type: ignore[no-any-return]


def render_html(template: str, context: dict[str, Any]) -> str:
    with translation.override(REPORT_LANGUAGE):
        return render_to_string(template, context)


def render_document(template: str, context: dict[str, Any]) -> Rendered:
    """Render the template and lay it out; the PDF bytes and the number of pages."""
    return render_html_to_pdf(render_html(template, context))


def render_html_to_pdf(html: str) -> Rendered:
    with _render_lock:
        document = lay_out(html)
        return Rendered(pdf=document.write_pdf(), pages=len(document.pages))


def lay_out(html: str) -> Any:
    """The laid-out WeasyPrint document (its pages and boxes, as the PDF will print them)."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        css, fonts, fetcher = _stylesheet()
        with _render_lock:
            return HTML(string=html, base_url=str(STATIC_DIR) + "/", url_fetcher=fetcher).render(
                stylesheets=[css], font_config=fonts
            )
    except FatalURLFetchingError as exc:  # a BaseException: make it an ordinary, recordable failure
        raise RuntimeError(f"{exc}: {exc.__cause__}") from exc


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return render_document(template, context).pdf
