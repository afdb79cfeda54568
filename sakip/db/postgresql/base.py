"""PostgreSQL that reads a NaN stored in a numeric column as no value (see `sakip.db`)."""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base, operations

from sakip.db import read_decimal


def _finite(value: Any, expression: Any, connection: Any) -> Any:
    return read_decimal(value, None)


class DatabaseOperations(operations.DatabaseOperations):
    def get_db_converters(self, expression: Any) -> list[Any]:
        converters = super().get_db_converters(expression)
        if expression.output_field.get_internal_type() == "DecimalField":
            converters.append(_finite)
        return converters


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
