"""Fetch-or-raise for the library: 404 for what the user may not see, 403 for what they see but
may not do (the access layer decides both)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from members.models import Subgroup, WorkingGroup
from mtigm.core import access

from .models import Document, DocumentLink, DocumentVersion, Folder


def access_group_workspace(user: Any, number: Any) -> WorkingGroup:
    return access.fetch(user, "workspace_group", WorkingGroup.objects.all(), number=number)


def access_subgroup_workspace(user: Any, pk: Any) -> Subgroup:
    return access.fetch(user, "workspace_subgroup", Subgroup.objects.select_related("group"), pk=pk)


def access_document(user: Any, pk: Any, *, action: str = "view") -> Document:
    queryset = Document.objects.select_related("group", "subgroup__group", "folder", "current_version")
    return access.fetch(user, "library_document", queryset, action=action, pk=pk)


def version_of(document: Document, number: Any) -> DocumentVersion:
    """A version of a document already fetched through the access layer: versions share its visibility."""
    try:
        return document.versions.select_related("uploaded_by").get(number=int(number))
    except (DocumentVersion.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def access_folder(user: Any, workspace: WorkingGroup | Subgroup, pk: Any) -> Folder:
    queryset = Folder.objects.filter(
        **({"group": workspace} if isinstance(workspace, WorkingGroup) else {"subgroup": workspace})
    )
    return access.fetch(user, "library_folder", queryset, pk=pk)


def link_of(document: Document, pk: Any) -> DocumentLink:
    """A link of a document already fetched through the access layer."""
    try:
        return document.links.get(pk=int(pk))
    except (DocumentLink.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
