"""Pages of the sessions app. Views are thin: they fetch through ``access_*`` helpers, parse input, call
a service and show its answer; who may open each page is the access matrix's."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from directives.calendar import add_business_days
from directives.rules import rule
from members.access import access_entity, access_person
from members.models import Designation, Entity
from mtigm.core import access, attachments
from mtigm.core.errors import answer_for
from mtigm.core.files import ProtectedFileView, file_download
from mtigm.core.models import OutboundMessage
from mtigm.core.outbox import messages_for, outbox_resend
from mtigm.core.versioned import versioned
from mtigm.core.views import add_form_errors, attempt, plain_int, throttle

from . import message_kinds, selectors, services
from .access import (
    access_agenda_document,
    access_agenda_item,
    access_attendance,
    access_session,
    access_session_request,
)
from .forms import (
    AbsenceForm,
    AgendaItemForm,
    AgreementItemForm,
    DocumentForm,
    ReasonForm,
    RequestForm,
    RescheduleForm,
    SessionEditForm,
    SessionForm,
)
from .ics import calendar_for
from .models import AgendaItem, ExtraordinarySessionRequest, Session

State = Session.State


PAST_PER_PAGE = 25
REQUESTS_PER_PAGE = 20
UPCOMING_LIMIT = 60
NOT_TAKING_PLACE = (State.CANCELLED, State.POSTPONED)


class SessionListView(TemplateView):
    template_name = "sessions/session_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user_roles = access.request_roles(self.request)
        queryset = selectors.visible_sessions(user_roles)
        kind = self.request.GET.get("kind", "")
        state = self.request.GET.get("state", "")
        year = self.request.GET.get("year", "")
        if kind in Session.Kind.values:
            queryset = queryset.filter(kind=kind)
        if state in State.values:
            queryset = queryset.filter(state=state)
        year_number = plain_int(year)
        if year_number is not None:
            queryset = queryset.filter(starts_at__year=year_number)
        now = timezone.now()
        cutoff = now - datetime.timedelta(hours=12)
        # Past sessions grow with the commission's history: a page at a time; upcoming ones are few.
        past = Paginator(queryset.filter(starts_at__lt=cutoff).order_by("-starts_at", "-pk"), PAST_PER_PAGE)
        page = past.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        # A cancelled or postponed session will not take place on its date: it leaves "Próximas"
        # and is listed on its own until its date passes, then with the past ones.
        coming = queryset.filter(starts_at__gte=cutoff).order_by("starts_at")
        context.update(
            upcoming=list(coming.exclude(state__in=NOT_TAKING_PLACE)[:UPCOMING_LIMIT]),
            set_aside=list(coming.filter(state__in=NOT_TAKING_PLACE)[:UPCOMING_LIMIT]),
            past=page.object_list,
            past_page=page,
            query=query.urlencode(),
            kinds=Session.Kind.choices,
            states=State.choices,
            filters={"kind": kind, "state": state, "year": year},
            years=sorted({d.year for d in queryset.dates("starts_at", "year")}, reverse=True),
            can_create=access.can(user_roles, "session.create"),
            can_see_compliance=access.can(user_roles, "session.compliance"),
        )
        return context


def _chosen_day(form: Any) -> datetime.date | None:
    """The date the form holds (typed, or prefilled), for the notice hints; None when there is none."""
    raw = form.data.get("day") if form.is_bound else form.initial.get("day")
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw or ""))
    except ValueError:
        return None


class NoticeHintsMixin:
    """The notice of Art. 11 shown beside the date: the last day to call for a session on the chosen
    date, and the first day a session may be held if called today, for each plenary kind.

    Without JavaScript the hints follow the date on reload and with the "Calcular" button (a POST
    named ``calculate`` that re-renders the form unsaved); with it, the form's data-estimate-target
    asks the same page with ``estimate=1`` and swaps in the fragment.
    """

    request: HttpRequest
    hints_template = "sessions/partials/notice_hints.html"

    def notice_context(self, day: datetime.date | None) -> dict[str, Any]:
        return {"chosen_day": day, "hints": selectors.notice_hints(day, today=timezone.localdate())}

    def estimate_response(self) -> HttpResponse | None:
        if not self.request.GET.get("estimate"):
            return None
        form = SessionForm(initial={"day": self.request.GET.get("day", "")})
        return render(self.request, self.hints_template, self.notice_context(_chosen_day(form)))

    @staticmethod
    def recalculated(request: HttpRequest) -> dict[str, Any]:
        """What the user typed, as the initial values of an unbound form (shown, not validated)."""
        data = request.POST.dict()
        data.pop("csrfmiddlewaretoken", None)
        data.pop("calculate", None)
        return data


class SessionCreateView(NoticeHintsMixin, TemplateView):
    template_name = "sessions/session_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.estimate_response() or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or SessionForm(
            initial={
                "kind": self.request.GET.get("kind", Session.Kind.ORDINARY),
                "place": _("Sala de sesiones, Cancillería"),
                "day": self.request.GET.get("day", ""),
            }
        )
        context["form"] = form
        context["proposals"] = {
            "ordinary": selectors.proposed_number("ordinary", False),
            "extraordinary": selectors.proposed_number("extraordinary", False),
            "extended": selectors.proposed_number("ordinary", True),
        }
        context.update(self.notice_context(_chosen_day(form)))
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        if "calculate" in request.POST:
            return self.render_to_response(self.get_context_data(form=SessionForm(initial=self.recalculated(request))))
        form = SessionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.session_create(
                    actor=request.user,
                    kind=data["kind"],
                    extended=data["extended"],
                    starts_at=form.starts_at(),
                    ends_at=form.ends_at(),
                    place=data["place"],
                    video_link=data["video_link"],
                    group=data["group"],
                    subgroup=data["subgroup"],
                    number=data["number"],
                    request=data["request"],
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(
                    request, _("Se programó la %(title)s. Agregue la agenda y cítela.") % {"title": session.title}
                )
                return redirect("sessions:detail", pk=session.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SessionEditView(NoticeHintsMixin, TemplateView):
    """Edit a draft (date, hour, place, kind) until it is called; its agenda is written on its page.

    Once called, a session is rescheduled instead: the page sends the user back to it with the
    reason, and a POST is answered 409 by the service's refusal.
    """

    template_name = "sessions/session_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        session = access_session(request.user, kwargs["pk"], action="session.manage")
        estimate = self.estimate_response()
        if estimate is not None:
            return estimate
        if session.state != State.DRAFT:
            messages.error(request, str(NOT_A_DRAFT))
            return redirect("sessions:detail", pk=session.pk)
        return self.render_to_response(self.get_context_data(session=session))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = kwargs["session"]
        form = kwargs.get("form") or SessionEditForm(session=session)
        context.update(session=session, form=form, editing=True)
        context.update(self.notice_context(_chosen_day(form)))
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = access_session(request.user, pk, action="session.manage")
        if "calculate" in request.POST:
            form = SessionEditForm(initial=self.recalculated(request), session=session)
            return self.render_to_response(self.get_context_data(session=session, form=form))
        form = SessionEditForm(request.POST, session=session)
        status = 200
        if session.state != State.DRAFT:
            # Refused before the input is read: whatever was typed, a called session is not edited.
            form.add_error(None, str(NOT_A_DRAFT))
            status = 409
        elif form.is_valid():
            data = form.cleaned_data
            kind = {"kind": data["kind"], "extended": data["extended"]} if "kind" in form.fields else {}
            try:
                session = services.session_update(
                    actor=request.user,
                    session=session,
                    starts_at=form.starts_at(),
                    ends_at=form.ends_at(),
                    place=data["place"],
                    video_link=data["video_link"],
                    **kind,
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
                answer = answer_for(exc)
                status = answer.status if answer else 400
            else:
                messages.success(request, _("Se guardaron los cambios de la %(title)s.") % {"title": session.title})
                return redirect("sessions:detail", pk=session.pk)
        return self.render_to_response(self.get_context_data(session=session, form=form), status=status)


# Shown when a called (or later) session is opened for editing: the service's own refusal text.
NOT_A_DRAFT = gettext_lazy("Solo se editan sesiones en borrador; una sesión citada se reprograma.")


class SessionDetailView(TemplateView):
    template_name = "sessions/session_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = access_session(self.request.user, kwargs["pk"])
        user_roles = access.request_roles(self.request)
        today = timezone.localdate()
        items = list(session.agenda_items.select_related("presenter", "proposed_by").prefetch_related("documents"))
        # Documents of the working groups' libraries linked to each item.
        attachments.attach("agenda_item", user_roles, items)
        attendances = list(selectors.attendance_list(session))
        person = getattr(self.request.user, "person", None)
        my_attendance = next((a for a in attendances if person and a.person_id == person.pk), None)
        called_ids = selectors.entity_ids_called(session)
        represents_called = bool(user_roles.entity_ids & called_ids)
        extension_deadline = None
        if session.called_on:
            window = rule("session.agenda_extension_business_days", on=session.called_on)
            extension_deadline = add_business_days(session.called_on, int(window.value))
        manage = access.can(user_roles, "session.manage", session)
        can_see_messages = access.can(user_roles, "session.messages", session)
        context.update(
            session=session,
            items=[i for i in items if i.status == AgendaItem.Status.ACCEPTED],
            proposals=[i for i in items if i.status != AgendaItem.Status.ACCEPTED],
            attendances=attendances,
            absences=session.absences.select_related("entity").order_by("entity__acronym"),
            transitions=session.transitions.select_related("actor").order_by("at", "pk"),
            can_manage=manage,
            is_today=timezone.localdate(session.starts_at) == today,
            my_attendance=my_attendance,
            can_sign_in=represents_called
            and my_attendance is None
            and session.state in (State.CALLED, State.IN_SESSION)
            and timezone.localdate(session.starts_at) == today,
            can_propose=access.can(user_roles, "session.propose", session)
            and (
                session.state == State.DRAFT
                or (session.state == State.CALLED and extension_deadline is not None and today <= extension_deadline)
            ),
            can_notify_absence=represents_called
            and my_attendance is None
            and session.state in (State.DRAFT, State.CALLED, State.POSTPONED)
            and timezone.localdate(session.starts_at) >= today,
            extension_deadline=extension_deadline,
            latest_call=selectors.latest_valid_call_date(session),
            notice=selectors.notice_rule(session.kind, on=today) if session.is_plenary else None,
            quorum=selectors.quorum_status(session)
            if session.is_plenary and access.can(user_roles, "proceedings.view", session)
            else None,
            can_see_messages=can_see_messages,
            now=timezone.now(),
            message_counts={
                row["status"]: row["n"]
                for row in messages_for(session).order_by().values("status").annotate(n=Count("pk"))
            }
            if can_see_messages
            else {},
            people=_attendable_people(session) if manage else [],
            item_form=AgendaItemForm(),
            # The edit form of each item of a draft offers the same entities as the add form.
            presenter_choices=list(Entity.objects.order_by("acronym").only("pk", "acronym"))
            if session.state == Session.State.DRAFT and manage
            else [],
            agreement_form=AgreementItemForm(),
            reason_form=ReasonForm(),
            reschedule_form=RescheduleForm(
                initial={
                    "day": timezone.localdate(session.starts_at),
                    "time": timezone.localtime(session.starts_at).time(),
                    "place": session.place,
                    "video_link": session.video_link,
                }
            ),
            document_form=DocumentForm(),
            absence_form=AbsenceForm(),
        )
        return context


def _attendable_people(session: Session) -> list[Designation]:
    day = timezone.localdate(session.starts_at)
    present = set(session.attendances.values_list("person_id", flat=True))
    return [
        d
        for d in Designation.objects.on(day)
        .filter(entity_id__in=selectors.entity_ids_called(session, on=day))
        .select_related("person", "entity")
        .order_by("entity__kind", "entity__acronym", "role")
        if d.person_id not in present
    ]


class QuorumPanelView(TemplateView):
    """The live panel, polled by htmx: present / required, tolerance and loss of quorum."""

    template_name = "sessions/partials/quorum.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = access_session(self.request.user, kwargs["pk"], action="proceedings.view")
        context.update(
            session=session,
            quorum=selectors.quorum_status(session),
            attendances=list(selectors.attendance_list(session)),
            now=timezone.now(),
            can_manage=access.can(access.request_roles(self.request), "session.manage", session),
        )
        return context


# Actions ---------------------------------------------------------------------------------------


def _form_or_error(form_class: type, request: HttpRequest) -> Any:
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
        )
        raise ValidationError(errors)
    return form


def _entity_from_post(request: HttpRequest) -> Entity | None:
    entity_id = request.POST.get("entity")
    return access_entity(request.user, entity_id) if entity_id else None


def act_call(request: HttpRequest, session: Session) -> str:
    session = services.session_call(actor=request.user, session=session)
    return _("Citación cursada: los mensajes a los representantes quedaron en cola de envío.")


def act_open(request: HttpRequest, session: Session) -> str:
    services.session_open(actor=request.user, session=session)
    return _("Sesión instalada con quórum.")


def act_close(request: HttpRequest, session: Session) -> str:
    services.session_close(actor=request.user, session=session)
    return _("Sesión levantada.")


def act_without_call(request: HttpRequest, session: Session) -> str:
    services.session_hold_without_call(
        actor=request.user, session=session, unanimous_agreement=request.POST.get("unanimous") == "on"
    )
    return _("Sesión instalada sin citación, con todos los miembros presentes y acuerdo unánime (Art. 11).")


def act_postpone(request: HttpRequest, session: Session) -> str:
    form = _form_or_error(ReasonForm, request)
    services.session_postpone(actor=request.user, session=session, reason=form.cleaned_data["reason"])
    return _("Sesión postergada; se avisó a los citados.")


def act_cancel(request: HttpRequest, session: Session) -> str:
    form = _form_or_error(ReasonForm, request)
    services.session_cancel(actor=request.user, session=session, reason=form.cleaned_data["reason"])
    return _("Sesión cancelada.")


def act_reschedule(request: HttpRequest, session: Session) -> str:
    form = _form_or_error(RescheduleForm, request)
    services.session_reschedule(
        actor=request.user,
        session=session,
        starts_at=form.starts_at(),
        ends_at=form.ends_at(),
        place=form.cleaned_data["place"],
        video_link=form.cleaned_data["video_link"],
        reason=form.cleaned_data["reason"],
    )
    return _("Sesión reprogramada: se envió la nueva citación.")


def act_agenda_add(request: HttpRequest, session: Session) -> str:
    form = _form_or_error(AgendaItemForm, request)
    services.agenda_item_add(actor=request.user, session=session, **form.cleaned_data)
    return _("Punto agregado a la agenda.")


def _draft_item(request: HttpRequest, session: Session) -> AgendaItem:
    item_id = plain_int(request.POST.get("item"))
    item = session.agenda_items.filter(pk=item_id).first() if item_id is not None else None
    if item is None:
        raise ValidationError({"item": [_("Elija un punto de la agenda.")]})
    return item


def act_agenda_edit(request: HttpRequest, session: Session) -> str:
    item = _draft_item(request, session)
    form = _form_or_error(AgendaItemForm, request)
    services.agenda_item_update(actor=request.user, item=item, **form.cleaned_data)
    return _("Punto de agenda modificado.")


def act_agenda_remove(request: HttpRequest, session: Session) -> str:
    services.agenda_item_remove(actor=request.user, item=_draft_item(request, session))
    return _("Punto retirado de la agenda.")


def act_agenda_propose(request: HttpRequest, session: Session) -> str:
    form = _form_or_error(AgendaItemForm, request)
    item = services.agenda_item_propose(
        actor=request.user,
        session=session,
        title=form.cleaned_data["title"],
        description=form.cleaned_data["description"],
        entity=_entity_from_post(request),
    )
    if item.status == AgendaItem.Status.ACCEPTED:
        return _("La agenda se amplió con su pedido (Art. 11).")
    return _("Su propuesta quedó registrada; la Secretaría Técnica decidirá su inclusión.")


def act_agenda_decide(request: HttpRequest, session: Session) -> str:
    item = access_agenda_item(request.user, request.POST.get("item"), session=session)
    services.agenda_item_decide(actor=request.user, item=item, accept=request.POST.get("accept") == "1")
    return _("Propuesta decidida.")


def act_agenda_agreement(request: HttpRequest, session: Session) -> str:
    form = _form_or_error(AgreementItemForm, request)
    services.agenda_item_add_by_agreement(actor=request.user, session=session, **form.cleaned_data)
    return _("Agenda ampliada por acuerdo mayoritario de la sesión (Art. 11).")


def act_document(request: HttpRequest, session: Session) -> str:
    item = access_agenda_item(request.user, request.POST.get("item"), session=session, action="agenda_item.attach")
    form = _form_or_error(DocumentForm, request)
    services.agenda_document_add(
        actor=request.user, item=item, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
    )
    return _("Documento adjuntado.")


def act_sign_in(request: HttpRequest, session: Session) -> str:
    attendance = services.attendance_sign_in(actor=request.user, session=session, entity=_entity_from_post(request))
    return _("Asistencia registrada en nombre de %(entity)s.") % {"entity": attendance.entity}


def act_record(request: HttpRequest, session: Session) -> str:
    person = access_person(request.user, request.POST.get("person"))
    attendance = services.attendance_record(
        actor=request.user, session=session, person=person, entity=_entity_from_post(request)
    )
    return _("Asistencia de %(person)s registrada.") % {"person": attendance.person}


def act_leave(request: HttpRequest, session: Session) -> str:
    attendance = access_attendance(request.user, request.POST.get("attendance"), session=session)
    services.attendance_leave(actor=request.user, attendance=attendance)
    return _("Retiro registrado.")


def act_absence(request: HttpRequest, session: Session) -> str:
    form = _form_or_error(AbsenceForm, request)
    notice = services.absence_notify(
        actor=request.user, session=session, reason=form.cleaned_data["reason"], entity=_entity_from_post(request)
    )
    if notice.on_time:
        return _("Inasistencia comunicada.")
    return _("Inasistencia registrada fuera del plazo de un día de anticipación (Art. 7.7 b).")


ACTIONS: dict[str, Callable[[HttpRequest, Session], str]] = {
    "call": act_call,
    "open": act_open,
    "close": act_close,
    "without-call": act_without_call,
    "postpone": act_postpone,
    "cancel": act_cancel,
    "reschedule": act_reschedule,
    "agenda-add": act_agenda_add,
    "agenda-edit": act_agenda_edit,
    "agenda-remove": act_agenda_remove,
    "agenda-propose": act_agenda_propose,
    "agenda-decide": act_agenda_decide,
    "agenda-agreement": act_agenda_agreement,
    "document": act_document,
    "sign-in": act_sign_in,
    "record": act_record,
    "leave": act_leave,
    "absence": act_absence,
}


class SessionActionView(View):
    """POST /sesiones/<pk>/<action>/: one service call; its refusal is shown with the article cited."""

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        handler = ACTIONS.get(action)
        if handler is None:
            raise Http404
        # The session is fetched with the action's own permission (403 before any input is read).
        session = access_session(request.user, pk, action=access.route_permission(request, subject="session"))
        result = attempt(request, lambda: handler(request, session))
        if result:
            messages.success(request, result)
        anchor = request.POST.get("anchor", "")
        return redirect(reverse("sessions:detail", args=[pk]) + (anchor if anchor.startswith("#") else ""))


# The names of the kinds live with the e-mails' owner (sessions/message_kinds.py), shared with the outbox.
MESSAGE_KINDS = message_kinds.LABELS


class SessionMessagesView(TemplateView):
    """Every message of a session with its state; failed ones can be sent again (ST)."""

    template_name = "sessions/session_messages.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = access_session(self.request.user, kwargs["pk"], action="session.messages")
        status = self.request.GET.get("status", "")
        # The label of each kind is computed by the database, so the rows stay typed model instances.
        kind_label = Case(
            *(When(kind=kind, then=Value(str(label))) for kind, label in MESSAGE_KINDS.items()),
            default=F("kind"),
            output_field=CharField(),
        )
        rows = messages_for(session).annotate(kind_label=kind_label).order_by("-created_at", "recipient")
        if status in OutboundMessage.Status.values:
            rows = rows.filter(status=status)
        counts = messages_for(session).aggregate(
            total=Count("pk"),
            pending=Count("pk", filter=Q(status="pending")),
            sent=Count("pk", filter=Q(status="sent")),
            failed=Count("pk", filter=Q(status="failed")),
        )
        context.update(session=session, rows=rows, counts=counts, status=status)
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = access_session(request.user, pk, action="session.messages")
        message = access.fetch(
            request.user,
            "outbox_message",
            messages_for(session),
            pk=request.POST.get("message"),
            action="outbox.resend",
        )
        throttle(request, "resend")
        outbox_resend(actor=request.user, message=message)
        messages.success(request, _("Mensaje a %(to)s puesto otra vez en cola.") % {"to": message.recipient})
        return redirect("sessions:messages", pk=pk)


class ComplianceView(TemplateView):
    """R4: two-month periods with their ordinary session, semesters with their extended one."""

    template_name = "sessions/compliance.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        raw_year = self.request.GET.get("year", "")
        year = min(max(plain_int(raw_year) or today.year, 2011), 2100)
        periods = selectors.periodicity_compliance(year)
        context.update(
            year=year,
            today=today,
            ordinary=[(p, p.status(today)) for p in periods if p.kind == "ordinary"],
            extended=[(p, p.status(today)) for p in periods if p.kind == "extended"],
            years=range(max(year + 1, today.year + 1), 2011, -1),
        )
        return context


def _requests(user_roles: Any) -> QuerySet[ExtraordinarySessionRequest]:
    queryset = (
        ExtraordinarySessionRequest.objects.select_related("session", "created_by")
        .prefetch_related("backings__entity", "backings__designation__person")
        .order_by("-created_at", "-pk")
    )
    return access.scope_visible(queryset, user_roles, "session_request")


class RequestListView(TemplateView):
    template_name = "sessions/request_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user_roles = access.request_roles(self.request)
        today = timezone.localdate()
        # Requests accumulate over the years (each with its backings): newest first, a page at a time.
        page = Paginator(_requests(user_roles), REQUESTS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            requests=page.object_list,
            page=page,
            form=kwargs.get("form") or RequestForm(),
            minimum=rule("session.extraordinary_request_min_members", on=today),
            minimum_extended=rule("session.extended_extraordinary_request_min_members", on=today),
            # The matrix lets observers and support commissions try (the rule of Art. 10 then refuses
            # them with its citation); the page offers the controls only to whom the rule admits.
            is_member=access.can(user_roles, "session_request.back") and bool(user_roles.member_entity_ids),
            my_entities=user_roles.member_entity_ids,
            # Convening is creating a plenary session, which the Presidency and the ST may run.
            can_convene=access.can(user_roles, "session.manage", Session(kind=Session.Kind.EXTRAORDINARY)),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        if "back" in request.POST:
            item = access_session_request(request.user, request.POST["back"], action="session_request.back")
            backing = attempt(request, lambda: services.session_request_back(actor=request.user, request=item))
            if backing is not None:
                messages.success(request, _("%(entity)s respalda el pedido.") % {"entity": backing.entity})
            return redirect("sessions:requests")
        form = RequestForm(request.POST)
        if form.is_valid():
            try:
                services.session_request_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Pedido registrado con el respaldo de su entidad."))
                return redirect("sessions:requests")
        return self.render_to_response(self.get_context_data(form=form))


class FeedInfoView(TemplateView):
    template_name = "sessions/feeds.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        token = services.feed_token_for(self.request.user)
        context["personal_url"] = self.request.build_absolute_uri(reverse("sessions:personal-feed", args=[token.token]))
        context["public_url"] = self.request.build_absolute_uri(reverse("sessions:public-feed"))
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        services.feed_token_for(request.user, rotate=True)
        messages.success(request, _("Se generó una nueva dirección; la anterior dejó de funcionar."))
        return redirect("sessions:feeds")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Part of every feed's ETag: change it when the ICS the code writes changes.
FEED_FORMAT = "1"


def _feed_response(
    request: HttpRequest, sessions: QuerySet[Session], *, name: str, filename: str, owner: Any = None
) -> HttpResponse:
    """A calendar feed that calendar apps may poll as often as they like.

    One aggregate query says which version of the feed this is (``selectors.calendar_version``). A client that has that version gets 304 (ETag and Last-Modified); a version
    once written is served from the cache, so the calendar is rendered once per change, not once
    per request. A personal feed's cache entry is its owner's alone.
    """
    version = selectors.calendar_version(sessions)
    last_modified = version["last"]
    fingerprint = "|".join(
        [FEED_FORMAT, name, settings.SITE_URL, str(getattr(owner, "pk", "")), repr(sorted(version.items()))]
    )
    etag = f'"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        content = versioned(
            f"mtigm:ics:{etag.strip(chr(34))}", lambda: calendar_for(sessions, name=name), timeout=24 * 3600
        )
        response = _ics_response(content, filename)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    # Calendar apps revalidate every time; the ETag tells them whether anything changed.
    response["Cache-Control"] = "no-cache"
    return response


FEED_STATES = [State.CALLED, State.IN_SESSION, State.HELD, State.POSTPONED, State.CANCELLED]


class PublicFeedView(View):
    """Public calendar of plenary sessions (no drafts), for anyone's calendar app."""

    def get(self, request: HttpRequest) -> HttpResponse:
        # The public calendar of the Plenary: public data, anyone's calendar app may read it.
        sessions = selectors.session_list().filter(kind__in=selectors.PLENARY_KINDS, state__in=FEED_STATES)
        return _feed_response(request, sessions, name="MTIGM — Sesiones del Pleno", filename="mtigm-pleno.ics")


class PersonalFeedView(View):
    """A user's sessions, behind the secret token in the address (calendar apps cannot log in)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        from .models import CalendarFeedToken

        feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
        if feed is None or not feed.user.is_active:
            raise Http404
        user_roles = access.roles_for(feed.user)
        sessions = selectors.visible_sessions(user_roles).filter(state__in=FEED_STATES)
        # What the user may see, visible_sessions decided; which of those they follow, this does:
        # the Plenary and the meetings of their own groups and subgroups, or all of them.
        if not access.can(user_roles, "session.follow_all"):
            group_filter = Q(kind__in=Session.PLENARY_KINDS)
            group_filter |= Q(kind=Session.Kind.GROUP, group__memberships__entity_id__in=user_roles.entity_ids)
            group_filter |= Q(kind=Session.Kind.GROUP, group_id__in=user_roles.coordinated_group_ids)
            group_filter |= Q(kind=Session.Kind.SUBGROUP, subgroup__memberships__entity_id__in=user_roles.entity_ids)
            group_filter |= Q(kind=Session.Kind.SUBGROUP, subgroup_id__in=user_roles.led_subgroup_ids)
            sessions = sessions.filter(group_filter).distinct()
        return _feed_response(
            request, sessions, name="MTIGM — Mis sesiones", filename="mtigm-mis-sesiones.ics", owner=feed.user
        )


class SessionIcsView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = access_session(request.user, pk)
        return _ics_response(calendar_for([session], name="MTIGM"), f"sesion-{pk}.ics")


class CallPdfView(ProtectedFileView):
    """Serve the call letter rendered by the worker; never render it inside the request."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        session = access_session(request.user, pk)
        if not session.call_pdf:
            messages.info(request, _("La citación en PDF se está generando; inténtelo en unos instantes."))
            return redirect("sessions:detail", pk=pk)
        return file_download(request, session.call_pdf, inline=True)


class AgendaDocumentView(ProtectedFileView):
    """A document of an agenda item, to whom may see its session."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        document = access_agenda_document(request.user, pk)
        return file_download(request, document.file)
