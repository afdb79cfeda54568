from django.http import HttpRequest

from sakip.access import is_global, roles_of
from sakip.models import Role


def roles(request: HttpRequest) -> dict[str, object]:
    """What the navigation needs to know about the user's roles."""
    user = request.user
    return {
        "user_roles": roles_of(user),
        "can_audit": user.is_authenticated and is_global(user, Role.AUDITOR, Role.ADMIN),
    }
