"""Pages of the registry (/registro/). Who opens each is the access matrix's (read pages: every
commission role; edit pages: the Secretaría Técnica). Views stay thin: ``access_*`` helpers fetch,
selectors read, services write and check permissions; personal contact data is shown only where
the access layer allows it (pages, exports and API alike).
"""

from __future__ import annotations

import csv
import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from directives.rules import rule
from mtigm.core import access, audit
from mtigm.core.exports import spreadsheet_text
from mtigm.core.history import history_rows
from mtigm.core.views import ServiceFormView as CoreServiceFormView
from mtigm.core.views import attempt

from . import privacy, selectors, services
from .access import (
    access_cso_registration,
    access_designation,
    access_entity,
    access_group,
    access_membership,
    access_person,
    access_subgroup,
)
from .filters import DesignationFilter, EntityFilter
from .forms import (
    AssignmentForm,
    CsoRegisterForm,
    CsoRegistrationForm,
    DesignationCreateForm,
    DesignationReplaceForm,
    DesignationUpdateForm,
    EntityCreateForm,
    EntityForm,
    GroupForm,
    GroupMemberForm,
    MembershipEndForm,
    MembershipForm,
    SubgroupForm,
)
from .models import Designation, Entity, EntityKind, Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Helpers -------------------------------------------------------------------------------------------


def requested_day(request: HttpRequest, name: str = "fecha") -> datetime.date:
    """The date in ``?fecha=YYYY-MM-DD`` or today in Lima."""
    raw = request.GET.get(name, "")
    try:
        parsed = parse_date(raw) if raw else None
    except ValueError:
        parsed = None
    return parsed or timezone.localdate()


M = TypeVar("M", bound=Model)


class RegistryPage:
    """Registry pages show their edit buttons to whom the access matrix lets keep the registry."""

    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["can_edit"] = access.can(access.request_roles(self.request), "registry.change")
        return context

    def visible(self, queryset: QuerySet[M], subject: str) -> QuerySet[M]:
        """What of ``queryset`` the user may see: the lists ask the access layer as the API does."""
        return access.scope_visible(queryset, access.request_roles(self.request), subject)


class ServiceFormView(CoreServiceFormView):
    """A registry form handed to a service; refusals go back onto the form with their citation."""

    template_name = "members/form.html"

    def cancel_url(self) -> str:
        return reverse("members:entity-list")


def _person_for(form: Any, actor: Any) -> Person:
    new = form.new_person_data()
    if new is None:
        return form.cleaned_data["person"]
    return services.person_create(actor=actor, **new)


# Entities ------------------------------------------------------------------------------------------


class EntityListView(RegistryPage, TemplateView):
    template_name = "members/entity_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        filterset = EntityFilter(
            self.request.GET or None, queryset=self.visible(selectors.entity_list(day=today), "entity")
        )
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        page = Paginator(queryset, 50).get_page(self.request.GET.get("page"))
        context.update(
            filter=filterset,
            page=page,
            entities=page.object_list,
            today=today,
            member_count=selectors.member_count_on(today),
        )
        return context


def _rep_slots(current: list[Designation]) -> list[tuple[str, StrOrPromise, Designation | None]]:
    by_role = {d.role: d for d in current}
    return [(value, label, by_role.get(value)) for value, label in Designation.Role.choices]


class EntityDetailView(RegistryPage, TemplateView):
    template_name = "members/entity_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = access_entity(self.request.user, self.kwargs["pk"])
        today = timezone.localdate()
        history = list(selectors.designation_history(entity))
        for designation in history:
            designation.notice_warning = services.notice_warning(
                resolution_date=designation.resolution_date, notified_on=designation.notified_on
            )
        context.update(
            entity=entity,
            today=today,
            memberships=entity.memberships.order_by("start"),
            rep_slots=_rep_slots(list(selectors.current_representatives(entity, today))),
            designations=history,
            coordinated=entity.coordinated_groups.select_related("group").order_by("-start"),
            led=entity.led_subgroups.select_related("subgroup__group").order_by("-start"),
            group_memberships=entity.group_memberships.select_related("group").order_by("-start"),
            registration=getattr(entity, "cso_registration", None) if entity.kind == EntityKind.CIVIL_SOCIETY else None,
        )
        return context


class EntityCreateView(ServiceFormView):
    form_class = EntityCreateForm
    title = gettext_lazy("Nueva entidad")
    intro = gettext_lazy(
        "La incorporación de nuevos miembros u observadores la aprueba el Pleno por mayoría de sus miembros "
        "(Art. 7.4 del Reglamento); registre la sesión que la aprobó."
    )

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.entity_create(actor=self.request.user, **data)

    def success_url_for(self, result):
        return reverse("members:entity-detail", args=[result.pk])


class EntityUpdateView(ServiceFormView):
    # Declared as any form class because MembershipCreateView reuses this view's dispatch with a plain
    # (non-model) form.
    form_class: type[forms.BaseForm] = EntityForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.entity = access_entity(request.user, kwargs["pk"], action="registry.change")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Entity.objects.get(pk=self.entity.pk)
        return kwargs

    @property
    def title(self) -> str:
        return _("Editar %(entity)s") % {"entity": self.entity.acronym}

    def perform(self, form):
        return services.entity_update(actor=self.request.user, entity=self.entity, **form.cleaned_data)

    def success_url_for(self, result):
        return reverse("members:entity-detail", args=[result.pk])

    def cancel_url(self) -> str:
        return reverse("members:entity-detail", args=[self.entity.pk])


class MembershipCreateView(EntityUpdateView):
    form_class = MembershipForm
    intro = gettext_lazy("Periodo en que la entidad integra la Mesa, desde el acuerdo del Pleno (Art. 7.4).")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = FormView.get_form_kwargs(self)
        kwargs["initial"] = {"kind": self.entity.kind}
        return kwargs

    @property
    def title(self) -> str:
        return _("Nueva membresía de %(entity)s") % {"entity": self.entity.acronym}

    def perform(self, form):
        return services.membership_admit(actor=self.request.user, entity=self.entity, **form.cleaned_data)

    def success_url_for(self, result):
        return reverse("members:entity-detail", args=[self.entity.pk])


class MembershipEndView(ServiceFormView):
    form_class = MembershipEndForm
    intro = gettext_lazy("Al terminar la membresía terminan también las designaciones vigentes de la entidad.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.membership = access_membership(request.user, kwargs["pk"], action="registry.change")
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self) -> str:
        return _("Terminar membresía de %(entity)s") % {"entity": self.membership.entity.acronym}

    def perform(self, form):
        return services.membership_end(actor=self.request.user, membership=self.membership, **form.cleaned_data)

    def success_url_for(self, result):
        return reverse("members:entity-detail", args=[self.membership.entity_id])

    def cancel_url(self) -> str:
        return reverse("members:entity-detail", args=[self.membership.entity_id])


class EntityHistoryView(RegistryPage, TemplateView):
    """Every change to the entity, its memberships and its designations (django-simple-history)."""

    template_name = "members/history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = access_entity(self.request.user, self.kwargs["pk"])
        # The history grows with every edit for as long as the commission exists: a page at a time.
        history = selectors.entity_history_page(entity, self.request.GET.get("page"))
        context.update(
            subject=entity,
            rows=history_rows(history.records, history.previous),
            page=history.page,
            back_url=reverse("members:entity-detail", args=[entity.pk]),
        )
        return context


# Designations --------------------------------------------------------------------------------------


class DesignationListView(RegistryPage, TemplateView):
    template_name = "members/designation_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset = DesignationFilter(
            self.request.GET or None, queryset=self.visible(selectors.designation_list(), "designation")
        )
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        page = Paginator(queryset, 50).get_page(self.request.GET.get("page"))
        today = timezone.localdate()
        for designation in page.object_list:
            designation.in_office = designation.start <= today and (designation.end is None or designation.end >= today)
            designation.notice_warning = services.notice_warning(
                resolution_date=designation.resolution_date, notified_on=designation.notified_on
            )
        context.update(filter=filterset, page=page)
        return context


class DesignationDetailView(RegistryPage, TemplateView):
    template_name = "members/designation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        designation = access_designation(self.request.user, self.kwargs["pk"])
        records = list(designation.history.select_related("history_user").order_by("-history_date"))
        context.update(
            designation=designation,
            predecessors=designation.replaces.select_related("person"),
            notice_warning=services.notice_warning(
                resolution_date=designation.resolution_date, notified_on=designation.notified_on
            ),
            rows=history_rows(records),
            anonymise_from=privacy.retention_ends(designation.person),
            today=timezone.localdate(),
        )
        return context


class DesignationCreateView(ServiceFormView):
    form_class = DesignationCreateForm
    template_name = "members/designation_form.html"
    title = gettext_lazy("Nueva designación")
    intro = gettext_lazy(
        "Cada entidad designa un titular y un alterno por resolución del titular del pliego, que se comunica a la "
        "Secretaría Técnica dentro de los 15 días calendario siguientes (Art. 7.5)."
    )

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.request.GET.get("entidad"):
            initial["entity"] = self.request.GET["entidad"]
        if self.request.GET.get("calidad") in Designation.Role.values:
            initial["role"] = self.request.GET["calidad"]
        return initial

    def perform(self, form):
        data = form.cleaned_data
        return services.designation_create(
            actor=self.request.user,
            entity=data["entity"],
            person=_person_for(form, self.request.user),
            role=data["role"],
            start=data["start"],
            resolution_number=data["resolution_number"],
            resolution_date=data["resolution_date"],
            notified_on=data["notified_on"],
        )

    def success_url_for(self, result):
        return reverse("members:designation-detail", args=[result.pk])


class DesignationReplaceView(ServiceFormView):
    form_class = DesignationReplaceForm
    template_name = "members/designation_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.designation = access_designation(request.user, kwargs["pk"], action="registry.change")
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self) -> str:
        return _("Reemplazar a %(person)s (%(role)s de %(entity)s)") % {
            "person": self.designation.person,
            "role": self.designation.get_role_display().lower(),
            "entity": self.designation.entity.acronym,
        }

    @property
    def intro(self) -> str:
        return _(
            "El representante permanece en el cargo hasta que se designa a su reemplazante (Art. 7.6): su designación "
            "terminará el día anterior al inicio del reemplazo."
        )

    def perform(self, form):
        data = form.cleaned_data
        return services.designation_replace(
            actor=self.request.user,
            designation=self.designation,
            person=_person_for(form, self.request.user),
            start=data["start"],
            resolution_number=data["resolution_number"],
            resolution_date=data["resolution_date"],
            notified_on=data["notified_on"],
        )

    def success_url_for(self, result):
        return reverse("members:designation-detail", args=[result.pk])

    def cancel_url(self) -> str:
        return reverse("members:designation-detail", args=[self.designation.pk])


class DesignationUpdateView(ServiceFormView):
    form_class = DesignationUpdateForm
    template_name = "members/designation_form.html"
    intro = gettext_lazy(
        "Corrija aquí los datos de la designación. Para designar a un sucesor use «Reemplazar», que conserva la "
        "historia (Art. 7.6)."
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.designation = access_designation(request.user, kwargs["pk"], action="registry.change")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Designation.objects.get(pk=self.designation.pk)
        return kwargs

    @property
    def title(self) -> str:
        return _("Editar designación: %(designation)s") % {"designation": self.designation}

    def perform(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.designation_update(actor=self.request.user, designation=self.designation, **fields)

    def success_url_for(self, result):
        return reverse("members:designation-detail", args=[result.pk])

    def cancel_url(self) -> str:
        return reverse("members:designation-detail", args=[self.designation.pk])


class NoticeCheckView(View):
    """htmx: the Art. 7.5 warning for the dates typed so far in a designation form."""

    def post(self, request: HttpRequest) -> HttpResponse:
        warning = services.notice_warning(
            resolution_date=parse_date(request.POST.get("resolution_date") or ""),
            notified_on=parse_date(request.POST.get("notified_on") or ""),
        )
        return render(request, "members/_notice_warning.html", {"warning": warning})


# Working groups ---------------------------------------------------------------------------------------


class GroupListView(RegistryPage, TemplateView):
    template_name = "members/group_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(groups=self.visible(selectors.groups_with_structure(), "group"))
        return context


class GroupDetailView(RegistryPage, TemplateView):
    template_name = "members/group_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Fetched through the access layer from the selector, so its joins come in the same query.
        group = access.fetch(self.request.user, "group", selectors.groups_with_structure(), pk=self.kwargs["pk"])
        context.update(
            group=group,
            subgroups=self.visible(selectors.subgroup_list().filter(group=group), "subgroup"),
            all_members=group.memberships.select_related("entity").order_by("entity__acronym", "-start"),
        )
        return context


class GroupCreateView(ServiceFormView):
    form_class = GroupForm
    title = gettext_lazy("Nuevo grupo de trabajo")

    @property
    def intro(self) -> str:
        minimum = rule("group.creation_min_members")
        return _("El Pleno crea un grupo de trabajo a propuesta de por lo menos %(n)s (%(cite)s).") % {
            "n": minimum.text,
            "cite": minimum.citation,
        }

    def perform(self, form):
        return services.group_create(actor=self.request.user, **form.cleaned_data)

    def success_url_for(self, result):
        return reverse("members:group-detail", args=[result.pk])

    def cancel_url(self) -> str:
        return reverse("members:group-list")


class GroupEditMixin(ServiceFormView):
    """A form about one working group, which the user must be allowed to keep in the registry."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.group = access_group(request.user, kwargs["pk"], action="registry.change")
        return super().dispatch(request, *args, **kwargs)

    def success_url_for(self, result):
        return reverse("members:group-detail", args=[self.group.pk])

    def cancel_url(self) -> str:
        return reverse("members:group-detail", args=[self.group.pk])


class GroupUpdateView(GroupEditMixin):
    form_class = GroupForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.group
        return kwargs

    @property
    def title(self) -> str:
        return _("Editar %(group)s") % {"group": self.group}

    def perform(self, form):
        return services.group_update(actor=self.request.user, group=self.group, **form.cleaned_data)


class GroupCoordinatorView(GroupEditMixin):
    form_class = AssignmentForm
    intro = gettext_lazy(
        "La coordinación se propone en el seno del grupo y la aprueba el Pleno (Art. 20.2). La coordinación "
        "anterior termina el día previo."
    )

    @property
    def title(self) -> str:
        return _("Coordinación de %(group)s") % {"group": self.group}

    def perform(self, form):
        return services.group_coordinator_assign(actor=self.request.user, group=self.group, **form.cleaned_data)


class GroupMemberAddView(GroupEditMixin):
    form_class = GroupMemberForm

    @property
    def title(self) -> str:
        return _("Agregar integrante a %(group)s") % {"group": self.group}

    def perform(self, form):
        return services.group_member_add(actor=self.request.user, group=self.group, **form.cleaned_data)


class SubgroupCreateView(GroupEditMixin):
    form_class = SubgroupForm
    intro = gettext_lazy("El Pleno crea los subgrupos por recomendación del grupo de trabajo (Art. 21).")

    @property
    def title(self) -> str:
        return _("Nuevo subgrupo de %(group)s") % {"group": self.group}

    def perform(self, form):
        return services.subgroup_create(actor=self.request.user, group=self.group, **form.cleaned_data)

    def success_url_for(self, result):
        return reverse("members:subgroup-detail", args=[result.pk])


class SubgroupDetailView(RegistryPage, TemplateView):
    template_name = "members/subgroup_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        subgroup = access.fetch(self.request.user, "subgroup", selectors.subgroup_list(), pk=self.kwargs["pk"])
        context.update(subgroup=subgroup)
        return context


class SubgroupEditMixin(ServiceFormView):
    """A form about one subgroup, which the user must be allowed to keep in the registry."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.subgroup = access_subgroup(request.user, kwargs["pk"], action="registry.change")
        return super().dispatch(request, *args, **kwargs)

    def success_url_for(self, result):
        return reverse("members:subgroup-detail", args=[self.subgroup.pk])

    def cancel_url(self) -> str:
        return reverse("members:subgroup-detail", args=[self.subgroup.pk])


class SubgroupUpdateView(SubgroupEditMixin):
    form_class = SubgroupForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.subgroup
        return kwargs

    @property
    def title(self) -> str:
        return _("Editar subgrupo %(code)s") % {"code": self.subgroup.code}

    def perform(self, form):
        return services.subgroup_update(actor=self.request.user, subgroup=self.subgroup, **form.cleaned_data)


class SubgroupLeadView(SubgroupEditMixin):
    form_class = AssignmentForm
    intro = gettext_lazy("El responsable se propone en el subgrupo y lo aprueba el grupo de trabajo (Art. 21).")

    @property
    def title(self) -> str:
        return _("Responsable del subgrupo %(code)s") % {"code": self.subgroup.code}

    def perform(self, form):
        return services.subgroup_lead_assign(actor=self.request.user, subgroup=self.subgroup, **form.cleaned_data)


class SubgroupMemberAddView(SubgroupEditMixin):
    form_class = GroupMemberForm

    @property
    def title(self) -> str:
        return _("Agregar integrante al subgrupo %(code)s") % {"code": self.subgroup.code}

    def perform(self, form):
        return services.subgroup_member_add(actor=self.request.user, subgroup=self.subgroup, **form.cleaned_data)


# Support commissions and the CSO Registry ------------------------------------------------------------------


class SupportCommissionListView(RegistryPage, TemplateView):
    template_name = "members/support_commissions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["commissions"] = selectors.support_commissions()
        return context


class CsoRegistryView(RegistryPage, TemplateView):
    template_name = "members/cso_registry.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(registrations=self.visible(selectors.cso_registry(), "cso_registration"))
        return context


class CsoDetailView(RegistryPage, TemplateView):
    template_name = "members/cso_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        registration = access.fetch(
            self.request.user, "cso_registration", selectors.cso_registry(), pk=self.kwargs["pk"]
        )
        entry = selectors.RegistryEntry.of(registration, access.request_roles(self.request))
        items = []
        for item in selectors.CSO_REGISTRY_ITEMS:
            if item.on_page:
                value = item.value(entry)
                shown = value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value
                items.append((item.label, shown, item.link(entry) if item.link else ""))
        context.update(registration=registration, items=items)
        return context


class CsoRegisterView(ServiceFormView):
    form_class = CsoRegisterForm
    title = gettext_lazy("Inscribir en el Registro de instituciones de la sociedad civil")
    intro = gettext_lazy(
        "La Secretaría Técnica inscribe a la institución admitida por el Pleno una vez designados su titular y "
        "su alterno (Directiva N° 002-2014-MTIGM, §4.2.2–4.2.3)."
    )

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.cso_register(actor=self.request.user, **data)

    def success_url_for(self, result):
        return reverse("members:cso-detail", args=[result.pk])

    def cancel_url(self) -> str:
        return reverse("members:cso-registry")


class CsoUpdateView(ServiceFormView):
    form_class = CsoRegistrationForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.registration = access_cso_registration(request.user, kwargs["pk"], action="registry.change")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.registration
        return kwargs

    @property
    def title(self) -> str:
        return _("Registro: %(entity)s") % {"entity": self.registration.entity.name}

    def perform(self, form):
        return services.cso_update(actor=self.request.user, registration=self.registration, **form.cleaned_data)

    def success_url_for(self, result):
        return reverse("members:cso-detail", args=[result.pk])

    def cancel_url(self) -> str:
        return reverse("members:cso-detail", args=[self.registration.pk])


# Composition and exports -------------------------------------------------------------------------------------


class CompositionView(RegistryPage, TemplateView):
    template_name = "members/composition.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        day = requested_day(self.request)
        context.update(composition=selectors.composition_on(day), day=day)
        return context


class _SafeCsvWriter:
    """A csv writer that neutralises cells a spreadsheet would run as formulas (CSV injection)."""

    def __init__(self, stream: Any) -> None:
        self.writer = csv.writer(stream)

    def writerow(self, row: list[Any]) -> None:
        self.writer.writerow([spreadsheet_text(cell) for cell in row])


def _csv_response(filename: str) -> tuple[HttpResponse, _SafeCsvWriter]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # A BOM so that spreadsheet programs read the accents correctly.
    return response, _SafeCsvWriter(response)


def _person_cells(actor: Any, designation: Designation | None) -> list[str]:
    if designation is None:
        return ["", "", "", ""]
    person = designation.person
    email = access.private_value(actor, person, "email") or ""
    return [str(person), email, designation.resolution_number, designation.start.isoformat()]


class EntityCsvView(View):
    """The registry of entities with their current titular and alternate (e-mails only for who may see them)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        day = requested_day(request)
        roles = access.request_roles(request)
        response, writer = _csv_response(f"mtigm-entidades-{day.isoformat()}.csv")
        audit.record(audit.Kind.EXPORT, request=request, detail=response["Content-Disposition"][:200])
        writer.writerow(
            [
                _("Sigla"),
                _("Nombre"),
                _("Tipo"),
                _("Comisión de apoyo"),
                _("En funciones desde"),
                _("Admitida en"),
                _("Titular"),
                _("Correo del titular"),
                _("Resolución del titular"),
                _("Titular desde"),
                _("Alterno"),
                _("Correo del alterno"),
                _("Resolución del alterno"),
                _("Alterno desde"),
            ]
        )
        entities = selectors.entity_list(day=day).filter(pk__in=selectors.entities_on(day).values("pk"))
        for entity in access.scope_visible(entities, roles, "entity"):
            current = [m for m in entity.memberships.all() if m.start <= day and (m.end is None or m.end >= day)]
            membership = current[0] if current else None
            by_role = {d.role: d for d in entity.current_designations}
            writer.writerow(
                [
                    entity.acronym,
                    entity.name,
                    entity.get_kind_display(),
                    entity.support_commission.name if entity.support_commission else "",
                    membership.start.isoformat() if membership else "",
                    membership.admitted_at if membership else "",
                    *_person_cells(roles, by_role.get(Designation.Role.TITULAR)),
                    *_person_cells(roles, by_role.get(Designation.Role.ALTERNATE)),
                ]
            )
        return response


def _cell(value: Any) -> Any:
    """Dates as ISO 8601 in exports (spreadsheets read them), nothing as an empty cell."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


class CsoCsvView(View):
    """The CSO Registry with every field of Dir. 002 §4.2.3 (a–k), laid out as the detail page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        roles = access.request_roles(request)
        response, writer = _csv_response("mtigm-registro-sociedad-civil.csv")
        audit.record(audit.Kind.EXPORT, request=request, detail=response["Content-Disposition"][:200])
        writer.writerow([str(item.label) for item in selectors.CSO_REGISTRY_ITEMS])
        for registration in access.scope_visible(selectors.cso_registry(), roles, "cso_registration"):
            entry = selectors.RegistryEntry.of(registration, roles)
            writer.writerow([_cell(item.value(entry)) for item in selectors.CSO_REGISTRY_ITEMS])
        return response


class PersonDataView(View):
    """Everything the platform holds about one person, as a JSON file (Ley 29733, right of access)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = access_person(request.user, pk, action="person.export")
        body = privacy.person_data_export(actor=request.user, person=person, request=request)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="datos-personales-{person.pk}.json"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class PersonAnonymiseView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = access_person(request.user, pk, action="person.anonymise")
        attempt(
            request,
            lambda: privacy.person_anonymise(actor=request.user, person=person, request=request),
            _("Datos de contacto de %(p)s anonimizados; su nombre permanece en el registro histórico.") % {"p": person},
        )
        designation = Designation.objects.filter(person=person).order_by("-start").first()
        return (
            redirect("members:designation-detail", designation.pk) if designation else redirect("members:entity-list")
        )
