"""What can go wrong in an import, located as the user sees it: sheet, row number, column header."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One row-level error. `row` is the spreadsheet row number (1-based, as Excel shows it)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("lembar «%(sheet)s»") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("baris %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("kolom «%(column)s»") % {"column": self.column})
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


class FileRejected(Exception):
    """The file as a whole cannot be imported (not a spreadsheet, corrupted, too large, wrong sheet...).

    Carries one message for the user; nothing has been written.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
