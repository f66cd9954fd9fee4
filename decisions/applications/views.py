"""Pages of the procedures before the Plenary: admissions, invitations, groups, coordinators, directives."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from directives.models import Norm
from members.models import Entity, EntityKind, Membership
from mtigm.core import access
from mtigm.core.forms import ModelForm, model_choices
from mtigm.core.views import add_form_errors, attempt
from sessions.access import access_session
from sessions.models import Session

from ..models import Application
from . import selectors, services
from .access import access_application


class ApplicationListView(ListView):
    template_name = "decisions/application_list.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Application]:
        roles = access.request_roles(self.request)
        return access.scope_visible(selectors.application_list(), roles, "application")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kinds"] = Application.Kind.choices
        context["can_manage"] = access.can(access.request_roles(self.request), "application.manage")
        return context


class ApplicationForm(ModelForm):
    backers = forms.ModelMultipleChoiceField(
        queryset=Entity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Entidades miembro que proponen o respaldan"),
    )

    class Meta(ModelForm.Meta):
        model = Application
        fields = services.APPLICATION_FIELDS
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "certificate_issued_on": forms.DateInput(attrs={"type": "date"}),
            "reasons": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "other_data": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = {"title", "received_on", *services.PROCEDURES[kind].fields}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["title"].required = False
        self.fields["received_on"].initial = timezone.localdate()
        if "backers" in self.fields:
            members = Membership.objects.current().filter(kind=EntityKind.MEMBER).values("entity_id")
            model_choices(self, "backers").queryset = Entity.objects.filter(pk__in=members).order_by("acronym")
        if "norm" in self.fields:
            # Only a draft directive goes to the Plenary for approval (R24).
            model_choices(self, "norm").queryset = Norm.objects.filter(
                kind=Norm.Kind.DIRECTIVE, status=Norm.Status.DRAFT, approved_on__isnull=True
            ).order_by("code")
        if "entity" in self.fields:
            entities = Entity.objects.order_by("acronym")
            if kind == "cso_loss":
                entities = Entity.objects.filter(kind=EntityKind.CIVIL_SOCIETY).order_by("name")
            model_choices(self, "entity").queryset = entities


class ApplicationCreateView(View):
    template_name = "decisions/application_form.html"

    def _kind(self, request: HttpRequest) -> str:
        kind = request.GET.get("tipo") or request.POST.get("tipo") or ""
        if kind not in Application.Kind.values:
            raise Http404
        return kind

    def _render(self, request: HttpRequest, form: ApplicationForm, kind: str) -> HttpResponse:
        context = {"form": form, "kind": kind, "kind_label": Application.Kind(kind).label}
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        kind = self._kind(request)
        return self._render(request, ApplicationForm(kind=kind), kind)

    def post(self, request: HttpRequest) -> HttpResponse:
        kind = self._kind(request)
        form = ApplicationForm(request.POST, kind=kind)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k == "requested_by_presidency"}
            backers = list(data.pop("backers", []))
            try:
                application = services.application_submit(actor=request.user, kind=kind, backers=backers, **data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Solicitud registrada."))
                return redirect("decisions:application", pk=application.pk)
        return self._render(request, form, kind)


def _person(post: Any, prefix: str) -> dict[str, str]:
    return {f: post.get(f"{prefix}_{f}", "").strip() for f in ("first_name", "last_name", "email", "phone")}


class ApplicationDetailView(View):
    template_name = "decisions/application_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = access_application(request.user, pk)
        roles = access.request_roles(request)
        upcoming = Session.objects.exclude(
            state__in=[Session.State.HELD, Session.State.CANCELLED, Session.State.POSTPONED]
        ).order_by("starts_at")[:12]
        return render(
            request,
            self.template_name,
            {
                "application": application,
                "backers": application.backers.order_by("acronym"),
                "can_manage": access.can(roles, "application.manage", application),
                "can_back": access.can(roles, "application.back", application),
                "upcoming": upcoming,
                "today": timezone.localdate(),
                "decree_states": Application.DecreeState.choices[1:],
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = access_application(request.user, pk, action=access.route_permission(request))
        action = request.POST.get("action")
        user = request.user
        if action == "schedule":
            session = access_session(user, request.POST.get("session"))
            attempt(
                request,
                lambda: services.application_schedule(actor=user, application=application, session=session),
                _("Solicitud puesta en agenda."),
            )
        elif action == "open_ballot":
            ballot = attempt(request, lambda: services.application_open_ballot(actor=user, application=application))
            if ballot is not None:
                return redirect("decisions:ballot", pk=ballot.pk)
        elif action == "back":
            attempt(
                request,
                lambda: services.application_back(actor=user, application=application),
                _("Respaldo registrado."),
            )
        elif action == "accept":
            try:
                accepted_on = datetime.date.fromisoformat(request.POST.get("accepted_on", ""))
            except ValueError:
                messages.error(request, _("Indique la fecha de aceptación."))
            else:
                attempt(
                    request,
                    lambda: services.application_accept(
                        actor=user,
                        application=application,
                        accepted_on=accepted_on,
                        titular=_person(request.POST, "titular"),
                        alternate=_person(request.POST, "alternate"),
                    ),
                    _("Aceptación registrada; representantes designados."),
                )
        elif action == "decree":
            attempt(
                request,
                lambda: services.application_set_decree(
                    actor=user,
                    application=application,
                    decree_state=request.POST.get("decree_state", ""),
                    reference=request.POST.get("reference", ""),
                ),
                _("Estado del decreto supremo actualizado."),
            )
        return redirect(reverse("decisions:application", args=[pk]))
