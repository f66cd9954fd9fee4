"""The public portal, as an anonymous visitor sees it: every page answers without a login, what the
Secretaría Técnica did not publish (draft sessions, draft actas, agreements not marked public) is
never reachable, representatives' contact data never reach the HTML, and each page reads in the
same number of queries however much the commission holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import Agreement
from sessions.models import Session
from tests.factories.members import representative_user
from tests.portal.world import DRAFT_MARKER, HIDDEN_AGREEMENT, PortalWorld, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> PortalWorld:
    return build_world()


def _urls(world: PortalWorld) -> dict[str, str]:
    return {
        "home": reverse("portal:home"),
        "sessions": reverse("portal:sessions"),
        "sessions-held": reverse("portal:sessions") + "?estado=realizadas",
        "session-held": reverse("portal:session", args=[world.corrected_session.pk]),
        "session-called": reverse(
            "portal:session", args=[Session.objects.filter(state=Session.State.CALLED).first().pk]
        ),
        "agreements": reverse("portal:agreements"),
        "agreements-filtered": reverse("portal:agreements") + "?q=acuerdo&status=pending",
        "members": reverse("portal:members"),
        "norms": reverse("portal:norms"),
        "norm": reverse("portal:norm", args=["reglamento"]),
        "groups": reverse("portal:groups"),
        "group": reverse("portal:group", args=[world.group.number]),
    }


def test_an_anonymous_visitor_reads_every_public_page(client, world):
    for name, url in _urls(world).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert b'href="#contenido"' in response.content, f"{name}: skip link"
        assert b"<main" in response.content and b"<h1" in response.content, name


def test_the_home_page_links_the_feed_the_actas_and_the_groups(client, world):
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("sessions:public-feed") in page
    assert reverse("portal:session", args=[world.corrected_session.pk]) + "#acta" in page
    assert reverse("portal:group", args=[world.group.number]) in page
    # The chair is RREE's titular, by name and position.
    assert "Viceministro" in page


def test_the_login_page_links_to_the_public_portal(client):
    assert reverse("portal:home") in client.get(reverse("login")).content.decode()


def test_a_draft_session_and_group_meetings_are_never_public(client, world):
    assert client.get(reverse("portal:session", args=[world.draft_session.pk])).status_code == 404
    assert "borrador de citación" not in client.get(reverse("portal:sessions")).content.decode()
    meeting = Session.objects.create(
        kind=Session.Kind.GROUP, group=world.group, starts_at=world.draft_session.starts_at, state=Session.State.CALLED
    )
    assert client.get(reverse("portal:session", args=[meeting.pk])).status_code == 404


def test_a_draft_acta_is_never_reachable(client, world):
    # The session is held but its acta is a draft: the page says so and shows nothing of it.
    page = client.get(reverse("portal:session", args=[world.unapproved_session.pk]))
    assert page.status_code == 200
    assert DRAFT_MARKER not in page.content.decode()
    assert reverse("portal:minutes-pdf", args=[world.draft_acta.pk]) not in page.content.decode()
    assert client.get(reverse("portal:minutes-pdf", args=[world.draft_acta.pk])).status_code == 404
    # An approved acta being corrected: the approved version stays public, the correction does not.
    page = client.get(reverse("portal:session", args=[world.corrected_session.pk])).content.decode()
    assert "Resumen aprobado" in page and DRAFT_MARKER not in page
    assert client.get(reverse("portal:minutes-pdf", args=[world.correction.pk])).status_code == 404
    for url in _urls(world).values():
        assert DRAFT_MARKER not in client.get(url).content.decode(), url


def test_an_approved_acta_pdf_is_public_only_when_all_its_agreements_are(client, world):
    session = Session.objects.filter(state=Session.State.HELD, minutes__state="approved").exclude(
        pk=world.corrected_session.pk
    )[0]
    acta = session.minutes.get()
    page = client.get(reverse("portal:session", args=[session.pk])).content.decode()
    assert reverse("portal:minutes-pdf", args=[acta.pk]) in page
    response = client.get(reverse("portal:minutes-pdf", args=[acta.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # The corrected session records an agreement that is not public: its PDF, which records them
    # all, stays closed, and the page leaves that agreement out.
    page = client.get(reverse("portal:session", args=[world.corrected_session.pk])).content.decode()
    assert reverse("portal:minutes-pdf", args=[world.approved_acta.pk]) not in page
    assert client.get(reverse("portal:minutes-pdf", args=[world.approved_acta.pk])).status_code == 404


def test_an_agreement_not_marked_public_is_never_shown(client, world):
    for url in [*_urls(world).values(), reverse("portal:agreements") + "?q=RESERVADO"]:
        assert HIDDEN_AGREEMENT not in client.get(url).content.decode(), url
    page = client.get(reverse("portal:agreements")).content.decode()
    assert "Acuerdo publicado" in page
    # A group meeting's agreement is not the Plenary's: it stays off the public list too.
    meeting = Session.objects.create(
        kind=Session.Kind.GROUP, group=world.group, starts_at=world.draft_session.starts_at, state=Session.State.HELD
    )
    Agreement.objects.create(session=meeting, number=1, text="Acuerdo de grupo interno")
    assert "Acuerdo de grupo interno" not in client.get(reverse("portal:agreements")).content.decode()


def test_agreements_are_searchable_filterable_and_paged(client, world):
    world.grow(30)  # more agreements than a page holds
    first = client.get(reverse("portal:agreements")).content.decode()
    assert "Página 1 de 2" in first
    found = client.get(reverse("portal:agreements"), {"q": "publicado"}).content.decode()
    assert "Acuerdo publicado" in found and "Acuerdo público" not in found
    owner = world.rree.pk
    by_owner = client.get(reverse("portal:agreements"), {"owner": owner}).content.decode()
    assert "Acuerdo publicado" in by_owner and "Acuerdo público" not in by_owner
    Agreement.objects.filter(text="Acuerdo publicado").update(status=Agreement.Status.DONE)
    done = client.get(reverse("portal:agreements"), {"status": "done"}).content.decode()
    assert "Acuerdo publicado" in done and "Acuerdo público" not in done
    # A filter value that is not valid lists everything rather than failing.
    assert client.get(reverse("portal:agreements"), {"year": "abc"}).status_code == 200


def test_representatives_contact_data_never_reach_the_html(client, world):
    assert world.people and all(person.email and person.phone for person in world.people)
    for name, url in _urls(world).items():
        page = client.get(url).content.decode()
        for person in world.people:
            assert person.email not in page, f"{name}: e-mail of {person}"
            assert person.phone not in page, f"{name}: phone of {person}"
    members = client.get(reverse("portal:members")).content.decode()
    assert str(world.people[0]) in members and "Director General" in members


def test_a_logged_in_representative_sees_the_same_public_site(client, world):
    client.force_login(representative_user(entity=world.rree, role="alternate"))
    assert client.get(reverse("portal:session", args=[world.draft_session.pk])).status_code == 404
    assert client.get(reverse("portal:home")).status_code == 200
    assert HIDDEN_AGREEMENT not in client.get(reverse("portal:agreements")).content.decode()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries.captured_queries)


def test_each_page_reads_in_a_constant_number_of_queries(client, world, django_assert_num_queries, monkeypatch):
    # The pages as they render, not as the anonymous cache (tests/portal/test_public_cache.py) serves them.
    monkeypatch.setattr("portal.cache.cacheable", lambda request: False)
    urls = _urls(world)
    small = {name: _count(client, url) for name, url in urls.items()}
    world.grow(12)
    for name, url in urls.items():
        with django_assert_num_queries(small[name]):
            client.get(url)
    print({name: small[name] for name in urls})


def test_a_draft_directive_is_never_public(client, world):
    from directives.models import Norm

    Norm.objects.create(
        code="dir-borrador",
        kind=Norm.Kind.DIRECTIVE,
        number="Directiva N° 009-2026 ST-MTIGM",
        title="Proyecto de directiva",
        short_name="Proyecto de directiva",
        status=Norm.Status.DRAFT,
    )
    assert client.get(reverse("portal:norm", args=["dir-borrador"])).status_code == 404
    assert "009-2026" not in client.get(reverse("portal:norms")).content.decode()
    page = client.get(reverse("portal:norm", args=["reglamento"])).content.decode()
    assert "Art. 11" in page, "the articles' texts are shown"


def test_the_calendar_filters_by_state_and_pages(client, world):
    world.grow(10)  # 3 sessions each: more than a page holds
    cancelled = client.get(reverse("portal:sessions"), {"estado": "canceladas"}).content.decode()
    assert ">Cancelada</span>" in cancelled and ">Realizada</span>" not in cancelled
    everything = client.get(reverse("portal:sessions")).content.decode()
    assert "Página 1 de 2" in everything
    assert client.get(reverse("portal:sessions"), {"page": "2"}).status_code == 200


def test_the_sites_root_sends_a_visitor_without_login_to_the_portal(client, django_user_model):
    answer = client.get("/")
    assert answer.status_code == 302 and answer["Location"] == reverse("portal:home")
    user = django_user_model.objects.create_user("cualquiera", password="clave-segura-123")
    client.force_login(user)
    assert client.get("/").status_code == 200  # a logged-in user gets their inbox


def test_the_home_page_lists_todays_called_session_after_its_hour(client):
    import datetime

    from django.utils import timezone

    from portal import selectors

    now = timezone.now()
    earlier_today = max(
        timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time(0, 30))),
        now - datetime.timedelta(hours=1),
    )
    today = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=71, starts_at=earlier_today, state=Session.State.CALLED
    )
    yesterday = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=70, starts_at=now - datetime.timedelta(days=1), state=Session.State.CALLED
    )
    upcoming = selectors.upcoming_sessions(None, now=now)
    assert today in upcoming and yesterday not in upcoming
