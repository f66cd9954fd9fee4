"""Pages of the Global Compact follow-up. Thin: objects come from ``access_*`` helpers, reads from
selectors, writes go through services (which check permissions again); a refusal is shown with
its reason, on the form's field when it names one."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from members.models import Entity
from mtigm.core import access, audit
from mtigm.core.exports import spreadsheet_text
from mtigm.core.files import ProtectedFileView, file_download
from mtigm.core.views import add_form_errors, attempt

from . import selectors, services
from .access import (
    access_consultation,
    access_contribution,
    access_contribution_document,
    access_entity_for_focal_points,
    access_focal_point,
)
from .forms import ConsultationForm, ContributionForm, EndForm, FocalPointForm
from .models import Consultation, Contribution, ReferenceItem, ThematicArea


def _can(request: HttpRequest, permission: str, obj: Any = None) -> bool:
    return access.can(access.request_roles(request), permission, obj)


class HomeView(View):
    """The reference data: objectives by thematic area, principles, SDG 10.7, the Lineamientos."""

    def get(self, request: HttpRequest) -> HttpResponse:
        items = list(selectors.reference_items())
        context = {
            "areas": list(selectors.areas()),
            "objectives": list(selectors.objectives()),
            "principles": [i for i in items if i.kind == ReferenceItem.Kind.PRINCIPLE],
            "sdg": [i for i in items if i.kind in (ReferenceItem.Kind.SDG_TARGET, ReferenceItem.Kind.SDG_INDICATOR)],
            "axes": [i for i in items if i.kind == ReferenceItem.Kind.POLICY_AXIS],
        }
        return render(request, "compact/home.html", context)


class FocalPointListView(View):
    """Focal points per entity, current and past; contact data only for who may see it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        roles = access.request_roles(request)
        history = request.GET.get("historial") == "1"
        points = selectors.focal_points_visible(roles, current=not history)
        entity_id = request.GET.get("entidad", "")
        if entity_id.isascii() and entity_id.isdigit():
            points = points.filter(entity_id=int(entity_id))
        groups: dict[Entity, list[Any]] = {}
        for point in points:
            groups.setdefault(point.entity, []).append(point)
        own = set(roles.entity_ids)
        manageable = list(
            selectors.commission_entities()
            if _can(request, "focal_point.coverage")
            else Entity.objects.filter(pk__in=own)
        )
        context = {
            "groups": list(groups.items()),
            "manageable": [e for e in manageable if access.can(roles, "focal_point.manage", e, subject="entity")],
            "history": history,
            "can_cover": _can(request, "focal_point.coverage"),
            "end_form": EndForm(initial={"end": timezone.localdate()}),
            "roles": roles,
        }
        return render(request, "compact/focal_points.html", context)


class FocalPointAddView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entity = access_entity_for_focal_points(request.user, pk)
        return render(request, "compact/focal_point_form.html", {"entity": entity, "form": FocalPointForm()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entity = access_entity_for_focal_points(request.user, pk)
        form = FocalPointForm(request.POST)
        if form.is_valid():
            try:
                services.focal_point_create(actor=request.user, entity=entity, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Punto focal registrado."))
                return redirect(f"{_url('compact:focal-points')}?entidad={entity.pk}")
        return render(request, "compact/focal_point_form.html", {"entity": entity, "form": form}, status=400)


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


class FocalPointEndView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        point = access_focal_point(request.user, pk, action="focal_point.manage")
        form = EndForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
        else:
            attempt(
                request,
                lambda: services.focal_point_end(
                    actor=request.user,
                    focal_point=point,
                    end=form.cleaned_data["end"],
                    reason=form.cleaned_data["reason"],
                ),
                _("Punto focal dado de término."),
            )
        return redirect(f"{_url('compact:focal-points')}?entidad={point.entity_id}")


class CoverageView(View):
    """For the ST: objectives and areas without a focal point in office."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "compact/coverage.html", {"coverage": selectors.coverage()})


class ConsultationListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "consultations": list(selectors.consultations_visible(access.request_roles(request))),
            "can_manage": _can(request, "consultation.manage"),
            "form": ConsultationForm() if _can(request, "consultation.manage") else None,
        }
        return render(request, "compact/consultations.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ConsultationForm(request.POST)
        if form.is_valid():
            try:
                consultation = services.consultation_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Consulta creada en borrador: revísela y ábrala."))
                return redirect("compact:consultation", pk=consultation.pk)
        context = {
            "consultations": list(selectors.consultations_visible(access.request_roles(request))),
            "can_manage": True,
            "form": form,
        }
        return render(request, "compact/consultations.html", context, status=400)


class InformeView(View):
    """The Informe País: per thematic area and objective, the accepted contributions in a table
    (entity, strategy or action, result, challenges), as the 2022 thesis's tables 9 to 13."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        consultation = access_consultation(request.user, pk, action="consultation.report")
        context = selectors.informe_context(consultation)
        context["can_write"] = _can(request, "consultation.manage") and consultation.state != Consultation.State.DRAFT
        return render(request, "compact/informe.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        consultation = access_consultation(request.user, pk, action="consultation.manage")
        raw = request.POST.get("area", "")
        area = ThematicArea.objects.filter(number=int(raw)).first() if raw.isascii() and raw.isdigit() else None
        if area is None:
            messages.error(request, _("Elija un área temática."))
        else:
            text = request.POST.get("text", "")
            attempt(
                request,
                lambda: services.informe_narrative_save(
                    actor=request.user, consultation=consultation, area=area, text=text
                ),
                _("Narrativa guardada."),
            )
        return redirect(f"{_url('compact:informe', pk)}#area-{raw if area else ''}")


class ConsultationView(View):
    """A consultation: the ST opens, closes and follows who has not answered; each invited entity
    files its contributions here."""

    def _context(
        self, request: HttpRequest, consultation: Consultation, form: ContributionForm | None
    ) -> dict[str, Any]:
        roles = access.request_roles(request)
        manage = _can(request, "consultation.manage")
        invited = list(consultation.invited.all())
        filing = selectors.filing_entity_ids(roles)
        own_invited = [e for e in invited if e.pk in filing]
        contributions = selectors.contributions_visible(roles).filter(consultation=consultation)
        return {
            "consultation": consultation,
            "invited": invited,
            "contributions": list(contributions),
            "can_manage": manage,
            "pending": list(selectors.pending_entities(consultation)) if manage else [],
            "own_invited": own_invited,
            "can_contribute": bool(own_invited)
            and consultation.state == Consultation.State.OPEN
            and _can(request, "contribution.write"),
            "form": form or ContributionForm(consultation=consultation, roles=roles),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        consultation = access_consultation(request.user, pk)
        return render(request, "compact/consultation.html", self._context(request, consultation, None))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        if action in ("open", "close"):
            consultation = access_consultation(request.user, pk, action="consultation.manage")
            service = services.consultation_open if action == "open" else services.consultation_close
            done = (
                _("Consulta abierta: se encolaron las convocatorias.") if action == "open" else _("Consulta cerrada.")
            )
            attempt(request, lambda: service(actor=request.user, consultation=consultation), done)
            return redirect("compact:consultation", pk=pk)
        if action != "contribute":
            raise Http404
        consultation = access_consultation(request.user, pk)
        form = ContributionForm(request.POST, consultation=consultation, roles=access.request_roles(request))
        entity = _posted_entity(request)
        if form.is_valid():
            try:
                contribution = services.contribution_create(
                    actor=request.user, consultation=consultation, entity=entity, **form.cleaned_data
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Aporte guardado en borrador: envíelo cuando esté completo."))
                return redirect("compact:contribution", pk=contribution.pk)
        return render(request, "compact/consultation.html", self._context(request, consultation, form), status=400)


def _posted_entity(request: HttpRequest) -> Entity | None:
    raw = request.POST.get("entity", "")
    if not (raw.isascii() and raw.isdigit()):
        return None
    filing = selectors.filing_entity_ids(access.request_roles(request))
    return Entity.objects.filter(pk=int(raw), pk__in=filing).first()


class ContributionView(View):
    def _render(
        self, request: HttpRequest, contribution: Contribution, form: ContributionForm | None, status: int = 200
    ) -> HttpResponse:
        roles = access.request_roles(request)
        # Only the links the viewer may see are shown (and offered again in the form).
        plan_products = list(
            access.scope_visible(contribution.plan_products.select_related("subgroup"), roles, "plan_line")
        )
        agreements = list(
            access.scope_visible(
                contribution.agreements.select_related("session__group", "session__subgroup"), roles, "agreement"
            )
        )
        editable = contribution.state in (Contribution.State.DRAFT, Contribution.State.RETURNED)
        can_write = access.can(roles, "contribution.write", contribution) and editable
        context = {
            "contribution": contribution,
            "consultation": contribution.consultation,
            "can_write": can_write and contribution.consultation.state == Consultation.State.OPEN,
            "can_review": access.can(roles, "contribution.review", contribution)
            and contribution.state == Contribution.State.SUBMITTED,
            "form": form
            or ContributionForm(
                consultation=contribution.consultation,
                roles=roles,
                initial={
                    **{name: getattr(contribution, name) for name in services.CONTRIBUTION_FIELDS},
                    "plan_products": plan_products,
                    "agreements": agreements,
                },
            ),
            "plan_products": plan_products,
            "agreements": agreements,
            "history": list(contribution.history.order_by("-history_date")[:20]),
        }
        return render(request, "compact/contribution.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, access_contribution(request.user, pk), None)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        permission = {
            "save": "contribution.write",
            "attach": "contribution.write",
            "submit": "contribution.write",
            "return": "contribution.review",
            "accept": "contribution.review",
        }.get(action)
        if permission is None:
            raise Http404
        contribution = access_contribution(request.user, pk, action=permission)
        actor = request.user
        if action == "save":
            form = ContributionForm(
                request.POST, consultation=contribution.consultation, roles=access.request_roles(request)
            )
            if not form.is_valid():
                return self._render(request, contribution, form, status=400)
            try:
                services.contribution_update(actor=actor, contribution=contribution, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
                return self._render(request, contribution, form, status=400)
            messages.success(request, _("Aporte guardado."))
        elif action == "attach":
            attempt(
                request,
                lambda: services.contribution_attach(
                    actor=actor,
                    contribution=contribution,
                    file=request.FILES.get("file"),
                    title=request.POST.get("title", ""),
                ),
                _("Documento de sustento adjuntado."),
            )
        elif action == "submit":
            # The button sits in the edit form: what is on screen is saved, then sent, or neither.
            form = ContributionForm(
                request.POST, consultation=contribution.consultation, roles=access.request_roles(request)
            )
            if not form.is_valid():
                return self._render(request, contribution, form, status=400)
            try:
                with transaction.atomic():
                    services.contribution_update(actor=actor, contribution=contribution, **form.cleaned_data)
                    services.contribution_submit(actor=actor, contribution=contribution)
            except ValidationError as exc:
                add_form_errors(form, exc)
                return self._render(request, contribution, form, status=400)
            messages.success(request, _("Aporte enviado a la Secretaría Técnica."))
        elif action == "return":
            observations = request.POST.get("observations", "")
            attempt(
                request,
                lambda: services.contribution_return(actor=actor, contribution=contribution, observations=observations),
                _("Aporte devuelto con observaciones."),
            )
        else:
            attempt(
                request,
                lambda: services.contribution_accept(
                    actor=actor, contribution=contribution, observations=request.POST.get("observations", "")
                ),
                _("Aporte aceptado para el Informe País."),
            )
        return redirect("compact:contribution", pk=pk)


class ContributionDocumentView(ProtectedFileView):
    """Download an evidence document: whoever may see its contribution (the access layer decides)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        document = access_contribution_document(request.user, pk)
        return file_download(request, document.file)


_cell = spreadsheet_text


class ContributionsXlsxView(ProtectedFileView):
    """All contributions of a consultation the user may see, one row each, as XLSX (the address the
    API gives as ``contributions_xlsx``; it takes the API token too)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from openpyxl import Workbook

        consultation = access_consultation(request.user, pk, action="consultation.report")
        rows = (
            selectors.contributions_visible(access.request_roles(request))
            .filter(consultation=consultation)
            .prefetch_related("objective__areas")
        )
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=str(_("Aportes"))[:31])
        sheet.append(
            [
                str(_("Áreas temáticas")),
                str(_("Objetivo")),
                str(_("Entidad")),
                str(_("Criterio")),
                str(_("Título")),
                str(_("Estrategia o acción")),
                str(_("Periodo")),
                str(_("Resultados")),
                str(_("Dificultades o desafíos")),
                str(_("Estado")),
                str(_("Enviado el")),
            ]
        )
        for c in rows:
            submitted = timezone.localtime(c.submitted_at).replace(tzinfo=None) if c.submitted_at else None
            sheet.append(
                [
                    ", ".join(str(area.number) for area in c.objective.areas.all()),
                    c.objective.number,
                    _cell(c.entity.acronym),
                    str(c.get_criterion_display()),
                    _cell(c.title),
                    _cell(c.description),
                    _cell(c.period),
                    _cell(c.results),
                    _cell(c.difficulties_challenges),
                    str(c.get_state_display()),
                    submitted,
                ]
            )
        buffer = io.BytesIO()
        book.save(buffer)
        name = f"aportes-consulta-{consultation.pk}.xlsx"
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        audit.record(audit.Kind.EXPORT, request=request, detail=name)
        return response
