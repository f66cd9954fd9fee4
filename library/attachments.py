"""The library's providers for ``mtigm.core.attachments``: documents linked to plan products and
agenda items, narrowed to those the viewer may see (the access layer)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from mtigm.core import access
from mtigm.core.attachments import Attached, register
from workplans.models import PlanVersion

from .models import Document, DocumentLink


def _attached(link: DocumentLink) -> Attached:
    document = link.document
    version = document.current_version
    return Attached(
        title=document.title,
        url=reverse("library:document", args=[document.pk]),
        note=f"v{version.number}" if version is not None else "",
    )


def _visible_links(actor: Any) -> Any:
    documents = access.scope_visible(Document.objects.all(), actor, "library_document")
    return DocumentLink.objects.filter(document__in=documents.values("pk")).select_related("document__current_version")


def plan_line_documents(actor: Any, lines: Sequence[Any]) -> dict[int, list[Attached]]:
    """Evidence of each product, whatever version of the plan it was linked in: a product is the
    same line (its key) across the versions of one plan."""
    plan_of = dict(PlanVersion.objects.filter(pk__in={line.version_id for line in lines}).values_list("pk", "plan_id"))
    keys = {(plan_of[line.version_id], line.key): line.pk for line in lines}
    links = (
        _visible_links(actor)
        .filter(line__version__plan_id__in=set(plan_of.values()), line__key__in={key for _plan, key in keys})
        .select_related("line__version")
        .order_by("linked_at")
    )
    found: dict[int, list[Attached]] = defaultdict(list)
    for link in links:
        line_pk = keys.get((link.line.version.plan_id, link.line.key))
        if line_pk is not None:
            found[line_pk].append(_attached(link))
    return found


def agenda_item_documents(actor: Any, items: Sequence[Any]) -> dict[int, list[Attached]]:
    links = _visible_links(actor).filter(agenda_item_id__in=[item.pk for item in items]).order_by("linked_at")
    found: dict[int, list[Attached]] = defaultdict(list)
    for link in links:
        found[link.agenda_item_id].append(_attached(link))
    return found


def connect() -> None:
    register("plan_line", plan_line_documents)
    register("agenda_item", agenda_item_documents)
