"""Errors of the service layer, and the one mapping from them to what a user sees.

Services raise:
- ``RuleViolation``: a rule of the Reglamento or a directive is broken; its message ends with the
  rule's citation (norm and article) from the rule registry. HTTP 400 with ``rule`` and ``citation``.
- ``StateConflict``: the object is not in a state that allows the action (a closed ballot, an
  approved acta, a session already called). HTTP 409 with a ``code``.
- ``ValidationError``: bad input that no rule names (an empty title). HTTP 400.
- ``AccessDenied``: the object is visible but the action is not the user's. HTTP 403.
- ``Http404``: the object does not exist or is hidden from the user. HTTP 404.

``answer_for`` turns any of them into an ``ErrorAnswer``; the REST API (``mtigm.core.api``) and the
pages (``mtigm.core.views``) both use it, so a refusal reads and counts the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _


class RuleViolation(ValidationError):
    """A rule of the regulation refused the action; the message ends with the rule's citation."""

    CODE = "rule_violation"

    def __init__(
        self,
        message: str,
        *,
        rule: Any | None = None,
        citation: str = "",
        field: str | None = None,
        code: str = CODE,
    ) -> None:
        self.rule_key: str | None = getattr(rule, "key", None)
        self.citation: str = citation or getattr(rule, "citation", "")
        text = f"{message} ({self.citation})" if self.citation else str(message)
        self.field = field
        # Kept apart: a ValidationError about a field does not keep its code.
        self.refusal_code = code
        super().__init__({field: [text]} if field else text, code=code)


class StateConflict(ValidationError):
    """The action does not fit the object's current state; ``code`` names the conflict. A citation,
    when the state comes from a step of the regulation, ends the message as a rule's does."""

    def __init__(self, message: str, *, code: str, citation: str = "") -> None:
        super().__init__(f"{message} ({citation})" if citation else str(message), code=code)


class AccessDenied(PermissionDenied):
    """The user's current roles do not allow this action."""


@dataclass(frozen=True)
class ErrorAnswer:
    status: int
    messages: list[str]
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    code: str = ""
    rule: str | None = None
    citation: str = ""

    def body(self) -> dict[str, Any]:
        """The JSON body of the API's answer: field errors, or ``detail``, plus what names the cause.

        Refusals (403, 404) keep REST framework's shape, one ``detail`` text; validation errors list
        their messages.
        """
        if self.status in (403, 404):
            return {"detail": " ".join(self.messages)}
        data: dict[str, Any] = dict(self.field_errors) if self.field_errors else {"detail": self.messages}
        if self.status == 400 and (self.rule or self.citation):
            data.update(rule=self.rule, citation=self.citation)
        if self.code:
            data["code"] = self.code
        return data


def _validation_parts(exc: ValidationError) -> tuple[list[str], dict[str, list[str]]]:
    if hasattr(exc, "error_dict"):
        fields = {name: [str(message) for message in messages] for name, messages in exc.message_dict.items()}
        return [message for messages in fields.values() for message in messages], fields
    return [str(message) for message in exc.messages], {}


def answer_for(exc: BaseException) -> ErrorAnswer | None:
    """The answer for a service-layer error, or None when ``exc`` is not one."""
    if isinstance(exc, StateConflict):
        messages, fields = _validation_parts(exc)
        return ErrorAnswer(409, messages, fields, code=str(exc.code or "conflict"))
    if isinstance(exc, RuleViolation):
        messages, fields = _validation_parts(exc)
        # A particular refusal (``already_voted``, say) names itself; the generic code adds nothing.
        code = "" if exc.refusal_code == RuleViolation.CODE else exc.refusal_code
        return ErrorAnswer(400, messages, fields, code=code, rule=exc.rule_key, citation=exc.citation)
    if isinstance(exc, ValidationError):
        messages, fields = _validation_parts(exc)
        return ErrorAnswer(400, messages, fields)
    if isinstance(exc, PermissionDenied):
        return ErrorAnswer(403, [str(exc) or _("Su designación vigente no le permite esta operación.")])
    if isinstance(exc, (Http404, ObjectDoesNotExist)):
        return ErrorAnswer(404, [str(exc) or _("No existe lo que busca o no tiene acceso a ello.")])
    return None
