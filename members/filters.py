"""Filters of the registry's list pages and list APIs (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Designation, Entity, EntityKind, Membership
from .selectors import entity_search


class EntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Buscar"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Tipo"), choices=EntityKind.choices, empty_label=_("Todos"))
    status = django_filters.ChoiceFilter(
        label=_("Situación"),
        choices=[("current", _("En funciones")), ("former", _("Ya no integra"))],
        empty_label=_("Todas"),
        method="filter_status",
    )

    class Meta:
        model = Entity
        fields = ["q", "kind", "status"]

    def search(self, queryset, name, value):
        return entity_search(queryset, value)

    def filter_status(self, queryset, name, value):
        in_office = Membership.objects.on(timezone.localdate()).values("entity_id")
        if value == "current":
            return queryset.filter(pk__in=in_office)
        if value == "former":
            return queryset.exclude(pk__in=in_office)
        return queryset


class DesignationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Buscar"), method="search")
    entity = django_filters.ModelChoiceFilter(
        label=_("Entidad"), queryset=Entity.objects.order_by("acronym"), empty_label=_("Todas")
    )
    role = django_filters.ChoiceFilter(label=_("Calidad"), choices=Designation.Role.choices, empty_label=_("Ambas"))
    current = django_filters.BooleanFilter(
        label=_("Solo vigentes"), method="filter_current", widget=forms.CheckboxInput
    )

    class Meta:
        model = Designation
        fields = ["q", "entity", "role", "current"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(person__first_name__icontains=value)
            | Q(person__last_name__icontains=value)
            | Q(entity__acronym__icontains=value)
            | Q(resolution_number__icontains=value)
        )

    def filter_current(self, queryset, name, value):
        if value:
            return queryset.filter(pk__in=Designation.objects.current().values("pk"))
        return queryset


class EntityApiFilter(django_filters.FilterSet):
    """``?kind=member&on=2014-03-01``: the entities of that kind in office on that day."""

    kind = django_filters.ChoiceFilter(choices=EntityKind.choices, method="filter_kind")
    on = django_filters.DateFilter(method="filter_on", label=_("en funciones el"))
    search = django_filters.CharFilter(method="filter_search")

    class Meta:
        model = Entity
        fields = ["kind", "on", "search"]

    def filter_kind(self, queryset, name, value):
        # With ``on`` the kind is the capacity held that day; it is applied in filter_on.
        if self.form.cleaned_data.get("on"):
            return queryset
        return queryset.filter(kind=value)

    def filter_on(self, queryset, name, value):
        memberships = Membership.objects.on(value)
        kind = self.form.cleaned_data.get("kind")
        if kind:
            memberships = memberships.filter(kind=kind)
        return queryset.filter(pk__in=memberships.values("entity_id"))

    def filter_search(self, queryset, name, value):
        return entity_search(queryset, value)


class DesignationApiFilter(django_filters.FilterSet):
    on = django_filters.DateFilter(method="filter_on", label=_("vigentes el"))
    role = django_filters.ChoiceFilter(choices=Designation.Role.choices)

    class Meta:
        model = Designation
        fields = ["entity", "role", "on", "person"]

    def filter_on(self, queryset, name, value):
        return queryset.filter(pk__in=Designation.objects.on(value).values("pk"))
