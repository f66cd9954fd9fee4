"""Pages of the decisions app. Thin: they read through selectors and act through services, which
check roles and rules themselves; errors come back as messages naming the article."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from members.models import Entity, EntityKind, Membership
from members.roles import Role, request_roles
from mtigm.core.views import RoleRequiredMixin
from sessions.models import AgendaItem, Session

from . import selectors, services
from .models import Agreement, Application, Ballot, Choice, DecisionKind


def _errors(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or _("Su designación vigente no le permite esta operación.")]


def _attempt(request, action: Callable[[], Any], success: str = "") -> Any:  # type: ignore[no-untyped-def]
    """Run a service; show its refusal (with the article it cites) as a message instead of failing."""
    try:
        result = action()
    except (ValidationError, PermissionDenied) as exc:
        for message in _errors(exc):
            messages.error(request, message)
        return None
    if success:
        messages.success(request, success)
    return result


def _model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field called ``name``; form.fields only knows it is some Field."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class CommissionMixin(RoleRequiredMixin):
    """Any user with a current commission role."""


# Agreements board ---------------------------------------------------------------------------------


class BoardView(CommissionMixin, ListView):
    """Follow-up board of agreements across sessions (Art. 18.9)."""

    template_name = "decisions/board.html"
    context_object_name = "agreements"
    paginate_by = 50

    def get_queryset(self):  # type: ignore[no-untyped-def]
        status = self.request.GET.get("estado", "abiertos")
        queryset = selectors.agreement_list()
        if status == "abiertos":
            return queryset.exclude(status=Agreement.Status.DONE)
        if status in Agreement.Status.values:
            return queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = dict(Agreement.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        context["statuses"] = [(v, label, counts.get(v, 0)) for v, label in Agreement.Status.choices]
        context["open_count"] = sum(n for s, n in counts.items() if s != Agreement.Status.DONE)
        context["current"] = self.request.GET.get("estado", "abiertos")
        context["is_st"] = request_roles(self.request).is_secretariat
        context["today"] = timezone.localdate()
        return context


class AgreementForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=Entity.objects.none(), required=False, label=_lazy("Entidad responsable"))
    due_date = forms.DateField(required=False, label=_lazy("Plazo"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(choices=Agreement.Status.choices, label=_lazy("Estado"))
    status_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_lazy("Nota"))
    public = forms.BooleanField(required=False, label=_lazy("Público (calendario y API)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = Membership.objects.current().values("entity_id")
        _model_choices(self, "owner").queryset = Entity.objects.filter(pk__in=ids).order_by("acronym")


class AgreementEditView(CommissionMixin, View):
    template_name = "decisions/agreement_form.html"

    def _context(self, request, agreement: Agreement, form: AgreementForm) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        roles = request_roles(request)
        return {
            "agreement": agreement,
            "form": form,
            "is_st": roles.is_secretariat,
            "is_owner": agreement.owner_id in roles.entity_ids,
            "history": agreement.history.select_related("history_user").order_by("-history_date")[:20],
        }

    def get(self, request, pk: int):  # type: ignore[no-untyped-def]
        agreement = selectors.access_agreement(pk)
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

    def post(self, request, pk: int):  # type: ignore[no-untyped-def]
        agreement = selectors.access_agreement(pk)
        if "certify" in request.POST:
            _attempt(
                request,
                lambda: services.agreement_certify(actor=request.user, agreement=agreement),
                _("Acuerdo certificado para su ejecución inmediata."),
            )
            return redirect("decisions:agreement", pk=pk)
        form = AgreementForm(request.POST)
        if form.is_valid():
            fields = form.cleaned_data
            if not request_roles(request).is_secretariat:
                fields = {k: fields[k] for k in ("status", "status_note")}
            done = _attempt(
                request,
                lambda: services.agreement_update(actor=request.user, agreement=agreement, **fields),
                _("Seguimiento actualizado."),
            )
            if done:
                return redirect("decisions:agreement", pk=pk)
        return render(request, self.template_name, self._context(request, agreement, form))


# Sessions and ballots -----------------------------------------------------------------------------


class OpenBallotForm(forms.Form):
    agenda_item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label=_lazy("Punto de agenda"))
    kind = forms.ModelChoiceField(
        queryset=DecisionKind.objects.filter(plenary_only=True), label=_lazy("Tipo de decisión"), required=False
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_lazy("Texto de la moción"))

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choices(self, "agenda_item").queryset = session.agenda_items.filter(status=AgendaItem.Status.ACCEPTED)
        if not session.is_plenary:
            del self.fields["kind"]


class SessionDecisionsView(CommissionMixin, TemplateView):
    """Votes, agreements and minutes of one session."""

    template_name = "decisions/session.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = get_object_or_404(Session, pk=kwargs["pk"])
        roles = request_roles(self.request)
        context.update(
            session=session,
            ballots=selectors.ballot_list(session),
            agreements=selectors.agreement_list(session=session),
            minutes=selectors.current_minutes(session),
            can_run=services._can_run_meeting(self.request.user, session),
            is_st=roles.is_secretariat,
            form=OpenBallotForm(session=session),
            in_course=session.state == Session.State.IN_SESSION,
        )
        if session.is_plenary:
            from sessions.selectors import quorum_status

            context["quorum"] = quorum_status(session)
        return context


class BallotOpenView(CommissionMixin, View):
    def post(self, request, pk: int):  # type: ignore[no-untyped-def]
        session = get_object_or_404(Session, pk=pk)
        form = OpenBallotForm(request.POST, session=session)
        if not form.is_valid():
            messages.error(request, _("Revise el punto y el texto de la moción."))
            return redirect("decisions:session", pk=pk)
        ballot = _attempt(
            request,
            lambda: services.ballot_open(
                actor=request.user,
                agenda_item=form.cleaned_data["agenda_item"],
                text=form.cleaned_data["text"],
                kind=form.cleaned_data.get("kind"),
            ),
            _("Votación abierta."),
        )
        if ballot is not None:
            return redirect("decisions:ballot", pk=ballot.pk)
        return redirect("decisions:session", pk=pk)


class ConsensusView(CommissionMixin, View):
    def post(self, request, pk: int):  # type: ignore[no-untyped-def]
        session = get_object_or_404(Session, pk=pk)
        item = get_object_or_404(AgendaItem, pk=request.POST.get("agenda_item"), session=session)
        _attempt(
            request,
            lambda: services.group_decision_by_consensus(
                actor=request.user, agenda_item=item, text=request.POST.get("text", "")
            ),
            _("Acuerdo por consenso registrado."),
        )
        return redirect("decisions:session", pk=pk)


def _ballot_context(request, ballot: Ballot) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    roles = request_roles(request)
    presiding = selectors.presiding_designation(ballot.session) if ballot.state == Ballot.State.TIED else None
    person = getattr(request.user, "person", None)
    return {
        "ballot": ballot,
        "progress": selectors.ballot_progress(ballot),
        "my_vote": selectors.user_vote(ballot, request.user),
        "can_run": services._can_run_meeting(request.user, ballot.session),
        "can_vote": bool(roles.entity_ids) and ballot.is_open,
        "is_member": bool(roles.member_entity_ids),
        "presiding": presiding,
        "can_cast": ballot.state == Ballot.State.TIED
        and (
            roles.is_secretariat or (presiding is not None and person is not None and presiding.person_id == person.pk)
        ),
        "roll_call": selectors.roll_call(ballot) if ballot.is_closed else [],
        "choices": Choice.choices,
    }


class BallotDetailView(CommissionMixin, View):
    template_name = "decisions/ballot_detail.html"

    def get(self, request, pk: int):  # type: ignore[no-untyped-def]
        ballot = selectors.access_ballot(pk)
        return render(request, self.template_name, _ballot_context(request, ballot))


class BallotLiveView(CommissionMixin, View):
    """The part of the ballot page that htmx polls: progress while open, the result when closed."""

    def get(self, request, pk: int):  # type: ignore[no-untyped-def]
        ballot = selectors.access_ballot(pk)
        response = render(request, "decisions/_ballot_live.html", _ballot_context(request, ballot))
        if ballot.is_closed:
            response["HX-Trigger"] = "ballot-closed"
        return response


class BallotActionView(CommissionMixin, View):
    def post(self, request, pk: int, action: str):  # type: ignore[no-untyped-def]
        ballot = selectors.access_ballot(pk)
        choice = request.POST.get("choice", "")
        if action == "votar":
            _attempt(
                request,
                lambda: services.vote_cast(actor=request.user, ballot=ballot, choice=choice),
                _("Su voto quedó registrado."),
            )
        elif action == "cerrar":
            result = _attempt(request, lambda: services.ballot_close(actor=request.user, ballot=ballot))
            if result is not None:
                if result.state == Ballot.State.TIED:
                    messages.warning(request, _("Empate: corresponde el voto dirimente de la Presidencia (Art. 13)."))
                else:
                    messages.success(request, _("Votación cerrada: %(r)s.") % {"r": result.get_outcome_display()})
        elif action == "dirimir":
            _attempt(
                request,
                lambda: services.ballot_cast_deciding_vote(actor=request.user, ballot=ballot, choice=choice),
                _("Voto dirimente registrado."),
            )
        else:
            raise Http404
        if request.htmx:
            ballot = selectors.access_ballot(pk)
            return render(request, "decisions/_ballot_live.html", {**_ballot_context(request, ballot), "flash": True})
        return redirect("decisions:ballot", pk=pk)


class MyBallotsView(CommissionMixin, TemplateView):
    template_name = "decisions/my_ballots.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["ballots"] = selectors.open_ballots_for(self.request.user)
        context["sessions"] = (
            Session.objects.filter(state=Session.State.IN_SESSION).order_by("starts_at")
            if request_roles(self.request).is_secretariat
            else Session.objects.none()
        )
        context["recent"] = Session.objects.filter(state=Session.State.HELD).order_by("-starts_at")[:8]
        return context


# Minutes ------------------------------------------------------------------------------------------


class MinutesView(CommissionMixin, View):
    template_name = "decisions/minutes.html"

    def _context(self, request, session: Session) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        minutes = selectors.current_minutes(session)
        roles = request_roles(request)
        person = getattr(request.user, "person", None)
        context: dict[str, Any] = {
            "session": session,
            "minutes": minutes,
            "versions": selectors.minutes_versions(session).order_by("version"),
            "is_st": roles.is_secretariat,
            "approval_sessions": services._approval_sessions(session),
        }
        if minutes is not None:
            signatures = list(selectors.minutes_signatures(minutes))
            context.update(
                content=minutes.content,
                signatures=signatures,
                expected=selectors.expected_signers(minutes),
                has_signed=person is not None and any(s.person_id == person.pk for s in signatures),
                messages_sent=minutes.sent_at,
            )
        return context

    def get(self, request, session_pk: int):  # type: ignore[no-untyped-def]
        session = get_object_or_404(Session, pk=session_pk)
        return render(request, self.template_name, self._context(request, session))

    def post(self, request, session_pk: int):  # type: ignore[no-untyped-def]
        session = get_object_or_404(Session, pk=session_pk)
        minutes = selectors.current_minutes(session)
        action = request.POST.get("action")
        user = request.user
        if action == "draft":
            _attempt(request, lambda: services.minutes_draft(actor=user, session=session), _("Borrador actualizado."))
        elif minutes is None:
            messages.error(request, _("Primero redacte el borrador."))
        elif action == "save":
            summaries = {k.removeprefix("summary-"): v for k, v in request.POST.items() if k.startswith("summary-")}
            _attempt(
                request,
                lambda: services.minutes_update(
                    actor=user, minutes=minutes, summaries=summaries, observations=request.POST.get("observations", "")
                ),
                _("Borrador guardado."),
            )
        elif action == "approve":
            in_session = get_object_or_404(Session, pk=request.POST.get("in_session"))
            _attempt(
                request,
                lambda: services.minutes_approve(actor=user, minutes=minutes, in_session=in_session),
                _("Acta aprobada. Se está generando el PDF."),
            )
        elif action == "sign":
            _attempt(
                request,
                lambda: services.minutes_sign(actor=user, minutes=minutes, ip_address=request.META.get("REMOTE_ADDR")),
                _("Firmó el acta."),
            )
        elif action == "send":
            sent = _attempt(request, lambda: services.minutes_send(actor=user, minutes=minutes))
            if sent is not None:
                messages.success(request, _("Acta enviada a %(n)s representantes.") % {"n": sent})
        elif action == "correct":
            _attempt(
                request,
                lambda: services.minutes_correct(actor=user, minutes=minutes, reason=request.POST.get("reason", "")),
                _("Nueva versión en borrador para la corrección."),
            )
        elif action == "render":
            _attempt(request, lambda: services.minutes_request_pdf(actor=user, minutes=minutes), _("PDF en cola."))
        return redirect("decisions:minutes", session_pk=session.pk)


class MinutesPdfStatusView(CommissionMixin, View):
    def get(self, request, pk: int):  # type: ignore[no-untyped-def]
        minutes = selectors.access_minutes(pk)
        return render(request, "decisions/_pdf_status.html", {"minutes": minutes})


class MinutesPdfView(CommissionMixin, View):
    """Download the rendered PDF (rendering itself happens in a Celery task)."""

    def get(self, request, pk: int):  # type: ignore[no-untyped-def]
        minutes = selectors.access_minutes(pk)
        field = minutes.archive_pdf if request.GET.get("archivo") else minutes.pdf
        if not field:
            raise Http404(_("El PDF aún no se ha generado."))
        suffix = "-pdfa" if request.GET.get("archivo") else ""
        return FileResponse(
            field.open("rb"),
            content_type="application/pdf",
            filename=f"acta-{minutes.session_id}-v{minutes.version}{suffix}.pdf",
        )


# Applications -------------------------------------------------------------------------------------


class ApplicationListView(CommissionMixin, ListView):
    template_name = "decisions/application_list.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.application_list()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kinds"] = Application.Kind.choices
        context["is_st"] = request_roles(self.request).is_secretariat
        return context


class ApplicationForm(forms.ModelForm):
    backers = forms.ModelMultipleChoiceField(
        queryset=Entity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_lazy("Entidades miembro que proponen o respaldan"),
    )

    class Meta:
        model = Application
        fields = [
            "title",
            "received_on",
            "requested_by_presidency",
            "name",
            "acronym",
            "entity",
            "applicant_email",
            "group",
            "subgroup",
            "norm",
            "reasons",
            "certificate_issued_on",
            "registry_entry_number",
            "registry_office",
            "legal_representative",
            "legal_representative_email",
            "legal_representative_phone",
            "website",
            "address",
            "phones",
            "main_activity",
            "other_data",
            "purpose",
            "purpose_migration_related",
        ]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "certificate_issued_on": forms.DateInput(attrs={"type": "date"}),
            "reasons": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "other_data": forms.Textarea(attrs={"rows": 2}),
        }

    KIND_FIELDS = {
        "member_admission": ["name", "acronym", "entity", "reasons"],
        "observer_admission": ["name", "acronym", "entity", "reasons"],
        "cooperation_agency": ["name", "acronym", "applicant_email", "requested_by_presidency", "backers", "reasons"],
        "cso_admission": [
            "name",
            "acronym",
            "applicant_email",
            "certificate_issued_on",
            "registry_entry_number",
            "registry_office",
            "legal_representative",
            "legal_representative_email",
            "legal_representative_phone",
            "website",
            "address",
            "phones",
            "main_activity",
            "other_data",
            "purpose",
            "purpose_migration_related",
        ],
        "cso_loss": ["entity", "requested_by_presidency", "backers", "reasons"],
        "working_group": ["name", "backers", "reasons"],
        "support_commission": ["name", "backers", "reasons"],
        "coordinator": ["group", "entity", "reasons"],
        "subgroup_lead": ["subgroup", "entity", "reasons"],
        "directive": ["norm", "reasons"],
    }

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = {"title", "received_on", *self.KIND_FIELDS[kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["title"].required = False
        self.fields["received_on"].initial = timezone.localdate()
        if "backers" in self.fields:
            members = Membership.objects.current().filter(kind=EntityKind.MEMBER).values("entity_id")
            _model_choices(self, "backers").queryset = Entity.objects.filter(pk__in=members).order_by("acronym")
        if "entity" in self.fields:
            _model_choices(self, "entity").queryset = Entity.objects.order_by("acronym")
            if kind == "cso_loss":
                _model_choices(self, "entity").queryset = Entity.objects.filter(kind=EntityKind.CIVIL_SOCIETY).order_by(
                    "name"
                )


class ApplicationCreateView(CommissionMixin, View):
    template_name = "decisions/application_form.html"
    required_roles = (Role.SECRETARIAT,)

    def _kind(self, request) -> str:  # type: ignore[no-untyped-def]
        kind = request.GET.get("tipo") or request.POST.get("tipo") or ""
        if kind not in Application.Kind.values:
            raise Http404
        return kind

    def get(self, request):  # type: ignore[no-untyped-def]
        kind = self._kind(request)
        form = ApplicationForm(kind=kind)
        return render(
            request, self.template_name, {"form": form, "kind": kind, "kind_label": Application.Kind(kind).label}
        )

    def post(self, request):  # type: ignore[no-untyped-def]
        kind = self._kind(request)
        form = ApplicationForm(request.POST, kind=kind)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k == "requested_by_presidency"}
            backers = list(data.pop("backers", []))
            try:
                application = services.application_submit(actor=request.user, kind=kind, backers=backers, **data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Solicitud registrada."))
                return redirect("decisions:application", pk=application.pk)
        return render(
            request, self.template_name, {"form": form, "kind": kind, "kind_label": Application.Kind(kind).label}
        )


class ApplicationDetailView(CommissionMixin, View):
    template_name = "decisions/application_detail.html"

    def get(self, request, pk: int):  # type: ignore[no-untyped-def]
        application = selectors.access_application(pk)
        roles = request_roles(request)
        upcoming = Session.objects.exclude(
            state__in=[Session.State.HELD, Session.State.CANCELLED, Session.State.POSTPONED]
        ).order_by("starts_at")[:12]
        return render(
            request,
            self.template_name,
            {
                "application": application,
                "backers": application.backers.order_by("acronym"),
                "is_st": roles.is_secretariat,
                "is_member": bool(roles.member_entity_ids),
                "upcoming": upcoming,
                "today": timezone.localdate(),
                "decree_states": Application.DecreeState.choices[1:],
            },
        )

    def post(self, request, pk: int):  # type: ignore[no-untyped-def]
        application = selectors.access_application(pk)
        action = request.POST.get("action")
        user = request.user
        if action == "schedule":
            session = get_object_or_404(Session, pk=request.POST.get("session"))
            _attempt(
                request,
                lambda: services.application_schedule(actor=user, application=application, session=session),
                _("Solicitud puesta en agenda."),
            )
        elif action == "open_ballot":
            ballot = _attempt(request, lambda: services.application_open_ballot(actor=user, application=application))
            if ballot is not None:
                return redirect("decisions:ballot", pk=ballot.pk)
        elif action == "back":
            _attempt(
                request,
                lambda: services.application_back(actor=user, application=application),
                _("Respaldo registrado."),
            )
        elif action == "accept":
            post = request.POST

            def person(prefix: str) -> dict[str, str]:
                return {f: post.get(f"{prefix}_{f}", "").strip() for f in ("first_name", "last_name", "email", "phone")}

            try:
                accepted_on = datetime.date.fromisoformat(post.get("accepted_on", ""))
            except ValueError:
                messages.error(request, _("Indique la fecha de aceptación."))
            else:
                _attempt(
                    request,
                    lambda: services.application_accept(
                        actor=user,
                        application=application,
                        accepted_on=accepted_on,
                        titular=person("titular"),
                        alternate=person("alternate"),
                    ),
                    _("Aceptación registrada; representantes designados."),
                )
        elif action == "decree":
            _attempt(
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
