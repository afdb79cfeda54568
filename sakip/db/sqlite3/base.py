"""SQLite with decimals that always read back (see `sakip.db`)."""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations
from django.db.models.expressions import Col

from sakip.db import read_decimal


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression: Any) -> Any:
        places = getattr(expression.output_field, "decimal_places", None) if isinstance(expression, Col) else None

        def converter(value: Any, expression: Any, connection: Any) -> Any:
            return read_decimal(value, places)

        return converter


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
