"""Errors that name the rule they enforce.

A ``RuleViolation`` carries the rule's citation (norm and article) from the rule registry, and its
message always ends with that citation, so the UI, the API and the admin all show the user which
provision was broken.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError


class RuleViolation(ValidationError):
    def __init__(
        self,
        message: str,
        *,
        rule: Any | None = None,
        citation: str = "",
        field: str | None = None,
        code: str = "rule_violation",
    ) -> None:
        self.rule_key: str | None = getattr(rule, "key", None)
        self.citation: str = citation or getattr(rule, "citation", "")
        text = f"{message} ({self.citation})" if self.citation else str(message)
        self.field = field
        super().__init__({field: [text]} if field else text, code=code)


class AccessDenied(PermissionDenied):
    """The user's current roles do not allow this action."""
