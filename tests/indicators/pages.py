"""Every page and download of one unit and year that shows its realisations (for "nothing takes it down")."""

from __future__ import annotations

from django.urls import reverse


def unit_pages(code: str, year: int, month: int) -> list[str]:
    quarter = (month + 2) // 3
    return [
        reverse("indicators:month-entry", args=[code, year, month]),
        reverse("indicators:month-entry", args=[code, year, month + 1]),
        reverse("indicators:month-entry", args=[code, year, month]) + "?semua=1",
        reverse("reports:scorecard", args=[code, year, quarter]),
        reverse("reports:scorecard", args=[code, year, 4]),
        reverse("imports:export", args=["realisations", code, year]) + "?format=xlsx",
        reverse("imports:export", args=["realisations", code, year]) + "?format=csv",
        reverse("imports:export", args=["pk_rapk", code, year]) + "?format=xlsx",
        reverse("imports:export-scorecard", args=[code, year, quarter]),
        reverse("imports:rapk", args=[code, year]),
        reverse("indicators:status-grid") + f"?tahun={year}",
    ]


def assert_pages_answer(client, code: str, year: int, month: int) -> None:  # type: ignore[no-untyped-def]
    for url in unit_pages(code, year, month):
        assert client.get(url).status_code == 200, url
