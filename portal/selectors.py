"""Reads of the public portal: what an anonymous visitor may see, through the access layer.

Every queryset here is narrowed with ``access.scope_visible`` under the portal's own subjects
(``public_session``, ``public_minutes``, ``public_agreement``, ``public_norm``, ``public_registry``
in ``matrix.toml``), so a draft session, a draft acta or an agreement the Secretaría Técnica did
not mark public never reaches a page. Each page reads in a fixed number of queries, whatever the
number of rows: relations are joined or prefetched, never read one row at a time.

People appear by name and position only: the querysets load ``Person`` without its e-mail and
phone, so no template can show them even by mistake.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from decisions.models import Agreement, Minutes
from directives.models import Article, Norm, Rule
from directives.selectors import in_force
from library import selectors as library_selectors
from library.models import Document
from members.models import (
    Designation,
    Entity,
    EntityKind,
    GroupCoordinator,
    Membership,
    SecretariatAppointment,
    WorkingGroup,
)
from members.roles import PRESIDING_ENTITY_ACRONYM
from members.selectors import groups_with_structure
from mtigm.core import access
from sessions.models import AgendaItem, Session
from workplans.models import Plan
from workplans.selectors import Dashboard, GroupRow, dashboard, plans_visible

from .models import News

# The creating decree and the Reglamento, as the norms registry codes them (directives migrations).
DECREE_CODE = "ds-067-2011-pcm"
REGULATION_CODE = "reglamento"
# What a person is shown with on the public site: their name and position as a public official.
PUBLIC_PERSON_FIELDS = ("id", "first_name", "last_name", "honorific", "position")


def _today(day: datetime.date | None) -> datetime.date:
    return day or timezone.localdate()


def _public_people(lookup: str = "person") -> list[str]:
    """``only()`` arguments that load a related person by name and position, never contact data."""
    return [f"{lookup}__{name}" for name in PUBLIC_PERSON_FIELDS]


# Sessions and actas ---------------------------------------------------------------------------


def _latest_approved(queryset: QuerySet[Minutes]) -> QuerySet[Minutes]:
    """The approved versions no later approved version corrects: the acta in force of each session
    (a correction being written is a draft, so the approved version stays the public one)."""
    later = Minutes.objects.filter(
        session=OuterRef("session"), state=Minutes.State.APPROVED, version__gt=OuterRef("version")
    )
    return queryset.filter(state=Minutes.State.APPROVED).exclude(Exists(later))


def public_minutes(actor: Any) -> QuerySet[Minutes]:
    """The approved actas in force of held plenary sessions (their content left unread)."""
    queryset = Minutes.objects.defer("content", "summaries", "observations")
    return access.scope_visible(_latest_approved(queryset), actor, "public_minutes")


def public_sessions(actor: Any) -> QuerySet[Session]:
    """Plenary sessions once called, each with its approved acta in force (if any) prefetched into
    ``public_acta`` (a list of zero or one)."""
    actas = public_minutes(actor).only("pk", "session", "version", "approved_at", "pdf")
    queryset = Session.objects.prefetch_related(Prefetch("minutes", queryset=actas, to_attr="public_acta"))
    return access.scope_visible(queryset, actor, "public_session").order_by("-starts_at", "-pk")


def upcoming_sessions(actor: Any, *, now: datetime.datetime | None = None, limit: int = 3) -> list[Session]:
    """The next called plenary sessions, soonest first; today's stay listed all day, also while in
    session (a visitor looking at noon for the morning's session finds it)."""
    now = now or timezone.now()
    start_of_today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time.min))
    queryset = access.scope_visible(Session.objects.all(), actor, "public_session")
    coming = queryset.filter(state__in=[Session.State.CALLED, Session.State.IN_SESSION], starts_at__gte=start_of_today)
    return list(coming.order_by("starts_at", "pk")[:limit])


def latest_actas(actor: Any, *, limit: int = 5) -> list[Minutes]:
    return list(public_minutes(actor).select_related("session").order_by("-approved_at", "-pk")[:limit])


def public_session_queryset() -> QuerySet[Session]:
    """A session's public page: its accepted agenda with the presenting entities."""
    items = AgendaItem.objects.filter(status=AgendaItem.Status.ACCEPTED).select_related("presenter")
    return Session.objects.prefetch_related(
        Prefetch("agenda_items", queryset=items.order_by("position"), to_attr="public_items")
    )


@dataclass
class PublicActa:
    """The approved acta of a session as the portal shows it: its recorded content, less what the
    Secretaría Técnica did not mark public (agreements and the ballots that adopted them)."""

    minutes: Minutes
    content: dict[str, Any]
    withheld: int  # agreements of the session left out because they are not public

    @property
    def pdf_public(self) -> bool:
        """The PDF records every agreement: it is public only when all of them are."""
        return self.withheld == 0 and bool(self.minutes.pdf)


def session_acta(actor: Any, session: Session) -> PublicActa | None:
    """The approved acta in force of ``session``, if the actor may read it (two queries)."""
    minutes = access.scope_visible(_latest_approved(Minutes.objects.filter(session=session)), actor, "public_minutes")
    acta = minutes.select_related("approved_in_session").first()
    if acta is None:
        return None
    hidden = list(
        Agreement.objects.filter(session=session)
        .exclude(pk__in=access.scope_visible(Agreement.objects.filter(session=session), actor, "public_agreement"))
        .values_list("number", "ballot_id")
    )
    hidden_numbers = {number for number, _ in hidden}
    hidden_ballots = {ballot for _, ballot in hidden if ballot is not None}
    content = dict(acta.content)
    content["agreements"] = [a for a in content.get("agreements", []) if a.get("number") not in hidden_numbers]
    content["items"] = [
        {**item, "ballots": [b for b in item.get("ballots", []) if b.get("id") not in hidden_ballots]}
        for item in content.get("items", [])
    ]
    return PublicActa(minutes=acta, content=content, withheld=len(hidden))


# Agreements -------------------------------------------------------------------------------------


def public_agreements(actor: Any) -> QuerySet[Agreement]:
    """The plenary agreements marked public, with their session and owner entity, newest first."""
    queryset = Agreement.objects.select_related("session", "owner").defer("status_note")
    queryset = access.scope_visible(queryset, actor, "public_agreement")
    return queryset.order_by("-session__starts_at", "number")


# Registry ----------------------------------------------------------------------------------------


def _representatives(day: datetime.date, lookup: str = "designations") -> Prefetch:
    """Prefetch the titular and alternate in office on ``day`` into ``current_designations`` (as
    ``members.selectors.representatives_prefetch`` does), their people by name and position only."""
    designations = (
        Designation.objects.on(day)
        .select_related("person")
        .only("id", "entity_id", "role", "start", "end", *_public_people())
        .order_by("-role")
    )
    return Prefetch(lookup, queryset=designations, to_attr="current_designations")


def public_entities(actor: Any, *, day: datetime.date | None = None) -> QuerySet[Entity]:
    """Entities that belong or belonged to the commission (members, observers, support
    commissions), with their membership periods and their titular and alternate in office on
    ``day`` (in ``current_designations``); members first, as the Reglamento lists them."""
    day = _today(day)
    kind_order = Case(
        *[When(kind=kind, then=Value(position)) for position, kind in enumerate(EntityKind.values)],
        output_field=IntegerField(),
    )
    queryset = (
        Entity.objects.filter(Exists(Membership.objects.filter(entity=OuterRef("pk"))))
        .select_related("support_commission")
        .only("id", "kind", "name", "acronym", "website", "support_commission__name", "support_commission__kind")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.order_by("start")),
            _representatives(day),
        )
        .annotate(in_office=Exists(Membership.objects.on(day).filter(entity=OuterRef("pk"))))
        .order_by(kind_order, "acronym")
    )
    return access.scope_visible(queryset, actor, "public_registry")


@dataclass
class Chair:
    entity: Entity | None
    designations: list[Designation] = field(default_factory=list)


def chair(actor: Any, *, day: datetime.date | None = None) -> Chair:
    """RREE, which presides the commission (Art. 15), with its titular and alternate in office."""
    day = _today(day)
    queryset = Entity.objects.filter(acronym=PRESIDING_ENTITY_ACRONYM).only("id", "name", "acronym")
    queryset = queryset.prefetch_related(_representatives(day))
    entity = access.scope_visible(queryset, actor, "public_registry").first()
    return Chair(entity, entity.current_designations if entity is not None else [])


def secretariat(day: datetime.date | None = None) -> list[SecretariatAppointment]:
    """Who works in the Secretaría Técnica on ``day``: names and functions."""
    return list(
        SecretariatAppointment.objects.on(_today(day))
        .select_related("person")
        .only("id", "function", "start", "end", *_public_people())
        .order_by("person__last_name", "person__first_name")
    )


def public_groups(actor: Any, *, day: datetime.date | None = None) -> QuerySet[WorkingGroup]:
    """Working groups in order, with their coordinators, member entities and subgroups (each with
    its leads and member entities) in office on ``day``: the registry's own query, without the
    coordinators' history."""
    return access.scope_visible(groups_with_structure(day, with_history=False), actor, "public_registry")


def group_cards(actor: Any, *, day: datetime.date | None = None) -> QuerySet[WorkingGroup]:
    """The working groups not dissolved, with their coordinators on ``day``: the home page's cards."""
    coordinators = GroupCoordinator.objects.on(_today(day)).select_related("entity")
    queryset = WorkingGroup.objects.filter(dissolved_on__isnull=True).prefetch_related(
        Prefetch("coordinators", queryset=coordinators, to_attr="current_coordinators")
    )
    return access.scope_visible(queryset.order_by("number"), actor, "public_registry")


def public_plan(actor: Any, *, year: int | None = None) -> Plan | None:
    """The work plan of ``year`` if it is approved or published, else the latest public one."""
    plans = plans_visible(actor)
    year = year or timezone.localdate().year
    return plans.filter(year=year).first() or plans.filter(year__lt=year).order_by("-year").first()


def plan_progress(plan: Plan | None) -> Dashboard | None:
    """The plan's products and their progress (the dashboard's figures, in a fixed number of queries)."""
    return dashboard(plan) if plan is not None else None


def group_progress(progress: Dashboard | None, number: int) -> GroupRow | None:
    if progress is None:
        return None
    return next((row for row in progress.groups if row.number == number), None)


# Norms --------------------------------------------------------------------------------------------


def public_norms(actor: Any) -> QuerySet[Norm]:
    """The adopted norms (in force or repealed), with their number of articles; drafts never."""
    queryset = Norm.objects.annotate(article_count=Count("articles")).order_by("issued_on", "code")
    return access.scope_visible(queryset, actor, "public_norm")


def norm_articles(norm: Norm) -> QuerySet[Article]:
    return norm.articles.order_by("position", "pk")


def norm_rules_in_force(norm: Norm, *, day: datetime.date | None = None) -> QuerySet[Rule]:
    """The rules of the registry that ``norm`` sets, in the version in force on ``day``."""
    return in_force(Rule.objects.filter(norm=norm), _today(day)).order_by("key")


def first_article(norm: Norm | None) -> Article | None:
    """The first article of ``norm``: for the decree, what the commission is for (Art. 1)."""
    return norm_articles(norm).first() if norm is not None else None


def founding_norms(actor: Any) -> dict[str, Norm]:
    """The creating decree and the Reglamento, by code, when they are public."""
    norms = public_norms(actor).filter(code__in=[DECREE_CODE, REGULATION_CODE])
    return {norm.code: norm for norm in norms}


# News -----------------------------------------------------------------------------------------------


def public_news(actor: Any, *, now: datetime.datetime | None = None) -> QuerySet[News]:
    """The published news whose publication date has come, newest first. The matrix decides the
    state (``public_news``); the date is a moment, which only the read can compare with now."""
    now = now or timezone.now()
    queryset = News.objects.filter(published_at__lte=now).defer("author")
    return access.scope_visible(queryset, actor, "public_news").order_by("-published_at", "-pk")


def latest_news(actor: Any, *, limit: int = 3) -> list[News]:
    return list(public_news(actor).defer("body")[:limit])


def managed_news(actor: Any) -> QuerySet[News]:
    """Every news item, drafts and scheduled ones included, for whom the matrix lets manage them."""
    queryset = News.objects.select_related("author").defer("body")
    return access.scope_visible(queryset, actor, "news").order_by("-created_at", "-pk")


def public_documents(actor: Any, *, text: str = "", group: int | None = None) -> QuerySet[Document]:
    """Documents classified público with a file, under the portal's subject (reservado and interno
    never): the public pages, the sitemap and the open data read this one list."""
    queryset = access.scope_visible(library_selectors.public_documents(), actor, "public_document")
    if group is not None:
        queryset = queryset.filter(Q(group__number=group) | Q(subgroup__group__number=group))
    for word in text.split()[:8]:
        queryset = queryset.filter(title__icontains=word)
    return queryset


def access_public_document(actor: Any, pk: Any, *, action: str) -> Document:
    """A público document for the public pages and the open data alike: 404 for any other."""
    return access.fetch(actor, "public_document", public_documents(actor), pk=pk, action=action)


def latest_documents(actor: Any, *, limit: int = 5) -> list[Document]:
    return list(public_documents(actor)[:limit])
