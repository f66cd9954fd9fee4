"""REST API of the libraries: read-only lists of the documents the caller may see, with their
versions and links (the same selectors and access layer as the pages)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets

from . import selectors
from .models import Classification, Document, DocumentLink, DocumentVersion


class VersionOutput(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", allow_null=True, default=None)
    download = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = ["number", "original_name", "size", "sha256", "note", "uploaded_by", "uploaded_at", "download"]

    def get_download(self, obj: DocumentVersion) -> str:
        request = self.context.get("request")
        path = reverse("library:version-file", args=[obj.document_id, obj.number])
        return request.build_absolute_uri(path) if request is not None else path


class LinkOutput(serializers.ModelSerializer):
    class Meta:
        model = DocumentLink
        fields = ["id", "line", "agenda_item", "linked_at"]


class DocumentOutput(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group.number", allow_null=True, default=None)
    subgroup = serializers.CharField(source="subgroup.code", allow_null=True, default=None)
    folder = serializers.CharField(source="folder.name", allow_null=True, default=None)
    versions = VersionOutput(many=True, read_only=True)
    links = LinkOutput(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "description",
            "classification",
            "group",
            "subgroup",
            "folder",
            "created_at",
            "updated_at",
            "versions",
            "links",
        ]


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Título contiene"))
    classification = django_filters.ChoiceFilter(choices=Classification.choices, label=_("Clasificación"))
    group = django_filters.NumberFilter(field_name="group__number", label=_("Grupo (número)"))
    subgroup = django_filters.NumberFilter(field_name="subgroup_id", label=_("Subgrupo (id)"))

    class Meta:
        model = Document
        fields = ["q", "classification", "group", "subgroup"]


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Documents of the libraries the caller may see (their workspaces'; the público ones of all)."""

    serializer_class = DocumentOutput
    filterset_class = DocumentFilter

    def get_queryset(self) -> QuerySet[Document]:
        return selectors.documents_visible(self.request.user).prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number")),
            Prefetch("links", queryset=DocumentLink.objects.order_by("linked_at")),
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "request": self.request}
