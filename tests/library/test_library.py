"""The workspaces' libraries: who sees what, versions, classification, links and the digest."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from library import digest, services
from library.models import Classification, Document, DocumentVersion
from mtigm.core import attachments
from mtigm.core.errors import AccessDenied
from mtigm.core.models import OutboundMessage
from tests.workplans.helpers import approved_plan

from .helpers import INTERNAL_TITLE, PUBLIC_TITLE, RESERVED_TITLE, content_of, library_world, login, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return library_world()


def test_group_workspace_is_visible_to_its_entities_coordinator_and_st_only(client, w):
    url = reverse("library:group", args=[4])
    for name in ("st", "coordinador", "integrante"):
        page = login(client, w["users"][name]).get(url)
        assert page.status_code == 200, name
        assert RESERVED_TITLE.encode() in page.content
    # MTPE leads a subgroup of group 1: group 4's workspace does not exist for its representative.
    assert login(client, w["users"]["otro"]).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_subgroup_documents_are_visible_to_the_subgroup_and_to_its_group(client, w):
    url = reverse("library:document", args=[w["internal"].pk])
    for name in ("st", "responsable", "coordinador", "integrante"):
        assert login(client, w["users"][name]).get(url).status_code == 200, name
    assert login(client, w["users"]["otro"]).get(url).status_code == 404
    file_url = reverse("library:version-file", args=[w["internal"].pk, 1])
    assert client.get(file_url).status_code == 404


def test_versions_keep_who_uploaded_each_and_the_current_one_moves(client, w):
    document = w["reserved"]
    client = login(client, w["users"]["integrante"])
    answer = client.post(
        reverse("library:version-create", args=[document.pk]), {"file": pdf(text="v2"), "note": "Corrige cifras"}
    )
    assert answer.status_code == 302
    document.refresh_from_db()
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].uploaded_by == w["users"]["coordinador"]
    assert versions[1].uploaded_by == w["users"]["integrante"]
    assert versions[1].note == "Corrige cifras"
    assert document.current_version == versions[1]
    assert content_of(client.get(reverse("library:version-file", args=[document.pk, 1]))).startswith(
        b"%PDF-1.4\n% contenido"
    )
    assert b"v2" in content_of(client.get(reverse("library:version-file", args=[document.pk, 2])))
    page = client.get(reverse("library:document", args=[document.pk]))
    assert b"Corrige cifras" in page.content and b"v2" in page.content


def test_a_file_of_a_type_not_accepted_is_a_form_error_and_nothing_is_stored(client, w):
    client = login(client, w["users"]["coordinador"])
    before = Document.objects.count(), DocumentVersion.objects.count()
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(
        reverse("library:document-create", args=["grupo", 4]),
        {"title": "Ejecutable", "classification": "internal", "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary")},
    )
    assert answer.status_code == 200
    assert b"no es de un tipo aceptado" in answer.content
    assert (Document.objects.count(), DocumentVersion.objects.count()) == before


def test_only_the_st_classifies_a_document_as_public(client, w):
    coordinator = w["users"]["coordinador"]
    with pytest.raises(AccessDenied) as refused:
        services.document_update(actor=coordinator, document=w["reserved"], classification=Classification.PUBLIC)
    assert "Ley 27806" in str(refused.value)
    with pytest.raises(AccessDenied):
        services.document_create(
            actor=coordinator, workspace=w["groups"][4], title="X", file=pdf(), classification=Classification.PUBLIC
        )
    # Nor withdraws it: the public version was the ST's decision.
    with pytest.raises(AccessDenied):
        services.document_update(actor=coordinator, document=w["public"], classification=Classification.INTERNAL)
    # The form does not even offer it to them.
    page = login(client, coordinator).get(reverse("library:document-create", args=["grupo", 4]))
    assert b'value="public"' not in page.content
    st_page = login(client, w["users"]["st"]).get(reverse("library:document-create", args=["grupo", 4]))
    assert b'value="public"' in st_page.content
    services.document_update(actor=w["users"]["st"], document=w["reserved"], classification=Classification.INTERNAL)
    w["reserved"].refresh_from_db()
    assert w["reserved"].classification == Classification.INTERNAL


def test_outsiders_cannot_write_and_folders_stay_in_their_workspace(client, w):
    with pytest.raises(AccessDenied):
        services.document_create(actor=w["users"]["otro"], workspace=w["groups"][4], title="X", file=pdf())
    folder = services.folder_create(actor=w["users"]["coordinador"], workspace=w["groups"][4], name="Actas del grupo")
    with pytest.raises(ValidationError) as wrong:
        services.document_update(actor=w["users"]["responsable"], document=w["internal"], folder=folder)
    assert "otro espacio" in str(wrong.value)
    services.document_update(actor=w["users"]["coordinador"], document=w["reserved"], folder=folder)
    page = login(client, w["users"]["integrante"]).get(reverse("library:group", args=[4]), {"folder": folder.pk})
    assert RESERVED_TITLE.encode() in page.content
    assert PUBLIC_TITLE.encode() not in page.content


def test_search_by_title_and_constant_queries(client, w, django_assert_max_num_queries):
    client = login(client, w["users"]["coordinador"])
    url = reverse("library:group", args=[4])
    page = client.get(url, {"q": "guia publica"})
    assert PUBLIC_TITLE.encode() in page.content and RESERVED_TITLE.encode() not in page.content
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        services.document_create(
            actor=w["users"]["coordinador"], workspace=w["groups"][4], title=f"Doc {n}", file=pdf()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_public_site_shows_only_public_documents(client, w):
    client.logout()
    listing = client.get(reverse("portal:documents"))
    assert PUBLIC_TITLE.encode() in listing.content
    assert RESERVED_TITLE.encode() not in listing.content and INTERNAL_TITLE.encode() not in listing.content
    assert client.get(reverse("portal:document", args=[w["public"].pk])).status_code == 200
    assert b"publico" in content_of(client.get(reverse("portal:document-file", args=[w["public"].pk])))
    for hidden in (w["reserved"], w["internal"]):
        for name in ("portal:document", "portal:document-file"):
            assert client.get(reverse(name, args=[hidden.pk])).status_code == 404
        for name in ("opendata:document", "opendata:document-file"):
            assert client.get(reverse(name, args=[hidden.pk])).status_code == 404
        # The library's own file URL needs a login, and then the workspace.
        assert client.get(reverse("library:version-file", args=[hidden.pk, 1])).status_code == 302
    oparl = client.get(reverse("opendata:document-list")).json()
    assert [paper["name"] for paper in oparl["data"]] == [PUBLIC_TITLE]
    assert oparl["data"][0]["mainFile"]["downloadUrl"].endswith(reverse("portal:document-file", args=[w["public"].pk]))
    csv = client.get(reverse("opendata:csv", args=["document"])).content.decode()
    assert PUBLIC_TITLE in csv and RESERVED_TITLE not in csv
    sitemap = client.get("/sitemap.xml").content.decode()
    assert reverse("portal:document", args=[w["public"].pk]) in sitemap
    assert reverse("portal:document", args=[w["reserved"].pk]) not in sitemap
    # A logged-in member of another group sees the público document in the library, not the others.
    other = login(client, w["users"]["otro"])
    assert other.get(reverse("library:document", args=[w["public"].pk])).status_code == 200
    api = other.get("/api/v1/library/documents/").json()
    assert [d["title"] for d in api["results"]] == [PUBLIC_TITLE]


def test_withdrawing_public_removes_it_from_the_public_site_at_once(client, w):
    client.logout()
    url = reverse("portal:document", args=[w["public"].pk])
    assert client.get(url).status_code == 200
    services.document_update(actor=w["users"]["st"], document=w["public"], classification=Classification.RESERVED)
    assert client.get(url).status_code == 404
    assert PUBLIC_TITLE.encode() not in client.get(reverse("portal:documents")).content


def test_evidence_links_to_plan_products_across_versions_and_to_agenda_items(w):
    plan = approved_plan(w)
    line = plan.current_version.lines.get(subgroup__code="4.1", months=[3, 6])
    other_group_line = plan.current_version.lines.get(subgroup__code="1.1")
    responsable = w["users"]["responsable"]
    services.link_to_line(actor=responsable, document=w["internal"], line=line)
    services.link_to_line(actor=responsable, document=w["internal"], line=line)  # twice is once
    assert w["internal"].links.count() == 1
    with pytest.raises(ValidationError):
        services.link_to_line(actor=responsable, document=w["internal"], line=other_group_line)
    attachments.attach("plan_line", w["users"]["st"], [line, other_group_line])
    assert [a.title for a in line.attached_documents] == [INTERNAL_TITLE]
    assert other_group_line.attached_documents == []
    # Who may not see the document does not see it attached either.
    attachments.attach("plan_line", w["users"]["otro"], [line])
    assert line.attached_documents == []
    attachments.attach("plan_line", AnonymousUser(), [line])
    assert line.attached_documents == []


def test_agenda_items_take_documents_from_who_may_attach_to_them(w):
    from sessions.models import AgendaItem, Session

    session = Session.objects.create(
        kind=Session.Kind.ORDINARY,
        number=90,
        starts_at=timezone.now() + datetime.timedelta(days=9),
        state=Session.State.CALLED,
    )
    item = AgendaItem.objects.create(session=session, position=1, title="Informe del Grupo 4")
    with pytest.raises(AccessDenied):
        services.link_to_agenda_item(actor=w["users"]["integrante"], document=w["reserved"], item=item)
    services.link_to_agenda_item(actor=w["users"]["st"], document=w["reserved"], item=item)
    attachments.attach("agenda_item", w["users"]["st"], [item])
    assert [a.title for a in item.attached_documents] == [RESERVED_TITLE]


def test_the_daily_digest_is_one_message_per_person_and_day_and_honours_opt_out(client, w):
    today = timezone.localdate()
    yesterday_noon = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(12))
    )
    DocumentVersion.objects.update(uploaded_at=yesterday_noon)
    assert digest.send_digests(day=today) >= 3
    messages = OutboundMessage.objects.filter(kind=digest.DIGEST_KIND)
    by_recipient = {m.recipient: m for m in messages}
    integrante = w["users"]["integrante"].person
    assert integrante.email in by_recipient
    body = by_recipient[integrante.email].body_text
    assert RESERVED_TITLE in body and INTERNAL_TITLE in body and PUBLIC_TITLE in body
    # MTPE's representative takes part in group 1 only: nothing new there, no message.
    assert w["users"]["otro"].person.email not in by_recipient
    count = messages.count()
    assert digest.send_digests(day=today) == count  # queued again means found again: the key holds
    assert OutboundMessage.objects.filter(kind=digest.DIGEST_KIND).count() == count
    # Opting out, from the page.
    login(client, w["users"]["integrante"]).post(reverse("library:digest"), {"receive": "0"})
    OutboundMessage.objects.filter(kind=digest.DIGEST_KIND).delete()
    digest.send_digests(day=today)
    assert not OutboundMessage.objects.filter(kind=digest.DIGEST_KIND, recipient=integrante.email).exists()
    # Nothing uploaded the day before: no digest at all.
    assert digest.send_digests(day=today + datetime.timedelta(days=5)) == 0


def test_api_lists_what_the_caller_may_see_with_versions(client, w):
    client = login(client, w["users"]["integrante"])
    answer = client.get("/api/v1/library/documents/", {"classification": "reserved"})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [d["title"] for d in results] == [RESERVED_TITLE]
    assert results[0]["versions"][0]["number"] == 1
    assert client.get("/api/v1/library/documents/", {"classification": "secreto"}).status_code == 400
    assert client.get(f"/api/v1/library/documents/{w['internal'].pk}/").status_code == 200
    outsider = login(client, w["users"]["otro"])
    assert outsider.get(f"/api/v1/library/documents/{w['internal'].pk}/").status_code == 404


def test_the_documents_api_costs_the_same_queries_for_3_and_23_documents(client, w, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(client, w["users"]["coordinador"])
    client.get("/api/v1/library/documents/")
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/api/v1/library/documents/").json()["results"]) == 3
    for n in range(20):
        document = services.document_create(
            actor=w["users"]["coordinador"], workspace=w["groups"][4], title=f"Doc {n}", file=pdf()
        )
        services.version_add(actor=w["users"]["coordinador"], document=document, file=pdf(text="v2"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/library/documents/").json()["results"]) == 23


def test_the_link_form_links_own_products_and_refuses_others_with_a_message(client, w):
    plan = approved_plan(w)
    plan.state = "published"
    plan.save(update_fields=["state"])
    own = plan.current_version.lines.filter(subgroup__code="4.1").first()
    foreign = plan.current_version.lines.get(subgroup__code="1.1")
    client = login(client, w["users"]["responsable"])
    url = reverse("library:document-link", args=[w["internal"].pk])
    page = client.post(url, {"line": foreign.pk}, follow=True)
    assert "solo se adjunta evidencia a los productos propios" in page.content.decode()
    assert not w["internal"].links.exists()
    page = client.post(url, {}, follow=True)
    assert "Elija un producto del plan o un punto de agenda." in page.content.decode()
    page = client.post(url, {"line": own.pk}, follow=True)
    assert "Documento vinculado al producto." in page.content.decode()
    assert list(w["internal"].links.values_list("line_id", flat=True)) == [own.pk]
