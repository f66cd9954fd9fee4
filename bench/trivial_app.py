"""The references of bench/run: a small Django app under the same gunicorn as the platform.

gunicorn --chdir bench trivial_app:application

- ``/``: one view, no database, no middleware (B1, B4).
- ``/calendar/``: the calendar page the API answers (``?page=``, 50 sessions with their accepted
  agenda items and four links each), turned into JSON by PostgreSQL in one query (B2).
- ``/insert/``: a POST authenticated by the same API token as the platform (the platform's
  django-rest-knox class, the same query), that inserts one row in a transaction (B3).

The database endpoints read the bench database (``DATABASE_URL``) with the platform's connection
settings (persistent, health-checked), so both sides pay the same for a connection.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import environ
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import path

database = environ.Env.db_url_config(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mtigm_bench"))
database.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)

settings.configure(
    DEBUG=False,
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
    SECRET_KEY="bench-only",  # noqa: S106 - a throwaway process on loopback
    MIDDLEWARE=[],
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "knox"],
    DATABASES={"default": database},
    USE_TZ=True,
    TIME_ZONE="America/Lima",
    REST_KNOX={"AUTH_HEADER_PREFIX": "Token", "AUTO_REFRESH": False},
)
application = get_wsgi_application()
# The platform's own token authentication (mtigm/core/token_auth.py), so both sides pay the same.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGE_SIZE = 50

# The same rows as GET /api/v1/sessions/?page=N (ordered by start and id), with the same agenda items
# (accepted, with the presenter's acronym) and the same four links, built by PostgreSQL itself.
CALENDAR_SQL = """
SELECT json_build_object('count', (SELECT count(*) FROM commission_sessions_session), 'results',
       coalesce(json_agg(row_to_json(page)), '[]'::json))::text
FROM (
    SELECT s.id, s.kind, s.extended, s.series, s.number, s.state, s.state_reason, s.starts_at, s.ends_at,
           s.place, s.video_link, s.called_on AS notice_date, s.held_without_call, s.group_id AS "group",
           s.subgroup_id AS subgroup, s.sequence,
           (SELECT coalesce(json_agg(json_build_object('id', a.id, 'position', a.position, 'title', a.title,
                    'description', a.description, 'presenter', e.acronym, 'origin', a.origin)
                    ORDER BY a.position, a.id), '[]'::json)
              FROM commission_sessions_agendaitem a LEFT JOIN members_entity e ON e.id = a.presenter_id
             WHERE a.session_id = s.id AND a.status = 'accepted') AS agenda_items,
           CASE WHEN s.call_pdf <> '' THEN %(base)s || '/sesiones/' || s.id || '/citacion.pdf' END AS call_pdf_url,
           CASE WHEN EXISTS (SELECT 1 FROM decisions_minutes m WHERE m.session_id = s.id AND m.state = 'approved')
                THEN %(base)s || '/acuerdos/actas/sesion/' || s.id || '/' END AS minutes_url,
           %(base)s || '/sesiones/' || s.id || '/' AS url,
           %(base)s || '/sesiones/' || s.id || '/sesion.ics' AS ics_url,
           s.updated_at
      FROM commission_sessions_session s
     ORDER BY s.starts_at, s.id
     LIMIT %(limit)s OFFSET %(offset)s
) page
"""


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"[]", content_type="application/json")


def calendar(request: HttpRequest) -> HttpResponse:
    page = max(int(request.GET.get("page", "1") or 1), 1)
    base = f"{request.scheme}://{request.get_host()}"
    with connection.cursor() as cursor:
        cursor.execute(CALENDAR_SQL, {"base": base, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE})
        body = cursor.fetchone()[0]
    return HttpResponse(body, content_type="application/json")


def insert(request: HttpRequest) -> HttpResponse:
    """Authenticate the API token as the platform does, then insert one row in a transaction."""
    from rest_framework.exceptions import AuthenticationFailed

    from mtigm.core.token_auth import TokenAuthentication

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        found = None
    if found is None:
        return JsonResponse({"detail": "not authenticated"}, status=401)
    user, _token = found
    choice = str(json.loads(request.body or b"{}").get("choice", ""))[:10]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_insert (user_id, choice, at) VALUES (%s, %s, now()) RETURNING id", [user.pk, choice]
        )
        row_id = cursor.fetchone()[0]
    return JsonResponse({"id": row_id, "choice": choice}, status=201)


urlpatterns = [path("", trivial), path("calendar/", calendar), path("insert/", insert)]
