"""Open data of the public portal: read-only JSON following OParl 1.1, and CSV downloads of the
same datasets.

Every object is read through the portal's selectors, under the portal's subjects of the access
matrix (``public_session``, ``public_minutes``, ``public_agreement``, ``public_registry``), so the
open data shows exactly what the public pages show: a draft session, an acta not approved, an
agreement the Secretaría Técnica did not mark public and people's contact data never appear.

Each list reads in a fixed number of queries whatever the number of rows: one count, one page of
rows, and one query per relation (prefetches, or one query for the whole page).
"""

from __future__ import annotations

import csv
import datetime
import io
import mimetypes
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from decisions.models import Agreement, Minutes
from library.models import Document
from members.models import Designation, Entity, Membership, Person
from mtigm.core import access
from sessions.models import AgendaItem, Session

from . import selectors

SCHEMA = "https://schema.oparl.org/1.1/"
BODY_KEY = "mtigm"
PLENARY_KEY = "pleno"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


class BadRequest(Exception):
    """A query parameter that cannot be read: the client gets a 400 JSON error, never a 500."""


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"code": status, "message": message}}, status=status)


def _iso(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _moment(name: str, raw: str) -> datetime.datetime:
    """An OParl date filter: an ISO 8601 moment (a naive one is local time) or a day."""
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is None:
                raise ValueError(raw)
            # A day alone is its first moment, in the commission's time zone.
            moment = datetime.datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())
    except ValueError:
        raise BadRequest(_("El parámetro %(name)s no es una fecha ISO 8601.") % {"name": name}) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _positive(request: HttpRequest, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        raise BadRequest(_("El parámetro %(name)s debe ser un número entero positivo.") % {"name": name})
    return value


@dataclass
class Links:
    """Absolute URLs of the open data, built from the request's host."""

    request: HttpRequest

    def __call__(self, name: str, *args: Any) -> str:
        return self.request.build_absolute_uri(reverse(f"opendata:{name}", args=args))

    def portal(self, name: str, *args: Any) -> str:
        return self.request.build_absolute_uri(reverse(f"portal:{name}", args=args))

    def body(self) -> str:
        return self("body", BODY_KEY)


def _base(links: Links, kind: str, url: str) -> dict[str, Any]:
    return {"id": url, "type": f"{SCHEMA}{kind}"}


# Datasets ----------------------------------------------------------------------------------------------
# Each dataset reads its rows (a queryset, or a list for the few organizations) and turns one page of
# them into OParl objects with a fixed number of further queries.


@dataclass
class Dataset:
    name: str  # the URL name of its list and the file name of its CSV
    kind: str  # the OParl type
    rows: Callable[[Any, dict[str, datetime.datetime]], QuerySet[Any] | list[Any]]
    objects: Callable[[Links, Any, Sequence[Any]], list[dict[str, Any]]]
    # Which timestamp fields the date filters read; None when the rows carry none (the filters are
    # still validated, and then ignored).
    created: str | None = None
    modified: str | None = None

    def filtered(self, actor: Any, filters: dict[str, datetime.datetime]) -> QuerySet[Any] | list[Any]:
        rows = self.rows(actor, filters)
        if not isinstance(rows, QuerySet):
            return rows
        lookups = {}
        for name, moment in filters.items():
            field = self.created if name.startswith("created") else self.modified
            if field is not None:
                lookups[f"{field}__{'gte' if name.endswith('since') else 'lte'}"] = moment
        return rows.filter(**lookups)


# Meetings and agenda items ------------------------------------------------------------------------------


def _accepted_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(status=AgendaItem.Status.ACCEPTED).order_by("position", "pk")


def meeting_rows(actor: Any, filters: dict[str, datetime.datetime]) -> QuerySet[Session]:
    """The plenary sessions the portal's calendar lists, with their accepted agenda items."""
    return selectors.public_sessions(actor).prefetch_related(
        Prefetch("agenda_items", queryset=_accepted_items(), to_attr="public_items")
    )


@dataclass
class SessionFacts:
    """What the objects of a page of sessions need beyond their rows, read in two queries."""

    withheld: set[int]  # sessions recording an agreement that is not public (their PDF is not public)
    resolutions: dict[int, list[Agreement]]  # public agreements by agenda item

    @classmethod
    def read(cls, actor: Any, session_ids: Iterable[int]) -> SessionFacts:
        ids = list(session_ids)
        of_sessions = Agreement.objects.filter(session_id__in=ids)
        visible = access.scope_visible(of_sessions, actor, "public_agreement")
        withheld = set(of_sessions.exclude(pk__in=visible.values("pk")).values_list("session_id", flat=True))
        resolutions: dict[int, list[Agreement]] = defaultdict(list)
        for agreement in visible.filter(agenda_item__isnull=False).only("id", "agenda_item_id", "number", "text"):
            resolutions[agreement.agenda_item_id].append(agreement)  # type: ignore[index]
        return cls(withheld=withheld, resolutions=resolutions)


def _public_pdf(session: Session, facts: SessionFacts) -> Minutes | None:
    """The approved acta in force whose PDF the portal serves (``MinutesPdfView``'s own test)."""
    acta = session.public_acta[0] if getattr(session, "public_acta", None) else None  # type: ignore[attr-defined]
    if acta is None or session.state != Session.State.HELD or session.pk in facts.withheld or not acta.pdf:
        return None
    return acta


def file_object(links: Links, minutes: Minutes, session: Session) -> dict[str, Any]:
    pdf = links.portal("minutes-pdf", minutes.pk)
    return {
        **_base(links, "File", links("file", minutes.pk)),
        "name": _("Acta de la %(session)s (versión %(version)s)")
        % {"session": session.title, "version": minutes.version},
        "fileName": f"acta-{session.pk}-v{minutes.version}.pdf",
        "mimeType": "application/pdf",
        "date": _iso(minutes.approved_at.date() if minutes.approved_at else None),
        "accessUrl": pdf,
        "downloadUrl": pdf,
        "meeting": [links("meeting", session.pk)],
        "created": _iso(minutes.approved_at),
        "modified": _iso(minutes.approved_at),
    }


def agenda_item_object(links: Links, item: AgendaItem, session: Session, facts: SessionFacts) -> dict[str, Any]:
    agreements = facts.resolutions.get(item.pk, [])
    return {
        **_base(links, "AgendaItem", links("agendaitem", item.pk)),
        "meeting": links("meeting", session.pk),
        "number": str(item.position),
        "order": item.position,
        "name": item.title,
        "public": True,
        "result": _("Acuerdo adoptado") if agreements else None,
        "resolutionText": "\n".join(f"{a.number}. {a.text}" for a in agreements) or None,
        "mtigm:paper": [links("paper", a.pk) for a in agreements],
        "created": _iso(session.created_at),
        "modified": _iso(session.updated_at),
    }


def meeting_objects(links: Links, actor: Any, sessions: Sequence[Session]) -> list[dict[str, Any]]:
    facts = SessionFacts.read(actor, [s.pk for s in sessions])
    objects = []
    for session in sessions:
        acta = _public_pdf(session, facts)
        protocol = file_object(links, acta, session) if acta is not None else None
        url = links("meeting", session.pk)
        objects.append(
            {
                **_base(links, "Meeting", url),
                "name": session.title,
                "meetingState": session.get_state_display(),
                "cancelled": session.state == Session.State.CANCELLED,
                "start": _iso(session.starts_at),
                "end": _iso(session.ends_at),
                "location": {"id": f"{url}#lugar", "type": f"{SCHEMA}Location", "description": session.place}
                if session.place
                else None,
                "organization": [links("organization", PLENARY_KEY)],
                "verbatimProtocol": protocol,
                "resultsProtocol": protocol,
                "agendaItem": [
                    agenda_item_object(links, item, session, facts)
                    for item in session.public_items  # type: ignore[attr-defined]
                ],
                "web": links.portal("session", session.pk),
                "created": _iso(session.created_at),
                "modified": _iso(session.updated_at),
            }
        )
    return objects


def agenda_item_rows(actor: Any, filters: dict[str, datetime.datetime]) -> QuerySet[AgendaItem]:
    sessions = access.scope_visible(Session.objects.all(), actor, "public_session")
    return (
        _accepted_items()
        .filter(session__in=sessions.values("pk"))
        .select_related("session")
        .order_by("-session__starts_at", "session_id", "position", "pk")
    )


def agenda_item_objects(links: Links, actor: Any, items: Sequence[AgendaItem]) -> list[dict[str, Any]]:
    facts = SessionFacts.read(actor, {item.session_id for item in items})
    return [agenda_item_object(links, item, item.session, facts) for item in items]


# Papers (the public agreements) -------------------------------------------------------------------------


def paper_rows(actor: Any, filters: dict[str, datetime.datetime]) -> QuerySet[Agreement]:
    return selectors.public_agreements(actor)


# Public documents (classified público by the ST), as Papers with their File -------------------------------


def document_rows(actor: Any, filters: dict[str, datetime.datetime]) -> QuerySet[Document]:
    return selectors.public_documents(actor)


def document_file_object(links: Links, document: Document) -> dict[str, Any]:
    version = document.current_version
    assert version is not None  # public_documents keeps only documents with a file
    extension = (version.file.name or "").rsplit(".", 1)[-1]
    download = links.portal("document-file", document.pk)
    return {
        **_base(links, "File", links("document-file", document.pk)),
        "name": document.title,
        "fileName": f"documento-{document.pk}-v{version.number}.{extension}",
        "mimeType": mimetypes.guess_type(f"x.{extension}")[0] or "application/octet-stream",
        "size": version.size,
        "sha1Checksum": None,
        "mtigm:sha256Checksum": version.sha256,
        "date": _iso(timezone.localdate(version.uploaded_at)),
        "accessUrl": download,
        "downloadUrl": download,
        "paper": [links("document", document.pk)],
        "created": _iso(version.uploaded_at),
        "modified": _iso(document.updated_at),
    }


def document_objects(links: Links, actor: Any, documents: Sequence[Document]) -> list[dict[str, Any]]:
    group_keys = {g.pk for g in selectors.public_groups(actor)}
    objects = []
    for document in documents:
        group = document.subgroup.group if document.subgroup is not None else document.group
        assert group is not None  # a document belongs to a group or to a subgroup (a check constraint)
        objects.append(
            {
                **_base(links, "Paper", links("document", document.pk)),
                "body": links.body(),
                "name": document.title,
                "reference": f"documento-{document.pk}",
                "date": _iso(timezone.localdate(document.created_at)),
                "paperType": _("Documento de grupo de trabajo"),
                "mtigm:description": document.description or None,
                "mtigm:version": document.current_version.number if document.current_version else None,
                "underDirectionOf": [links("organization", f"grupo-{group.number}")] if group.pk in group_keys else [],
                "mainFile": document_file_object(links, document),
                "web": links.portal("document", document.pk),
                "created": _iso(document.created_at),
                "modified": _iso(document.updated_at),
            }
        )
    return objects


def _public_entity_ids(actor: Any) -> set[int]:
    """The entities the portal's members page lists (one query)."""
    entities = Entity.objects.filter(Exists(Membership.objects.filter(entity=OuterRef("pk"))))
    return set(access.scope_visible(entities, actor, "public_registry").values_list("pk", flat=True))


def paper_objects(links: Links, actor: Any, agreements: Sequence[Agreement]) -> list[dict[str, Any]]:
    entity_ids = _public_entity_ids(actor)
    objects = []
    for agreement in agreements:
        session = agreement.session
        objects.append(
            {
                **_base(links, "Paper", links("paper", agreement.pk)),
                "body": links.body(),
                "name": _("Acuerdo %(number)s de la %(session)s")
                % {"number": agreement.number, "session": session.title},
                "reference": f"{session.pk}-{agreement.number}",
                "date": _iso(timezone.localdate(session.starts_at)),
                "paperType": _("Acuerdo del Pleno"),
                "mtigm:text": agreement.text,
                "mtigm:meeting": links("meeting", session.pk),
                "mtigm:agendaItem": links("agendaitem", agreement.agenda_item_id) if agreement.agenda_item_id else None,
                "underDirectionOf": [links("organization", f"entidad-{agreement.owner_id}")]
                if agreement.owner_id in entity_ids
                else [],
                "mtigm:dueDate": _iso(agreement.due_date),
                "mtigm:status": agreement.get_status_display(),
                "web": links.portal("agreements"),
                "created": _iso(agreement.created_at),
                "modified": _iso(agreement.updated_at),
            }
        )
    return objects


# Organizations, people and memberships --------------------------------------------------------------------


@dataclass
class Organization:
    key: str
    name: str
    short_name: str
    organization_type: str
    classification: str = ""
    parent: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    website: str = ""
    web: tuple[Any, ...] = ("home",)  # the portal page showing it: URL name and arguments
    membership_ids: tuple[int, ...] = ()


def organization_rows(actor: Any, filters: dict[str, datetime.datetime]) -> list[Organization]:
    """The Plenary, the working groups and their subgroups, and the entities of the members page, in
    that order (four queries for groups, one for entities and their representatives)."""
    rows = [Organization(PLENARY_KEY, _("Pleno de la MTIGM"), _("Pleno"), _("Pleno"))]
    for group in selectors.public_groups(actor):
        key = f"grupo-{group.number}"
        rows.append(
            Organization(
                key,
                group.name,
                _("Grupo %(number)s") % {"number": group.number},
                _("Grupo de trabajo"),
                start=group.created_on,
                end=group.dissolved_on,
                web=("group", group.number),
            )
        )
        for subgroup in group.subgroups.all():
            rows.append(
                Organization(
                    f"subgrupo-{subgroup.pk}",
                    subgroup.name,
                    _("Subgrupo %(code)s") % {"code": subgroup.code},
                    _("Subgrupo de trabajo"),
                    parent=key,
                    start=subgroup.created_on,
                    end=subgroup.dissolved_on,
                    web=("group", group.number),
                )
            )
    for entity in selectors.public_entities(actor):
        memberships = list(entity.memberships.all())
        rows.append(
            Organization(
                f"entidad-{entity.pk}",
                entity.name,
                entity.acronym,
                _("Entidad"),
                classification=entity.get_kind_display(),
                parent=PLENARY_KEY,
                start=memberships[0].start if memberships else None,
                end=memberships[-1].end if memberships else None,
                website=entity.website,
                web=("members",),
                membership_ids=tuple(d.pk for d in entity.current_designations),
            )
        )
    return rows


def organization_objects(links: Links, actor: Any, rows: Sequence[Organization]) -> list[dict[str, Any]]:
    objects = []
    for row in rows:
        objects.append(
            {
                **_base(links, "Organization", links("organization", row.key)),
                "body": links.body(),
                "name": row.name,
                "shortName": row.short_name,
                "organizationType": row.organization_type,
                "classification": row.classification or None,
                "subOrganizationOf": links("organization", row.parent) if row.parent else None,
                "startDate": _iso(row.start),
                "endDate": _iso(row.end),
                "website": row.website or None,
                "membership": [links("membership", pk) for pk in row.membership_ids],
                "meeting": links("meeting-list") if row.key == PLENARY_KEY else None,
                "web": links.portal(*row.web),
            }
        )
    return objects


def _public_designations(actor: Any, day: datetime.date | None = None) -> QuerySet[Designation]:
    """The titulars and alternates in office today of the entities of the members page: the
    representatives the portal shows."""
    entities = Entity.objects.filter(Exists(Membership.objects.filter(entity=OuterRef("pk"))))
    entities = access.scope_visible(entities, actor, "public_registry")
    return Designation.objects.on(day or timezone.localdate()).filter(entity__in=entities.values("pk"))


def membership_rows(actor: Any, filters: dict[str, datetime.datetime]) -> QuerySet[Designation]:
    return (
        _public_designations(actor)
        .select_related("person")
        .only("id", "entity_id", "person_id", "role", "start", "end", *selectors._public_people())
        .order_by("entity_id", "-role", "pk")
    )


def membership_object(links: Links, designation: Designation) -> dict[str, Any]:
    return {
        **_base(links, "Membership", links("membership", designation.pk)),
        "person": links("person", designation.person_id),
        "organization": links("organization", f"entidad-{designation.entity_id}"),
        "role": designation.get_role_display(),
        "votingRight": designation.role == Designation.Role.TITULAR,
        "startDate": _iso(designation.start),
        "endDate": _iso(designation.end),
    }


def membership_objects(links: Links, actor: Any, rows: Sequence[Designation]) -> list[dict[str, Any]]:
    return [membership_object(links, row) for row in rows]


def person_rows(actor: Any, filters: dict[str, datetime.datetime]) -> QuerySet[Person]:
    """The people the members page names, by name and position only: contact data are never read."""
    designations = _public_designations(actor).order_by("entity_id", "-role", "pk")
    return (
        Person.objects.filter(pk__in=designations.values("person_id"))
        .only(*selectors.PUBLIC_PERSON_FIELDS)
        .prefetch_related(
            Prefetch("designations", queryset=designations.only("id", "person_id"), to_attr="public_designations")
        )
        .order_by("last_name", "first_name", "pk")
    )


def person_objects(links: Links, actor: Any, people: Sequence[Person]) -> list[dict[str, Any]]:
    return [
        {
            **_base(links, "Person", links("person", person.pk)),
            "body": links.body(),
            "name": f"{person.first_name} {person.last_name}".strip(),
            "givenName": person.first_name,
            "familyName": person.last_name,
            "formOfAddress": person.honorific or None,
            "status": [person.position] if person.position else [],
            "membership": [links("membership", d.pk) for d in person.public_designations],  # type: ignore[attr-defined]
            "web": links.portal("members"),
        }
        for person in people
    ]


DATASETS = {
    dataset.name: dataset
    for dataset in (
        Dataset("meeting", "Meeting", meeting_rows, meeting_objects, "created_at", "updated_at"),
        Dataset(
            "agendaitem",
            "AgendaItem",
            agenda_item_rows,
            agenda_item_objects,
            "session__created_at",
            "session__updated_at",
        ),
        Dataset("paper", "Paper", paper_rows, paper_objects, "created_at", "updated_at"),
        Dataset("document", "Paper", document_rows, document_objects, "created_at", "updated_at"),
        Dataset("organization", "Organization", organization_rows, organization_objects),
        Dataset("person", "Person", person_rows, person_objects),
        Dataset("membership", "Membership", membership_rows, membership_objects),
    )
}


# Views -------------------------------------------------------------------------------------------------------


class OParlView(View):
    """A read-only OParl answer; an unreadable parameter is a 400 JSON error, a hidden object a 404 one."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            data = self.data(request, Links(request), **kwargs)
        except BadRequest as error:
            return _error(str(error))
        except Http404:
            return _error(_("No existe o no es público."), status=404)
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        raise NotImplementedError


def _filters(request: HttpRequest) -> dict[str, datetime.datetime]:
    return {name: _moment(name, request.GET[name]) for name in FILTERS if request.GET.get(name)}


class SystemView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        return {
            **_base(links, "System", links("system")),
            "oparlVersion": SCHEMA,
            "body": links("body-list"),
            "name": _("Datos abiertos de la MTIGM"),
            "website": links.portal("home"),
            "product": "https://github.com/mtigm",
            "web": links("open-data"),
        }


def body_object(links: Links) -> dict[str, Any]:
    return {
        **_base(links, "Body", links.body()),
        "system": links("system"),
        "name": _("Mesa de Trabajo Intersectorial para la Gestión Migratoria"),
        "shortName": "MTIGM",
        "website": links.portal("home"),
        "organization": links("organization-list"),
        "person": links("person-list"),
        "meeting": links("meeting-list"),
        "paper": links("paper-list"),
        "mtigm:documentPaper": links("document-list"),
        "agendaItem": links("agendaitem-list"),
        "membership": links("membership-list"),
        "legislativeTerm": [],
        "classification": _("Comisión multisectorial"),
        "web": links.portal("home"),
    }


class BodyListView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        _filters(request)
        _positive(request, "page", 1, 1)
        return _paged(links, [body_object(links)], total=1, page=1, size=PAGE_SIZE, name="body-list")


class BodyView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        if kwargs["key"] != BODY_KEY:
            raise Http404
        return body_object(links)


def _paged(
    links: Links,
    data: list[dict[str, Any]],
    *,
    total: int,
    page: int,
    size: int,
    name: str,
    query: dict[str, str] | None = None,
) -> dict[str, Any]:
    pages = max(1, -(-total // size))
    base = links(name)

    def at(number: int) -> str:
        return f"{base}?{urlencode({**(query or {}), 'page': number})}"

    navigation = {"first": at(1), "last": at(pages)}
    if page > 1:
        navigation["prev"] = at(page - 1)
    if page < pages:
        navigation["next"] = at(page + 1)
    return {
        "data": data,
        "pagination": {"totalElements": total, "elementsPerPage": size, "currentPage": page, "totalPages": pages},
        "links": navigation,
    }


class ListView(OParlView):
    """A paged list of one dataset: ``page``, ``limit`` and the four date filters of OParl."""

    dataset = ""

    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        dataset = DATASETS[self.dataset]
        filters = _filters(request)
        size = _positive(request, "limit", PAGE_SIZE, MAX_PAGE_SIZE)
        page = _positive(request, "page", 1)
        rows = dataset.filtered(request.user, filters)
        total = rows.count() if isinstance(rows, QuerySet) else len(rows)
        if page > max(1, -(-total // size)):
            raise BadRequest(_("La página %(page)s no existe.") % {"page": page})
        chunk = list(rows[(page - 1) * size : page * size])
        query = {key: str(request.GET[key]) for key in (*FILTERS, "limit") if key in request.GET}
        return _paged(
            links,
            dataset.objects(links, request.user, chunk),
            total=total,
            page=page,
            size=size,
            name=f"{self.dataset}-list",
            query=query,
        )


def _one(objects: list[dict[str, Any]]) -> dict[str, Any]:
    if not objects:
        raise Http404
    return objects[0]


class MeetingView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        session = access.fetch(
            request.user,
            "public_session",
            meeting_rows(request.user, {}),
            pk=kwargs["pk"],
            action=access.route_permission(request),
        )
        return _one(meeting_objects(links, request.user, [session]))


class AgendaItemView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        item = agenda_item_rows(request.user, {}).filter(pk=kwargs["pk"]).first()
        return _one(agenda_item_objects(links, request.user, [item] if item else []))


class PaperView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        agreement = access.fetch(
            request.user,
            "public_agreement",
            paper_rows(request.user, {}),
            pk=kwargs["pk"],
            action=access.route_permission(request),
        )
        return _one(paper_objects(links, request.user, [agreement]))


class DocumentView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        document = selectors.access_public_document(request.user, kwargs["pk"], action=access.route_permission(request))
        return _one(document_objects(links, request.user, [document]))


class DocumentFileView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        document = selectors.access_public_document(request.user, kwargs["pk"], action=access.route_permission(request))
        return document_file_object(links, document)


class FileView(OParlView):
    """The approved acta's PDF as an OParl File: only when the portal serves that PDF."""

    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        minutes = access.fetch(
            request.user,
            "public_minutes",
            selectors.public_minutes(request.user).select_related("session"),
            pk=kwargs["pk"],
            action=access.route_permission(request),
        )
        acta = selectors.session_acta(request.user, minutes.session)
        if acta is None or acta.minutes.pk != minutes.pk or not acta.pdf_public:
            raise Http404
        return file_object(links, minutes, minutes.session)


class OrganizationView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        rows = [row for row in organization_rows(request.user, {}) if row.key == kwargs["key"]]
        return _one(organization_objects(links, request.user, rows))


class PersonView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        people = list(person_rows(request.user, {}).filter(pk=kwargs["pk"]))
        return _one(person_objects(links, request.user, people))


class MembershipView(OParlView):
    def data(self, request: HttpRequest, links: Links, **kwargs: Any) -> dict[str, Any]:
        rows = list(membership_rows(request.user, {}).filter(pk=kwargs["pk"]))
        return _one(membership_objects(links, request.user, rows))


# CSV downloads -------------------------------------------------------------------------------------------------

# The columns of each CSV: a header and the key of the OParl object it reads (lists are joined).
CSV_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "meeting": [
        ("id", "id"),
        ("name", "name"),
        ("state", "meetingState"),
        ("cancelled", "cancelled"),
        ("start", "start"),
        ("end", "end"),
        ("location", "location"),
        ("minutes_pdf", "verbatimProtocol"),
        ("web", "web"),
        ("modified", "modified"),
    ],
    "agendaitem": [
        ("id", "id"),
        ("meeting", "meeting"),
        ("number", "number"),
        ("name", "name"),
        ("result", "result"),
        ("resolution_text", "resolutionText"),
        ("papers", "mtigm:paper"),
    ],
    "document": [
        ("id", "id"),
        ("name", "name"),
        ("reference", "reference"),
        ("date", "date"),
        ("version", "mtigm:version"),
        ("description", "mtigm:description"),
        ("group", "underDirectionOf"),
        ("web", "web"),
        ("modified", "modified"),
    ],
    "paper": [
        ("id", "id"),
        ("name", "name"),
        ("reference", "reference"),
        ("date", "date"),
        ("text", "mtigm:text"),
        ("meeting", "mtigm:meeting"),
        ("owner", "underDirectionOf"),
        ("due_date", "mtigm:dueDate"),
        ("status", "mtigm:status"),
        ("modified", "modified"),
    ],
    "organization": [
        ("id", "id"),
        ("name", "name"),
        ("short_name", "shortName"),
        ("type", "organizationType"),
        ("classification", "classification"),
        ("parent", "subOrganizationOf"),
        ("start", "startDate"),
        ("end", "endDate"),
        ("website", "website"),
    ],
    "person": [
        ("id", "id"),
        ("name", "name"),
        ("given_name", "givenName"),
        ("family_name", "familyName"),
        ("form_of_address", "formOfAddress"),
        ("position", "status"),
    ],
    "membership": [
        ("id", "id"),
        ("person", "person"),
        ("organization", "organization"),
        ("role", "role"),
        ("voting_right", "votingRight"),
        ("start", "startDate"),
        ("end", "endDate"),
    ],
}
CSV_CHUNK = 500


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " | ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("accessUrl") or value.get("description") or value.get("id") or "")
    return str(value)


class CsvView(View):
    """A dataset as CSV (UTF-8 with a header row): every public object, read in chunks."""

    def get(self, request: HttpRequest, dataset: str) -> HttpResponse:
        if dataset not in DATASETS:
            raise Http404
        spec = DATASETS[dataset]
        rows = spec.filtered(request.user, {})
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        columns = CSV_COLUMNS[dataset]
        writer.writerow([header for header, _key in columns])
        links = Links(request)
        total = rows.count() if isinstance(rows, QuerySet) else len(rows)
        for start in range(0, total, CSV_CHUNK):
            for obj in spec.objects(links, request.user, list(rows[start : start + CSV_CHUNK])):
                writer.writerow([_cell(obj.get(key)) for _header, key in columns])
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="mtigm-{dataset}.csv"'
        return response


class OpenDataView(TemplateView):
    """The open data page: the datasets as CSV and the OParl entry point."""

    template_name = "portal/open_data.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["section"] = "open-data"
        context["datasets"] = [
            (_("Sesiones del Pleno"), "meeting"),
            (_("Puntos de agenda"), "agendaitem"),
            (_("Acuerdos públicos"), "paper"),
            (_("Documentos públicos"), "document"),
            (_("Órganos y entidades"), "organization"),
            (_("Representantes"), "person"),
            (_("Designaciones"), "membership"),
        ]
        return context
