from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from members.roles import request_roles

from .menu import menu_for


def roles(request: HttpRequest) -> dict[str, Any]:
    """Expose the user's current roles and menu to templates (views still check permissions)."""
    user_roles = SimpleLazyObject(lambda: request_roles(request))
    return {
        "user_roles": user_roles,
        "main_menu": SimpleLazyObject(lambda: menu_for(request, request_roles(request))),
    }
