"""Pages of the public portal: read-only, for anyone, without a login and without JavaScript.

The access middleware lets every route in (``portal.*`` permissions in ``matrix.toml`` grant
anonymous visitors); each view then asks the same permission of its object through the access
layer (``access.fetch`` under the portal's subjects), so a draft session, a draft acta or an
agreement not marked public answers 404 whoever asks.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from directives.humanize import describe
from members.models import Entity, EntityKind, WorkingGroup
from mtigm.core import access
from mtigm.core.files import file_download
from sessions.models import Session

from . import selectors
from .filters import PublicAgreementFilter

PAGE_SIZE = 25


class PortalPage(TemplateView):
    """A page of the public site; ``section`` marks the current entry of the portal's menu."""

    section = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        return context


class HomeView(PortalPage):
    template_name = "portal/home.html"
    section = "home"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        norms = selectors.founding_norms(user)
        decree = norms.get(selectors.DECREE_CODE)
        context.update(
            today=today,
            decree=decree,
            purpose=selectors.first_article(decree),
            regulation=norms.get(selectors.REGULATION_CODE),
            chair=selectors.chair(user, day=today),
            secretariat=selectors.secretariat(today),
            upcoming=selectors.upcoming_sessions(user),
            actas=selectors.latest_actas(user),
            groups=list(selectors.group_cards(user, day=today)),
        )
        return context


# Sessions ------------------------------------------------------------------------------------------


class SessionListView(PortalPage):
    template_name = "portal/session_list.html"
    section = "sessions"
    STATES = {
        "convocadas": [Session.State.CALLED, Session.State.IN_SESSION, Session.State.POSTPONED],
        "realizadas": [Session.State.HELD],
        "canceladas": [Session.State.CANCELLED],
    }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        queryset = selectors.public_sessions(self.request.user)
        state = self.request.GET.get("estado", "")
        if state in self.STATES:
            queryset = queryset.filter(state__in=self.STATES[state])
        else:
            state = ""
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, sessions=page.object_list, state=state)
        return context


class SessionDetailView(PortalPage):
    template_name = "portal/session_detail.html"
    section = "sessions"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        session = access.fetch(
            user,
            "public_session",
            selectors.public_session_queryset(),
            pk=kwargs["pk"],
            action=access.route_permission(self.request),
        )
        acta = selectors.session_acta(user, session) if session.state == Session.State.HELD else None
        context.update(session=session, acta=acta)
        return context


class MinutesPdfView(View):
    """The PDF of an approved acta. A draft, or an acta recording agreements that are not public,
    answers 404 (the PDF records every agreement of its session)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        minutes = access.fetch(
            request.user,
            "public_minutes",
            selectors.public_minutes(request.user).select_related("session"),
            pk=pk,
            action=access.route_permission(request),
        )
        acta = selectors.session_acta(request.user, minutes.session)
        if acta is None or acta.minutes.pk != minutes.pk or not acta.pdf_public:
            raise Http404
        return file_download(
            request, minutes.pdf, filename=f"acta-{minutes.session_id}-v{minutes.version}.pdf", inline=True
        )


# Agreements ------------------------------------------------------------------------------------------


class AgreementListView(PortalPage):
    template_name = "portal/agreement_list.html"
    section = "agreements"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visible = selectors.public_agreements(self.request.user)
        filterset = PublicAgreementFilter(self.request.GET or None, queryset=visible)
        owners = filterset.filters["owner"]
        owners.queryset = (
            Entity.objects.filter(pk__in=visible.values("owner_id")).only("id", "acronym").order_by("acronym")
        )
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(filter=filterset, page=page, agreements=page.object_list)
        return context


# Members --------------------------------------------------------------------------------------------


class MemberListView(PortalPage):
    template_name = "portal/member_list.html"
    section = "members"
    SECTIONS = [
        ("miembros", [EntityKind.MEMBER]),
        ("observadores", [EntityKind.OBSERVER]),
        ("comisiones", [EntityKind.COOPERATION_AGENCY, EntityKind.CIVIL_SOCIETY]),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        entities = list(selectors.public_entities(self.request.user, day=today))
        context.update(
            today=today,
            sections=[(key, [e for e in entities if e.kind in kinds]) for key, kinds in self.SECTIONS],
        )
        return context


# Norms ----------------------------------------------------------------------------------------------


class NormListView(PortalPage):
    template_name = "portal/norm_list.html"
    section = "norms"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["norms"] = list(selectors.public_norms(self.request.user))
        return context


class NormDetailView(PortalPage):
    template_name = "portal/norm_detail.html"
    section = "norms"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        norm = access.fetch(
            self.request.user,
            "public_norm",
            selectors.public_norms(self.request.user),
            code=kwargs["code"],
            action=access.route_permission(self.request),
        )
        rules = list(selectors.norm_rules_in_force(norm))
        for rule in rules:
            rule.value_text = describe(rule.value, rule.unit)  # type: ignore[attr-defined]
        context.update(norm=norm, articles=list(selectors.norm_articles(norm)), rules=rules)
        return context


# Working groups ---------------------------------------------------------------------------------------


class GroupListView(PortalPage):
    template_name = "portal/group_list.html"
    section = "groups"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = selectors.public_plan(self.request.user)
        progress = selectors.plan_progress(plan)
        groups = list(selectors.public_groups(self.request.user))
        context.update(
            plan=plan,
            progress=progress,
            groups=[(group, selectors.group_progress(progress, group.number)) for group in groups],
        )
        return context


class GroupDetailView(PortalPage):
    template_name = "portal/group_detail.html"
    section = "groups"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        group: WorkingGroup = access.fetch(
            user,
            "public_registry",
            selectors.public_groups(user),
            number=kwargs["number"],
            action=access.route_permission(self.request),
        )
        plan = selectors.public_plan(user)
        row = selectors.group_progress(selectors.plan_progress(plan), group.number)
        subgroup_rows = {s.code: s for s in row.subgroups} if row is not None else {}
        context.update(
            group=group,
            plan=plan,
            progress=row,
            subgroups=[(subgroup, subgroup_rows.get(subgroup.code)) for subgroup in group.subgroups.all()],
        )
        return context
