"""The daily digest of new documents: one message per person and day, listing the versions
uploaded the day before in the workspaces of their entities. Idempotent per person and day (the
outbox key), so a rerun of the beat never sends a second one."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mtigm.core.access import roles_for
from mtigm.core.outbox import in_commission_language, outbox_enqueue

from .models import DocumentVersion
from .selectors import digest_recipients, new_versions_between

DIGEST_KIND = "library_digest"


def _in_workspaces(version: DocumentVersion, group_ids: set[int], subgroup_ids: set[int]) -> bool:
    document = version.document
    if document.subgroup is None:
        return document.group_id in group_ids
    return document.subgroup_id in subgroup_ids or document.subgroup.group_id in group_ids


def _line(version: DocumentVersion) -> str:
    document = version.document
    workspace = document.group or document.subgroup
    url = settings.SITE_URL.rstrip("/") + reverse("library:document", args=[document.pk])
    return _("- %(title)s (versión %(number)s, %(classification)s) — %(workspace)s\n  %(url)s") % {
        "title": document.title,
        "number": version.number,
        "classification": document.get_classification_display(),
        "workspace": workspace,
        "url": url,
    }


@in_commission_language
def send_digests(*, day: datetime.date | None = None) -> int:
    """Queue the digest of ``day`` (today by default: what was uploaded yesterday). Returns how many."""
    day = day or timezone.localdate()
    zone = timezone.get_current_timezone()
    end = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    versions = list(new_versions_between(end - datetime.timedelta(days=1), end))
    if not versions:
        return 0
    by_person: dict[int, Any] = {}
    for designation in digest_recipients(day):
        by_person.setdefault(designation.person_id, designation.person)
    settings_url = settings.SITE_URL.rstrip("/") + reverse("library:digest")
    queued = 0
    with transaction.atomic():
        for person in by_person.values():
            user_roles = roles_for(person.user, on=day)
            groups, subgroups = user_roles.group_ids, user_roles.subgroup_ids
            mine = [v for v in versions if _in_workspaces(v, groups, subgroups)]
            if not mine:
                continue
            sections: dict[str, list[str]] = defaultdict(list)
            for version in mine:
                sections[str(version.document.group or version.document.subgroup)].append(_line(version))
            body = "\n\n".join(f"{name}\n" + "\n".join(lines) for name, lines in sections.items())
            outbox_enqueue(
                key=f"library:digest:{person.pk}:{day:%Y%m%d}",
                kind=DIGEST_KIND,
                recipient=person.email,
                recipient_name=str(person),
                subject=_("Documentos nuevos en sus espacios de trabajo (%(day)s)")
                % {"day": (day - datetime.timedelta(days=1)).strftime("%d/%m/%Y")},
                body_text=_(
                    "Estos documentos se subieron ayer a las bibliotecas de sus grupos y subgrupos:\n\n%(body)s\n\n"
                    "Para dejar de recibir este resumen diario: %(url)s"
                )
                % {"body": body, "url": settings_url},
            )
            queued += 1
    return queued
