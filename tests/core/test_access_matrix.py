"""Every page route and every API operation, with every role, against the access matrix.

The matrix (mtigm/core/access/matrix.toml) names the permission of each route; this test walks all
of them as each demo user (one per column of the matrix, the member titular and alternate apart)
and as an anonymous visitor, on the demo data plus a few objects the demo lacks, and checks what
the application answers against what the matrix says:

- the role does not hold the route's permission: refused (403; an anonymous visitor is sent to the
  login page, or gets 401/403 from the API);
- it holds it, but the route's object is hidden from it (the ballots of a session that is not
  extended, for a support commission): 404;
- it holds it on that object: not refused. A GET answers 2xx or a redirect; a POST without a body
  may be refused as input (400, 404 for a missing object it names, 409), never as a permission.

It fails when a route or an operation has no entry in the matrix, and when an entry names a route
that no longer exists. Each request runs in a savepoint that is rolled back, so no route's effect
reaches the next.
"""

from __future__ import annotations

import datetime
import enum
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from mtigm.core import access
from mtigm.core.access.matrix import Dispatch, matrix
from portal import oparl
from portal.models import News
from tests.core.world import ROLE_USERS, World

# The demo users, one per column of the matrix (the member's titular and alternate both).
UNGATED_NAMESPACES = {"admin", "api"}
# Pages that read the local outbox folder: under the test settings e-mail stays in memory, so even
# the ST finds nothing there (404), which is not a refusal.
NO_CONTENT_HERE = {"local_outbox:detail", "local_outbox:attachment"}
pytestmark = pytest.mark.django_db


class Expected(enum.StrEnum):
    ALLOW = "allow"
    DENY = "deny"  # the object is visible, the action is not the user's: 403
    HIDE = "hide"  # the object is hidden from the user: 404


# Logging out ends on the login page: that redirect is the route's answer, not a refusal.
ENDS_ON_LOGIN = {"logout"}
# Where the body chooses between two permissions (signing oneself in, or the ST recording someone),
# an empty body asks the narrower one, which the service may refuse the caller (403).
BODY_DECIDES = {"api:session-attendance"}
# Query strings a page needs to answer at all.
QUERIES = {"decisions:application-new": "?tipo=member_admission"}


# Page routes -----------------------------------------------------------------------------------


def _page_routes() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in UNGATED_NAMESPACES:
                    continue
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                walk(pattern.url_patterns, inner or namespace)
            elif pattern.name:
                found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern

    walk(get_resolver().url_patterns)
    return found


def _page_target(world: World, route: str) -> tuple[dict[str, Any], str | None, Any]:
    """URL arguments for ``route``, and the subject and object its permission is about."""
    w = world
    year = {"year": w.plan.year}
    table: dict[str, tuple[dict[str, Any], str | None, Any]] = {
        "outbox-resend": ({"pk": w.message.pk}, "outbox_message", w.message),
        "security-lockout-lift": ({"pk": 1}, None, None),
        "members:person-data": ({"pk": w.designation.person.pk}, "person", w.designation.person),
        "members:person-anonymise": ({"pk": w.designation.person.pk}, "person", w.designation.person),
        "local_outbox:detail": ({"name": "x.log", "index": 0}, None, None),
        "local_outbox:attachment": ({"name": "x.log", "index": 0, "number": 0}, None, None),
        "directives:rule-detail": ({"key": "session.quorum"}, None, None),
        "directives:nonworkingday-delete": ({"pk": w.non_working_day.pk}, "non_working_day", w.non_working_day),
        "directives:norm-detail": ({"code": "reglamento"}, None, None),
        "directives:norm-pending-rules": ({"code": "reglamento"}, None, None),
        "directives:article-detail": ({"code": "reglamento", "number": "11"}, None, None),
        "members:entity-detail": ({"pk": w.entity.pk}, "entity", w.entity),
        "members:entity-update": ({"pk": w.entity.pk}, "entity", w.entity),
        "members:entity-history": ({"pk": w.entity.pk}, "entity", w.entity),
        "members:membership-create": ({"pk": w.entity.pk}, "entity", w.entity),
        "members:membership-end": ({"pk": w.membership.pk}, "membership", w.membership),
        "members:designation-detail": ({"pk": w.designation.pk}, "designation", w.designation),
        "members:designation-update": ({"pk": w.designation.pk}, "designation", w.designation),
        "members:designation-replace": ({"pk": w.designation.pk}, "designation", w.designation),
        "members:group-detail": ({"pk": w.group.pk}, "group", w.group),
        "members:group-update": ({"pk": w.group.pk}, "group", w.group),
        "members:group-coordinator": ({"pk": w.group.pk}, "group", w.group),
        "members:group-member-add": ({"pk": w.group.pk}, "group", w.group),
        "members:subgroup-create": ({"pk": w.group.pk}, "group", w.group),
        "members:subgroup-detail": ({"pk": w.subgroup.pk}, "subgroup", w.subgroup),
        "members:subgroup-update": ({"pk": w.subgroup.pk}, "subgroup", w.subgroup),
        "members:subgroup-lead": ({"pk": w.subgroup.pk}, "subgroup", w.subgroup),
        "members:subgroup-member-add": ({"pk": w.subgroup.pk}, "subgroup", w.subgroup),
        "members:cso-detail": ({"pk": w.cso.pk}, "cso_registration", w.cso),
        "members:cso-update": ({"pk": w.cso.pk}, "cso_registration", w.cso),
        "sessions:personal-feed": ({"token": w.token}, None, None),
        "sessions:detail": ({"pk": w.session.pk}, "session", w.session),
        "sessions:edit": ({"pk": w.session.pk}, "session", w.session),
        "sessions:quorum": ({"pk": w.session.pk}, "session", w.session),
        "sessions:messages": ({"pk": w.session.pk}, "session", w.session),
        "sessions:call-pdf": ({"pk": w.session.pk}, "session", w.session),
        "sessions:ics": ({"pk": w.session.pk}, "session", w.session),
        "sessions:document": ({"pk": w.document.pk}, "agenda_document", w.document),
        "sessions:action": ({"pk": w.session.pk}, "session", w.session),
        "decisions:agreement": ({"pk": w.agreement.pk}, "agreement", w.agreement),
        "decisions:session": ({"pk": w.session.pk}, "session", w.session),
        "decisions:ballot-open": ({"pk": w.session.pk}, "session", w.session),
        "decisions:consensus": ({"pk": w.session.pk}, "session", w.session),
        "decisions:console": ({"pk": w.session.pk}, "session", w.session),
        "decisions:ballot": ({"pk": w.ballot.pk}, "ballot", w.ballot),
        "decisions:ballot-live": ({"pk": w.ballot.pk}, "ballot", w.ballot),
        "decisions:ballot-action": ({"pk": w.ballot.pk}, "ballot", w.ballot),
        "decisions:minutes": ({"session_pk": w.held_session.pk}, "session", w.held_session),
        "decisions:minutes-pdf": ({"pk": w.minutes.pk}, "minutes", w.minutes),
        "decisions:minutes-pdf-status": ({"pk": w.minutes.pk}, "minutes", w.minutes),
        "decisions:application": ({"pk": w.application.pk}, "application", w.application),
        "workplans:subgroup-report": ({"pk": w.subgroup_report.pk}, "subgroup_report", w.subgroup_report),
        "workplans:group-report": ({"pk": w.group_report.pk}, "group_report", w.group_report),
        "workplans:document": ({"pk": w.report_document.pk}, "report_document", w.report_document),
        "workplans:document-file": ({"pk": w.report_document.pk}, "report_document", w.report_document),
        "workplans:detail": (year, "plan", w.plan),
        "workplans:action": ({**year, "action": "publish"}, "plan", w.plan),
        "workplans:dashboard": (year, "plan", w.plan),
        "workplans:import": (year, "plan", w.plan),
        "workplans:annual": (year, "plan", w.plan),
        "workplans:diff": ({**year, "old": 1, "new": 1}, "plan", w.plan),
        "workplans:line-add": ({**year, "number": 1}, "plan", w.plan),
        "workplans:line-edit": ({**year, "number": 1, "pk": w.line.pk}, "plan", w.plan),
        "workplans:evaluation": ({**year, "period": "q1"}, "evaluation", w.evaluation),
        "portal:session": ({"pk": w.session.pk}, "public_session", w.session),
        "portal:minutes-pdf": ({"pk": w.minutes.pk}, "public_minutes", w.minutes),
        "portal:norm": ({"code": "reglamento"}, None, None),
        "portal:group": ({"number": w.group.number}, "public_registry", w.group),
        # A link of a subscription message: a forged one answers 400 (a page saying so), to anyone.
        "portal:subscribe-confirm": ({"token": "enlace-falso"}, None, None),
        "portal:unsubscribe": ({"token": "enlace-falso"}, None, None),
        "opendata:body": ({"key": "mtigm"}, None, None),
        "opendata:organization": ({"key": "pleno"}, None, None),
        "opendata:meeting": ({"pk": w.session.pk}, "public_session", w.session),
        "opendata:paper": ({"pk": w.agreement.pk}, "public_agreement", w.agreement),
        "opendata:file": ({"pk": w.minutes.pk}, "public_minutes", w.minutes),
    }
    if route in OPEN_DATA_ROWS:
        # The open data's people, memberships and agenda items: one the public site shows.
        row = OPEN_DATA_ROWS[route](AnonymousUser(), {}).first()
        return {"pk": row.pk}, None, None
    if route in NEWS_ROUTES:
        news = _news()
        key, subject = NEWS_ROUTES[route]
        return {key: getattr(news, key)}, subject, news
    if route in COMPACT_PAGES:
        return _compact_target(route, COMPACT_PAGES[route])
    if route in LIBRARY_PAGES:
        return _library_target(route)
    if route in PCM_REPORT_PAGES:
        return _pcm_report_target(PCM_REPORT_PAGES[route])
    return table.get(route, ({}, None, None))


# The reports to the PCM, on the report of the demo's plan year (accountability.demo renders it).
PCM_REPORT_PAGES: dict[str, dict[str, Any] | None] = {
    "accountability:report": {},
    "accountability:file": {"fmt": "pdf"},
    "accountability:preview": None,
}


def _pcm_report_target(extra: dict[str, Any] | None) -> tuple[dict[str, Any], str | None, Any]:
    from accountability.models import PcmReport

    report = PcmReport.objects.filter(status=PcmReport.Status.DONE).order_by("pk").first()
    assert report is not None, "accountability.demo renders the report of the demo's plan year"
    if extra is None:
        return {"year": report.year}, None, None
    return {"pk": report.pk, **extra}, "pcm_report", report


# The workspaces' routes, on the library demo (library.demo): the reservado proposal of group 4,
# and for the public site's routes a público document, which every role reaches, and the
# reservado one, which no role does.
LIBRARY_PAGES = {
    "library:group",
    "library:subgroup",
    "library:document-create",
    "library:folder-create",
    "library:document",
    "library:document-edit",
    "library:version-create",
    "library:version-file",
    "library:document-link",
    "library:document-unlink",
    "portal:document",
    "portal:document-file",
    "opendata:document",
    "opendata:document-file",
}


def _library_target(route: str) -> tuple[dict[str, Any], str | None, Any]:
    from library.models import Classification, Document

    reserved = Document.objects.select_related("group", "subgroup").get(
        classification=Classification.RESERVED, group__number=4
    )
    public = Document.objects.filter(classification=Classification.PUBLIC).first()
    group = reserved.group
    subgroup = group.subgroups.order_by("code").first()
    link = reserved.links.first()
    targets: dict[str, tuple[dict[str, Any], str | None, Any]] = {
        "library:group": ({"number": group.number}, "workspace_group", group),
        "library:subgroup": ({"pk": subgroup.pk}, "workspace_subgroup", subgroup),
        # Creating asks the gate only (some workspace of the user's); the view then fetches the group.
        "library:document-create": ({"kind": "grupo", "ref": group.number}, "workspace_group", group),
        "library:folder-create": ({"kind": "grupo", "ref": group.number}, "workspace_group", group),
        "library:document": ({"pk": reserved.pk}, "library_document", reserved),
        "library:document-edit": ({"pk": reserved.pk}, "library_document", reserved),
        "library:version-create": ({"pk": reserved.pk}, "library_document", reserved),
        "library:version-file": ({"pk": reserved.pk, "number": 1}, "library_document", reserved),
        "library:document-link": ({"pk": reserved.pk}, "library_document", reserved),
        "library:document-unlink": ({"pk": reserved.pk, "link": link.pk}, "library_document", reserved),
        "portal:document": ({"pk": reserved.pk}, "public_document", reserved),
        "portal:document-file": ({"pk": public.pk}, "public_document", public),
        "opendata:document": ({"pk": reserved.pk}, "public_document", reserved),
        "opendata:document-file": ({"pk": public.pk}, "public_document", public),
    }
    return targets[route]


# The Global Compact's routes, on its demo objects (compact.demo; loaded here as load_demo does not).
COMPACT_PAGES = {
    "compact:focal-point-add": "entity",
    "compact:focal-point-end": "focal_point",
    "compact:consultation": "consultation",
    "compact:informe": "consultation",
    "compact:contributions-xlsx": "consultation",
    "compact:contribution": "contribution",
    "compact:contribution-document": "contribution_document",
    "compact:indicator": "indicator",
    "compact:indicator-evidence": "indicator_value",
    "compact:informe-documents": "consultation",
    "compact:informe-document": "informe_document",
    "compact:informe-document-file": "informe_document",
}
COMPACT_API = {
    "compact-focal-point-": "focal_point",
    "compact-informe-document-": "informe_document",
    "compact-consultation-": "consultation",
    "compact-contribution-": "contribution",
    "compact-indicator-value-": "indicator_value",  # before "compact-indicator-", which it starts with
    "compact-indicator-": "indicator",
}


def _compact_target(route: str, subject: str) -> tuple[dict[str, Any], str | None, Any]:
    from compact import demo
    from compact.models import Consultation, Contribution, ContributionDocument, FocalPoint, Indicator, IndicatorValue
    from members.models import Entity

    demo.load()
    consultation = Consultation.objects.get(title=demo.TITLE)
    mtpe = Entity.objects.get(acronym="MTPE")
    obj = {
        "entity": mtpe,
        "focal_point": FocalPoint.objects.filter(entity=mtpe).order_by("pk").first(),
        "consultation": consultation,
        "contribution": Contribution.objects.get(consultation=consultation, entity=mtpe, state="draft"),
        "contribution_document": ContributionDocument.objects.filter(contribution__entity=mtpe).first(),
        # MTPE's indicator, and its value waiting for the ST (hidden from other entities), with evidence.
        "indicator": Indicator.objects.filter(responsible_entity=mtpe).first(),
        "indicator_value": IndicatorValue.objects.filter(indicator__responsible_entity=mtpe, state="submitted").first(),
        "informe_document": demo.informe_document() if subject == "informe_document" else None,
    }[subject]
    if route == "compact:informe-document-file":
        return {"pk": obj.pk, "fmt": "pdf"}, subject, obj
    return {"pk": obj.pk}, subject, obj


OPEN_DATA_ROWS = {
    "opendata:person": oparl.person_rows,
    "opendata:membership": oparl.membership_rows,
    "opendata:agendaitem": oparl.agenda_item_rows,
}


# The portal's news routes: by the item's address on the public site, by its id on the ST's pages.
NEWS_ROUTES = {
    "portal:news-detail": ("slug", "public_news"),
    "portal:news-image": ("slug", "public_news"),
    "portal:news-edit": ("pk", "news"),
    "portal:news-action": ("pk", "news"),
}


def _news() -> News:
    """A published news item with an image (the world has none), created once."""
    news = News.objects.filter(slug="noticia-de-prueba").first()
    if news is not None:
        return news
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(png, format="PNG")
    return News.objects.create(
        slug="noticia-de-prueba",
        title="Noticia de prueba",
        summary="Resumen",
        body="Texto",
        state=News.State.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=1),
        image=ContentFile(png.getvalue(), name="noticia.png"),
        image_alt="Un cuadrado blanco",
    )


@dataclass(frozen=True)
class Case:
    route: str
    method: str
    permission: str
    url: str
    data: dict[str, str]
    subject: str | None
    obj: Any


def _page_cases(world: World) -> list[Case]:
    cases = []
    for route, entry in matrix().pages.items():
        kwargs, subject, obj = _page_target(world, route)
        for method, target in entry.methods.items():
            if isinstance(target, Dispatch):
                for value, permission in target.permissions.items():
                    url_kwargs = {**kwargs, target.argument: value} if target.source == "url" else kwargs
                    data = {target.argument: value} if target.source == "form" else {}
                    cases.append(Case(route, method, permission, reverse(route, kwargs=url_kwargs), data, subject, obj))
            else:
                url = reverse(route, kwargs=kwargs) + QUERIES.get(route, "")
                cases.append(Case(route, method, target, url, {}, subject, obj))
    return cases


# API operations ------------------------------------------------------------------------------------


# API routes the schema does not describe: the schema and its documentation themselves.
OUTSIDE_THE_SCHEMA = [("/api/v1/schema/", "get"), ("/api/v1/docs/", "get")]


def _api_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    described = [(path, method) for path, operations in schema["paths"].items() for method in operations]
    return described + OUTSIDE_THE_SCHEMA


def _api_target(world: World, url_name: str) -> tuple[dict[str, Any], str | None, Any]:
    w = world
    by_prefix: list[tuple[str, dict[str, Any], str | None, Any]] = [
        ("api-token-revoke", {"token_key": "unknown"}, None, None),
        ("session-request-", {"pk": w.request.pk}, "session_request", w.request),
        ("session-", {"pk": w.session.pk}, "session", w.session),
        ("ballot-", {"pk": w.ballot.pk}, "ballot", w.ballot),
        ("agreement-", {"pk": w.agreement.pk}, "agreement", w.agreement),
        ("minutes-", {"pk": w.minutes.pk}, "minutes", w.minutes),
        ("application-", {"pk": w.application.pk}, "application", w.application),
        ("entity-", {"pk": w.entity.pk}, "entity", w.entity),
        ("designation-", {"pk": w.designation.pk}, "designation", w.designation),
        ("subgroup-", {"pk": w.subgroup.pk}, "subgroup", w.subgroup),
        ("group-", {"pk": w.group.pk}, "group", w.group),
        ("cso-registration-", {"pk": w.cso.pk}, "cso_registration", w.cso),
        ("norm-pending-rule", {"code": "reglamento", "id": 0}, None, None),
        ("norm-", {"code": "reglamento"}, None, None),
        ("non-working-day-", {"pk": w.non_working_day.pk}, "non_working_day", w.non_working_day),
        ("workplans-plan-diff", {"year": w.plan.year, "old": 1, "new": 1}, "plan", w.plan),
        ("workplans-plan-", {"year": w.plan.year}, "plan", w.plan),
        ("workplans-evaluation-", {"pk": w.evaluation.pk}, "evaluation", w.evaluation),
        ("workplans-subgroup-report-", {"pk": w.subgroup_report.pk}, "subgroup_report", w.subgroup_report),
        ("workplans-group-report-", {"pk": w.group_report.pk}, "group_report", w.group_report),
    ]
    if url_name.startswith("library-document-"):
        from library.models import Classification, Document

        reserved = Document.objects.get(classification=Classification.RESERVED, group__number=4)
        return {"pk": reserved.pk}, "library_document", reserved
    for prefix, compact_subject in COMPACT_API.items():
        if url_name.startswith(prefix):
            return _compact_target(url_name, compact_subject)
    if url_name.startswith("pcm-report-"):
        return _pcm_report_target({})
    for prefix, kwargs, subject, obj in by_prefix:
        if url_name.startswith(prefix):
            return kwargs, subject, obj
    return {}, None, None


def _api_cases(world: World) -> list[Case]:
    cases = []
    for path, method in _api_operations():
        # Resolve the template with placeholder values, then build the real URL from the world.
        probe = path
        for placeholder in ("{id}", "{pk}", "{code}", "{year}", "{old}", "{new}", "{token_key}"):
            probe = probe.replace(placeholder, "1")
        url_name = resolve(probe).url_name or ""
        kwargs, subject, obj = _api_target(world, url_name)
        names = resolve(probe).kwargs.keys()
        url = reverse(f"api:{url_name}", kwargs={k: v for k, v in kwargs.items() if k in names})
        permission = matrix().api.get(f"{url_name}.{method}", "")
        cases.append(
            Case(
                f"api:{url_name}",
                method,
                permission,
                url,
                {},
                subject if "pk" in names or "year" in names else None,
                obj if names & {"pk", "year"} else None,
            )
        )
    return cases


# Expectations ----------------------------------------------------------------------------------------


def _expected(user_roles: access.UserRoles, case: Case) -> Expected:
    """The gate first (the route's permission, role by role), then the object: hidden, or not the user's."""
    if not access.can(user_roles, case.permission):
        return Expected.DENY
    if case.obj is None:
        return Expected.ALLOW
    if not access.visible(user_roles, case.subject, case.obj):
        return Expected.HIDE
    try:
        allowed = access.can(user_roles, case.permission, case.obj, subject=case.subject)
    except KeyError:
        # The permission is about a part of the object (an attendance of the session, say), which
        # the route names in its body; the gate has decided, and the service decides the rest.
        allowed = True
    return Expected.ALLOW if allowed else Expected.DENY


def _verdict(response: Any, decision: Expected, case: Case, *, anonymous: bool, api: bool) -> str | None:
    status = response.status_code
    to_login = status == 302 and "/cuenta/ingresar/" in response.get("Location", "")
    if status >= 500:
        return f"server error {status}"
    if decision == Expected.DENY:
        if anonymous:
            return None if (to_login or status in (401, 403)) else f"anonymous not refused: {status}"
        return None if status == 403 else f"expected 403, got {status}"
    if decision == Expected.HIDE:
        return None if status == 404 else f"expected 404 (hidden), got {status}"
    if to_login and case.route in ENDS_ON_LOGIN:
        return None
    if status == 403 and case.route in BODY_DECIDES and case.method != "get":
        return None
    if to_login or status in (401, 403):
        return f"refused ({status}) although the matrix allows it"
    if case.method == "get" and status == 404 and case.route not in NO_CONTENT_HERE:
        return "404 on a GET the matrix allows"
    return None


def _client(user: Any, *, api: bool) -> Client | APIClient:
    client: Client | APIClient = APIClient() if api else Client()
    client.raise_request_exception = False
    return client


def _run(client: Client | APIClient, user: Any, case: Case, *, api: bool) -> Any:
    if user is not None:
        # Logged in again each time: the logout route, tried on the way, ends the session.
        client.force_login(user)
    with transaction.atomic():
        if case.method == "get":
            response = client.get(case.url)
        elif api:
            response = getattr(client, case.method)(case.url, case.data or {}, format="json")
        else:
            response = getattr(client, case.method)(case.url, case.data)
        transaction.set_rollback(True)
    return response


# Tests -----------------------------------------------------------------------------------------------


def test_every_page_route_has_an_entry_and_every_entry_a_route():
    routes = set(_page_routes())
    entries = set(matrix().pages)
    assert routes - entries == set(), "page routes without an entry in the access matrix"
    assert entries - routes == set(), "matrix entries for page routes that do not exist"


def test_every_api_operation_has_an_entry_and_every_entry_an_operation():
    operations = set()
    for path, method in _api_operations():
        probe = path
        for placeholder in ("{id}", "{pk}", "{code}", "{year}", "{old}", "{new}", "{token_key}"):
            probe = probe.replace(placeholder, "1")
        operations.add(f"{resolve(probe).url_name}.{method}")
    entries = set(matrix().api)
    assert operations - entries == set(), "API operations without an entry in the access matrix"
    assert entries - operations == set(), "matrix entries for API operations that do not exist"
    api_routes = {
        pattern.name
        for resolver in get_resolver().url_patterns
        if isinstance(resolver, URLResolver) and resolver.namespace == "api"
        for pattern in _flatten(resolver.url_patterns)
    }
    assert api_routes - {entry.rsplit(".", 1)[0] for entry in entries} == set(), "API routes the matrix does not name"


def _flatten(patterns: list[Any]) -> list[URLPattern]:
    flat: list[URLPattern] = []
    for pattern in patterns:
        flat.extend(_flatten(pattern.url_patterns) if isinstance(pattern, URLResolver) else [pattern])
    return flat


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_pages_answer_as_the_matrix_says(world, role):
    user = world.users.get(role)
    user_roles = access.roles_for(user)
    client = _client(user, api=False)
    failures = []
    for case in _page_cases(world):
        response = _run(client, user, case, api=False)
        problem = _verdict(response, _expected(user_roles, case), case, anonymous=user is None, api=False)
        if problem:
            failures.append(f"{case.method.upper()} {case.url} ({case.route} → {case.permission}): {problem}")
    assert not failures, f"{role}:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_api_operations_answer_as_the_matrix_says(world, role):
    user = world.users.get(role)
    user_roles = access.roles_for(user)
    client = _client(user, api=True)
    failures = []
    for case in _api_cases(world):
        response = _run(client, user, case, api=True)
        problem = _verdict(response, _expected(user_roles, case), case, anonymous=user is None, api=True)
        if problem:
            failures.append(f"{case.method.upper()} {case.url} ({case.route} → {case.permission}): {problem}")
    assert not failures, f"{role}:\n" + "\n".join(failures)


def test_the_demo_users_hold_the_roles_they_stand_for(world):
    roles = {role: access.roles_for(user) for role, user in world.users.items()}
    assert roles["secretariat"].has(access.Role.SECRETARIAT)
    assert roles["presidency"].has(access.Role.PRESIDENCY)
    assert roles["member_titular"].has(access.Role.MEMBER_REPRESENTATIVE)
    assert roles["member_alternate"].has(access.Role.MEMBER_REPRESENTATIVE)
    assert roles["observer"].roles == {access.Role.OBSERVER_REPRESENTATIVE}
    assert roles["support"].roles == {access.Role.SUPPORT_REPRESENTATIVE}
    assert roles["group_coordinator"].has(access.Role.GROUP_COORDINATOR)
    assert roles["subgroup_lead"].has(access.Role.SUBGROUP_LEAD)
    assert roles["api_client"].roles == {access.Role.API_CLIENT}
    assert roles["focal_point"].roles == {access.Role.FOCAL_POINT}
    assert roles["focal_point"].entity_ids == set() and len(roles["focal_point"].focal_entity_ids) == 1
    assert timezone.localdate(world.session.starts_at) >= timezone.localdate() - datetime.timedelta(days=1)


# The matrix as data ------------------------------------------------------------------------------------


def test_the_documentation_is_generated_from_the_matrix():
    from pathlib import Path

    from django.conf import settings

    from mtigm.core.management.commands.access_matrix import render

    committed = (Path(settings.BASE_DIR) / "docs" / "access-matrix.md").read_text(encoding="utf-8")
    assert committed == render(matrix()), "run: manage.py access_matrix > docs/access-matrix.md"


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d["permissions"]["session.view"].update(chair="all"), "unknown role"),
        (lambda d: d["permissions"]["session.view"].update(observer_representative="nobody"), "unknown condition"),
        (lambda d: d["permissions"]["outbox.view"].update(secretariat="extended"), "does not declare"),
        (lambda d: d["routes"]["pages"].update(home="site.nowhere"), "unknown permission"),
        (lambda d: d["subjects"]["ballot"].update(view="ballot.peek"), "does not exist"),
    ],
)
def test_a_matrix_that_contradicts_itself_does_not_load(change, complaint):
    import tomllib

    from mtigm.core.access.matrix import MATRIX_FILE, MatrixError, parse

    data = tomllib.loads(MATRIX_FILE.read_text(encoding="utf-8"))
    parse(data)  # the real one loads
    change(data)
    with pytest.raises(MatrixError, match=complaint):
        parse(data)


def test_draft_norms_are_seen_by_exactly_who_holds_norm_view_drafts():
    """Two entries say who reads draft directives: ``norm.view`` (whose condition ``adopted_norm``
    hides drafts from the rest, 404) and ``norm.view_drafts`` (the pending versions' lists and
    sections). They must name the same roles, or a draft would show in one place and not another."""
    from directives.models import Norm

    draft = Norm(kind=Norm.Kind.DIRECTIVE, status=Norm.Status.DRAFT)
    adopted = Norm(kind=Norm.Kind.DIRECTIVE, status=Norm.Status.IN_FORCE)
    for key in matrix().columns:
        roles = access.UserRoles(
            day=timezone.localdate(),
            authenticated=key != "anonymous",
            roles={access.Role(key)} if key in {role.value for role in access.Role} else set(),
        )
        sees_drafts = access.visible(roles, "norm", draft)
        assert sees_drafts == access.can(roles, "norm.view_drafts"), key
        assert access.visible(roles, "norm", adopted) == access.can(roles, "norm.view"), key
    api_client = access.UserRoles(day=timezone.localdate(), authenticated=True, roles={access.Role.API_CLIENT})
    assert not access.visible(api_client, "norm", draft) and access.visible(api_client, "norm", adopted)
