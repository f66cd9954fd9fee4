"""The public agreements list's search and filters (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from decisions.models import Agreement
from members.models import Entity


class PublicAgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Buscar"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Estado del seguimiento"), choices=Agreement.Status.choices, empty_label=_("Todos")
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Entidad responsable"),
        # Only entities that own some agreement: the list stays short and names no one else.
        queryset=Entity.objects.filter(owned_agreements__isnull=False)
        .distinct()
        .only("id", "acronym")
        .order_by("acronym"),
        empty_label=_("Todas"),
    )
    year = django_filters.NumberFilter(label=_("Año de la sesión"), field_name="session__starts_at__year")

    class Meta:
        model = Agreement
        fields = ["q", "status", "owner", "year"]

    def search(self, queryset: QuerySet[Agreement], name: str, value: str) -> QuerySet[Agreement]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(text__icontains=value) | Q(owner__acronym__icontains=value) | Q(owner__name__icontains=value)
        )
