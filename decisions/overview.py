"""The decisions of one session at a glance: its ballots, agreements and acta (each subdomain's own
pages hang from here)."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from mtigm.core import access
from sessions.access import access_session
from sessions.models import Session
from sessions.selectors import quorum_status

from .agreements.selectors import agreement_list
from .ballots import selectors as ballot_selectors
from .ballots.views import OpenBallotForm
from .minutes.selectors import current_minutes


class SessionDecisionsView(TemplateView):
    """Votes, agreements and minutes of one session."""

    template_name = "decisions/session.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = access_session(self.request.user, kwargs["pk"], action="proceedings.view")
        roles = access.request_roles(self.request)
        context.update(
            session=session,
            ballots=ballot_selectors.ballot_list(session),
            agreements=agreement_list(session=session),
            minutes=current_minutes(session),
            can_run=access.can(roles, "ballot.run", session),
            form=OpenBallotForm(session=session),
            in_course=session.state == Session.State.IN_SESSION,
        )
        if session.is_plenary:
            context["quorum"] = quorum_status(session)
        return context
