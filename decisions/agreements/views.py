"""Pages of agreements: the follow-up board across sessions and one agreement's follow-up (Art. 18.9)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from members.models import Entity, Membership
from mtigm.core import access
from mtigm.core.forms import DateInput, model_choices
from mtigm.core.views import attempt

from ..models import Agreement
from . import selectors, services
from .access import access_agreement


class BoardView(ListView):
    """Follow-up board of agreements across sessions (Art. 18.9), as far as the user may see them."""

    template_name = "decisions/board.html"
    context_object_name = "agreements"
    paginate_by = 50

    def visible(self) -> QuerySet[Agreement]:
        return access.scope_visible(selectors.agreement_list(), access.request_roles(self.request), "agreement")

    def get_queryset(self) -> QuerySet[Agreement]:
        status = self.request.GET.get("estado", "abiertos")
        queryset = self.visible()
        if status == "abiertos":
            return queryset.exclude(status=Agreement.Status.DONE)
        if status in Agreement.Status.values:
            return queryset.filter(status=status)
        return queryset

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Any, Any, Any, bool]:
        # Page the ids, then read the page's agreements with their joins (selectors.agreements_in_order).
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset.values_list("pk", flat=True), page_size)
        page.object_list = selectors.agreements_in_order(ids)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = dict(
            self.visible().order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        context["statuses"] = [(v, label, counts.get(v, 0)) for v, label in Agreement.Status.choices]
        context["open_count"] = sum(n for s, n in counts.items() if s != Agreement.Status.DONE)
        context["current"] = self.request.GET.get("estado", "abiertos")
        context["today"] = timezone.localdate()
        return context


class AgreementForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=Entity.objects.none(), required=False, label=gettext_lazy("Entidad responsable")
    )
    due_date = forms.DateField(required=False, label=gettext_lazy("Plazo"), widget=DateInput())
    status = forms.ChoiceField(choices=Agreement.Status.choices, label=gettext_lazy("Estado"))
    status_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Nota"))
    public = forms.BooleanField(required=False, label=gettext_lazy("Público (calendario y API)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = Membership.objects.current().values("entity_id")
        model_choices(self, "owner").queryset = Entity.objects.filter(pk__in=ids).order_by("acronym")


class AgreementEditView(View):
    template_name = "decisions/agreement_form.html"

    def _context(self, request: HttpRequest, agreement: Agreement, form: AgreementForm) -> dict[str, Any]:
        roles = access.request_roles(request)
        return {
            "agreement": agreement,
            "form": form,
            "can_manage": access.can(roles, "agreement.manage", agreement),
            "can_follow_up": access.can(roles, "agreement.follow_up", agreement),
            "history": agreement.history.select_related("history_user").order_by("-history_date")[:20],
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = access_agreement(request.user, pk)
        form = AgreementForm(
            initial={
                "owner": agreement.owner_id,
                "due_date": agreement.due_date,
                "status": agreement.status,
                "status_note": agreement.status_note,
                "public": agreement.public,
            }
        )
        return render(request, self.template_name, self._context(request, agreement, form))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if "certify" in request.POST:
            agreement = access_agreement(request.user, pk, action="agreement.manage")
            attempt(
                request,
                lambda: services.agreement_certify(actor=request.user, agreement=agreement),
                _("Acuerdo certificado para su ejecución inmediata."),
            )
            return redirect("decisions:agreement", pk=pk)
        agreement = access_agreement(request.user, pk, action="agreement.follow_up")
        form = AgreementForm(request.POST)
        if form.is_valid():
            fields = form.cleaned_data
            if not access.can(access.request_roles(request), "agreement.manage", agreement):
                fields = {name: fields[name] for name in services.FOLLOW_UP_FIELDS}
            done = attempt(
                request,
                lambda: services.agreement_update(actor=request.user, agreement=agreement, **fields),
                _("Seguimiento actualizado."),
            )
            if done:
                return redirect("decisions:agreement", pk=pk)
        return render(request, self.template_name, self._context(request, agreement, form))
