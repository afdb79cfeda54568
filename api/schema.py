"""The OpenAPI schema: every operation also documents its error answers (api/errors.py), so that clients
and the tests can check them too."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class MissingItemSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    number = serializers.IntegerField()
    message = serializers.CharField()


class CurrentRowSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    revision = serializers.IntegerField()
    state = serializers.CharField()
    value = serializers.CharField(allow_null=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    fields = serializers.DictField(required=False, help_text="invalid input: field name -> messages")
    missing = MissingItemSerializer(many=True, required=False, help_text="what keeps the month from being submitted")
    current = CurrentRowSerializer(many=True, required=False, help_text="conflict: the rows as they are now")


READ_ERRORS = ("401", "403", "404", "429")
WRITE_ERRORS = ("400", "409", "412")


class SakipAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        codes = READ_ERRORS + (WRITE_ERRORS if self.method not in ("GET", "HEAD") else ("400",))
        for code in codes:
            responses.setdefault(code, self._get_response_for_code(ErrorSerializer, code, direction=direction))
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Per-user token: "Token sakip_…" (made by an admin, shown once).',
        }
