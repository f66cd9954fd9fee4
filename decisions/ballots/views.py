"""Pages of ballots: a session's decisions, opening a motion, voting live, closing, the deciding vote."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from members.models import Entity
from mtigm.core import access
from mtigm.core.forms import model_choices
from mtigm.core.views import HtmxHttpRequest, attempt
from sessions.access import access_agenda_item, access_session
from sessions.models import AgendaItem, Session

from ..models import Ballot, Choice, DecisionKind
from . import selectors, services
from .access import access_ballot

HTMX_STOP_POLLING = 286


class OpenBallotForm(forms.Form):
    agenda_item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label=gettext_lazy("Punto de agenda"))
    kind = forms.ModelChoiceField(
        queryset=DecisionKind.objects.filter(plenary_only=True), label=gettext_lazy("Tipo de decisión"), required=False
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Texto de la moción"))

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "agenda_item").queryset = session.agenda_items.filter(status=AgendaItem.Status.ACCEPTED)
        if not session.is_plenary:
            del self.fields["kind"]


def open_ballot_from_form(request: HttpRequest, session: Session) -> Ballot | None:
    """Open the ballot the posted form describes (the session's page and the meeting console share
    it); a bad form or a refusal becomes a message, and None."""
    form = OpenBallotForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, _("Revise el punto y el texto de la moción."))
        return None
    return attempt(
        request,
        lambda: services.ballot_open(
            actor=request.user,
            agenda_item=form.cleaned_data["agenda_item"],
            text=form.cleaned_data["text"],
            kind=form.cleaned_data.get("kind"),
        ),
        _("Votación abierta."),
    )


class BallotOpenView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = access_session(request.user, pk, action="ballot.run")
        ballot = open_ballot_from_form(request, session)
        if ballot is not None:
            return redirect("decisions:ballot", pk=ballot.pk)
        return redirect("decisions:session", pk=pk)


class ConsensusView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = access_session(request.user, pk, action="ballot.run")
        item = access_agenda_item(request.user, request.POST.get("agenda_item"), session=session)
        attempt(
            request,
            lambda: services.group_decision_by_consensus(
                actor=request.user, agenda_item=item, text=request.POST.get("text", "")
            ),
            _("Acuerdo por consenso registrado."),
        )
        return redirect("decisions:session", pk=pk)


def _not_voted_yet(ballot: Ballot) -> list[Entity]:
    """Present voting entities that have not voted yet (never how the others voted). Built here from
    the existing selectors, which are being reworked elsewhere, rather than as a new selector."""
    if not ballot.is_open:
        return []
    voted = set(selectors.roll_call(ballot).values_list("entity_id", flat=True))
    missing = selectors.present_voting_entity_ids(ballot.session) - voted
    return list(Entity.objects.filter(pk__in=missing).order_by("acronym"))


def _ballot_context(request: HttpRequest, ballot: Ballot) -> dict[str, Any]:
    roles = access.request_roles(request)
    presiding = selectors.presiding_designation(ballot.session) if ballot.state == Ballot.State.TIED else None
    my_vote = selectors.user_vote(ballot, request.user)
    can_run = access.can(roles, "ballot.run", ballot.session)
    can_vote = ballot.is_open and access.can(roles, "ballot.vote", ballot)
    can_cast = ballot.state == Ballot.State.TIED and services.may_cast_deciding_vote(roles, ballot, presiding)
    return {
        "ballot": ballot,
        "progress": selectors.ballot_progress(ballot),
        "not_voted": _not_voted_yet(ballot),
        "my_vote": my_vote,
        "can_run": can_run,
        "can_vote": can_vote,
        "presiding": presiding,
        "can_cast": can_cast,
        # What the form part of the panel shows depends on these alone: mtigm.js replaces that part
        # only when this key changes, so a poll never resets a choice the voter is making.
        "actions_version": ":".join(
            str(part) for part in (ballot.state, my_vote.pk if my_vote else "", can_vote, can_cast, can_run)
        ),
        "roll_call": selectors.roll_call(ballot) if ballot.is_closed else [],
        "choices": Choice.choices,
    }


class BallotDetailView(View):
    template_name = "decisions/ballot_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        ballot = access_ballot(request.user, pk)
        context = _ballot_context(request, ballot)
        # The trail (who cast or recorded each vote, refusals included) is for whoever runs the ballot.
        context["audit"] = selectors.audit_trail(ballot) if context["can_run"] else []
        return render(request, self.template_name, context)


class BallotLiveView(View):
    """The part of the ballot page that htmx polls: progress while open, the result when closed."""

    def get(self, request: HtmxHttpRequest, pk: int) -> HttpResponse:
        ballot = access_ballot(request.user, pk)
        response = render(request, "decisions/_ballot_live.html", _ballot_context(request, ballot))
        if ballot.is_closed:
            response["HX-Trigger"] = "ballot-closed"
            if request.htmx:
                # htmx's "stop polling" status: the result is final, the page has nothing more to ask.
                response.status_code = HTMX_STOP_POLLING
        return response


class BallotActionView(View):
    def post(self, request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
        choice = request.POST.get("choice", "")
        if action == "votar":
            # The service reads the ballot once, locked, through the access layer (404 hidden, 403 not
            # the voter's): fetching it here first would read it twice.
            attempt(
                request,
                lambda: services.vote_cast(actor=request.user, ballot=pk, choice=choice),
                _("Su voto quedó registrado."),
            )
            if not request.htmx:
                return redirect("decisions:ballot", pk=pk)
            ballot = access_ballot(request.user, pk)
            return render(request, "decisions/_ballot_live.html", {**_ballot_context(request, ballot), "flash": True})
        ballot = access_ballot(request.user, pk)
        if action == "cerrar":
            result = attempt(request, lambda: services.ballot_close(actor=request.user, ballot=ballot))
            if result is not None:
                if result.state == Ballot.State.TIED:
                    messages.warning(
                        request,
                        _("Empate: corresponde el voto dirimente de la Presidencia (%(citation)s).")
                        % {"citation": result.rule_citation},
                    )
                else:
                    messages.success(request, _("Votación cerrada: %(r)s.") % {"r": result.get_outcome_display()})
        elif action == "dirimir":
            attempt(
                request,
                lambda: services.ballot_cast_deciding_vote(actor=request.user, ballot=ballot, choice=choice),
                _("Voto dirimente registrado."),
            )
        else:
            raise Http404
        if request.htmx:
            ballot = access_ballot(request.user, pk)
            return render(request, "decisions/_ballot_live.html", {**_ballot_context(request, ballot), "flash": True})
        return redirect("decisions:ballot", pk=pk)


class MyBallotsView(TemplateView):
    template_name = "decisions/my_ballots.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        roles = access.request_roles(self.request)
        context["ballots"] = selectors.open_ballots_for(self.request.user)
        # Sessions in course where the user may open ballots (the ST for the Plenary, coordinators for theirs).
        in_course = Session.objects.filter(state=Session.State.IN_SESSION).order_by("starts_at")
        context["sessions"] = access.scope(in_course, roles, "ballot.run")
        held = Session.objects.filter(state=Session.State.HELD).order_by("-starts_at")
        context["recent"] = access.scope(held, roles, "proceedings.view")[:8]
        return context
