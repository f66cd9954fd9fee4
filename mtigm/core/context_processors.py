from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import request_roles
from .menu import menu_for


def roles(request: HttpRequest) -> dict[str, Any]:
    """Expose the user's current roles and menu to templates (the access layer still decides)."""
    return {
        "user_roles": SimpleLazyObject(lambda: request_roles(request)),
        "main_menu": SimpleLazyObject(lambda: menu_for(request_roles(request))),
    }
