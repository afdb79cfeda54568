"""Issuing and revoking API tokens, each written to the audit trail (the key itself never is)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from sakip.audit import record_event


@transaction.atomic
def issue_token(user: User, name: str, by: User | None, expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A token for `user`; the key is returned once and only its digest is stored."""
    token, key = ApiToken.issue(user, name, created_by=by, expires_at=expires_at)
    record_event(by, "api.token.create", obj=token, owner=user.get_username(), name=name, prefix=token.prefix)
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, by: User | None) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at, token.revoked_by = timezone.now(), by
    token.save(update_fields=["revoked_at", "revoked_by"])
    record_event(by, "api.token.revoke", obj=token, owner=token.user.get_username(), prefix=token.prefix)
