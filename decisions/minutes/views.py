"""Pages of the minutes (acta): the draft, its approval, signatures, PDF and delivery (Art. 14)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from members.models import Entity
from mtigm.core import access
from mtigm.core.files import ProtectedFileView, file_download
from mtigm.core.views import attempt, plain_int, throttle
from sessions.access import access_session
from sessions.models import Session

from . import selectors, services
from .access import access_minutes


class MinutesView(View):
    template_name = "decisions/minutes.html"

    def _context(self, request: HttpRequest, session: Session) -> dict[str, Any]:
        minutes = selectors.current_minutes(session)
        roles = access.request_roles(request)
        person = getattr(request.user, "person", None)
        context: dict[str, Any] = {
            "session": session,
            "minutes": minutes,
            "versions": selectors.minutes_versions(session).order_by("version"),
            "can_manage": access.can(roles, "minutes.manage"),
            "approval_sessions": services.approval_sessions(session),
        }
        if minutes is not None:
            status = selectors.signature_status(minutes)
            signed = {s.person_id for s in status.secretariat} | {
                s.person_id for row in status.entities for s in row.signatures
            }
            attended = {p.pk for row in status.entities for p in row.attendees}
            # Only those who may sign see the button: the ST, and the attendees not yet signed.
            may_sign = person is not None and (access.can(roles, "minutes.manage", minutes) or person.pk in attended)
            context.update(
                content=minutes.content,
                status=status,
                can_sign=minutes.is_approved and may_sign and person is not None and person.pk not in signed,
                messages_sent=minutes.sent_at,
            )
        return context

    def get(self, request: HttpRequest, session_pk: int) -> HttpResponse:
        session = access_session(request.user, session_pk, action="proceedings.view")
        return render(request, self.template_name, self._context(request, session))

    def post(self, request: HttpRequest, session_pk: int) -> HttpResponse:
        session = access_session(request.user, session_pk, action="proceedings.view")
        minutes = selectors.current_minutes(session)
        if minutes is not None:
            # The action's own permission, asked of this acta before anything is read (403).
            access.require(request.user, access.route_permission(request), minutes)
        action = request.POST.get("action")
        user = request.user
        if action == "draft":
            attempt(request, lambda: services.minutes_draft(actor=user, session=session), _("Borrador actualizado."))
        elif minutes is None:
            messages.error(request, _("Primero redacte el borrador."))
        elif action == "save":
            summaries = {
                k.removeprefix("summary-"): request.POST.get(k, "") for k in request.POST if k.startswith("summary-")
            }
            attempt(
                request,
                lambda: services.minutes_update(
                    actor=user, minutes=minutes, summaries=summaries, observations=request.POST.get("observations", "")
                ),
                _("Borrador guardado."),
            )
        elif action == "approve":
            in_session = access_session(user, request.POST.get("in_session"))
            attempt(
                request,
                lambda: services.minutes_approve(actor=user, minutes=minutes, in_session=in_session),
                _("Acta aprobada. Se está generando el PDF."),
            )
        elif action == "sign":
            attempt(
                request,
                lambda: services.minutes_sign(actor=user, minutes=minutes, ip_address=request.META.get("REMOTE_ADDR")),
                _("Firmó el acta."),
            )
        elif action == "scan":
            entity_ids = [n for n in map(plain_int, request.POST.getlist("entities")) if n is not None]
            attempt(
                request,
                lambda: services.minutes_upload_scan(
                    actor=user,
                    minutes=minutes,
                    file=request.FILES.get("file"),
                    entities=list(Entity.objects.filter(pk__in=entity_ids).order_by("acronym")),
                ),
                _("Firmas en papel registradas con el acta escaneada."),
            )
        elif action == "send":
            sent = attempt(request, lambda: services.minutes_send(actor=user, minutes=minutes))
            if sent is not None:
                messages.success(request, _("Acta enviada a %(n)s representantes.") % {"n": sent})
        elif action == "correct":
            attempt(
                request,
                lambda: services.minutes_correct(actor=user, minutes=minutes, reason=request.POST.get("reason", "")),
                _("Nueva versión en borrador para la corrección."),
            )
        elif action == "render":
            throttle(request, "render")
            attempt(request, lambda: services.minutes_request_pdf(actor=user, minutes=minutes), _("PDF en cola."))
        return redirect("decisions:minutes", session_pk=session.pk)


class MinutesPdfStatusView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        minutes = access_minutes(request.user, pk)
        return render(request, "decisions/_pdf_status.html", {"minutes": minutes})


class MinutesPdfView(ProtectedFileView):
    """Download the rendered PDF (rendering itself happens in a Celery task)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        minutes = access_minutes(request.user, pk)
        archival = bool(request.GET.get("archivo"))
        field = minutes.archive_pdf if archival else minutes.pdf
        suffix = "-pdfa" if archival else ""
        return file_download(
            request, field, filename=f"acta-{minutes.session_id}-v{minutes.version}{suffix}.pdf", inline=True
        )
