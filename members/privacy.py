"""Personal data of one person (Ley 29733): everything the platform holds about them, and the
anonymisation of a former representative's contact data once the retention period is over.

The export finds its rows generically, by following every relation that points at the person (or
at their user account), so a table added by a later app is included without this module knowing
it exists, and the registry does not import the apps above it.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import ForeignObjectRel
from django.utils import timezone
from django.utils.translation import gettext as _

from mtigm.core import access, audit
from mtigm.core.errors import StateConflict
from mtigm.core.models import OutboundMessage, SecurityEvent

from .models import Designation, Person

# Contact data, blanked by the anonymisation; names stay (they are part of the historical record
# of sessions and actas).
CONTACT_FIELDS = ("email", "phone")


def _rows_pointing_at(instance: models.Model) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    # Hidden relations (related_name="+": votes, signatures, audit entries) hold data about the
    # person too; historical records are what the platform held before each change.
    for relation in instance._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or not (relation.one_to_many or relation.one_to_one):
            continue
        related = relation.related_model
        if related is None:
            continue
        rows = related._default_manager.filter(**{relation.field.name: instance}).order_by("pk")
        if rows:
            found.setdefault(related._meta.label, []).extend(serializers.serialize("python", rows))
    return found


def person_data(person: Person) -> dict[str, Any]:
    """Every row about ``person``: the person and its history, what points at them, the messages
    sent to them, their account and their entries in the security log.

    Rows that point at the person's *account* are not followed: those name the user as the one who
    acted (who changed a record, who requested a PDF), and are records about other people."""
    data: dict[str, Any] = {
        "generated_at": timezone.now(),
        "person": serializers.serialize("python", [person])[0],
        "history": list(person.history.order_by("history_date").values()),
        "related": _rows_pointing_at(person),
    }
    user = person.user
    if user is not None:
        data["account"] = {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
        data["security_log"] = list(
            SecurityEvent.objects.filter(user=user)
            .order_by("-at")
            .values("at", "kind", "ip_address", "method", "path", "detail")
        )
    if person.email:
        data["messages"] = list(
            OutboundMessage.objects.filter(recipient__iexact=person.email)
            .order_by("-created_at")
            .values("created_at", "kind", "subject", "status", "sent_at")
        )
    return data


def person_data_export(*, actor: Any, person: Person, request: Any = None) -> bytes:
    access.require(actor, "person.export", person)
    audit.record(audit.Kind.EXPORT, request=request, user=actor, detail=_("Datos de %(p)s") % {"p": person})
    return json.dumps(person_data(person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def retention_ends(person: Person) -> datetime.date | None:
    """The day the contact data of ``person`` may be anonymised; None while they hold a designation."""
    designations = Designation.objects.filter(person=person)
    if designations.filter(end__isnull=True).exists():
        return None
    last_end = designations.aggregate(last=models.Max("end"))["last"]
    if last_end is None:
        return timezone.localdate()
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    try:
        return last_end.replace(year=last_end.year + years)
    except ValueError:  # 29 February
        return last_end.replace(year=last_end.year + years, day=28)


@transaction.atomic
def person_anonymise(*, actor: Any, person: Person, request: Any = None) -> Person:
    """Blank the contact data of a former representative, in the record and in its history."""
    access.require(actor, "person.anonymise", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    ends = retention_ends(person)
    if ends is None:
        raise StateConflict(
            _("%(p)s tiene una designación vigente: sus datos de contacto se conservan.") % {"p": person},
            code="person_in_office",
        )
    if ends > timezone.localdate():
        raise StateConflict(
            _("El plazo de conservación de los datos de %(p)s vence el %(d)s.")
            % {"p": person, "d": ends.strftime("%d/%m/%Y")},
            code="retention_not_over",
        )
    blank = dict.fromkeys(CONTACT_FIELDS, "")
    if person.email:
        OutboundMessage.objects.filter(recipient__iexact=person.email).update(recipient="")
    Person.objects.filter(pk=person.pk).update(**blank)
    person.history.update(**blank)
    if person.user_id:
        get_user_model().objects.filter(pk=person.user_id).update(email="")
    audit.record(audit.Kind.PERSON_ANONYMISED, request=request, user=actor, detail=str(person))
    person.refresh_from_db()
    return person
