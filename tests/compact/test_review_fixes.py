"""Defects found by reading the consultation's code, each pinned by a test: messages in the
commission's language, private contact data, the submit button, returns after closing, the Informe's
count, links the writer cannot see, and texts PostgreSQL or a workbook would refuse."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from compact import services
from compact.models import Consultation, Contribution, Objective
from compact.selectors import informe_context
from decisions.models import Agreement
from mtigm.core.models import OutboundMessage
from sessions.models import Session
from tests.factories import members as f

from .helpers import START, api_client, focal_point, objective, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def _open(w, *, objectives=(1, 6, 23)) -> Consultation:
    st = w["users"]["st"]
    consultation = services.consultation_create(
        actor=st,
        title="Consulta 2025",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        objectives=list(Objective.objects.filter(number__in=objectives)),
        invited=[w["entities"]["MTPE"], w["entities"]["MIGRACIONES"]],
    )
    return services.consultation_open(actor=st, consultation=consultation)


def _contribution(w, consultation, *, number=6, user="mtpe", **extra) -> Contribution:
    return services.contribution_create(
        actor=w["users"][user],
        consultation=consultation,
        objective=objective(number),
        criterion="norm",
        title=extra.pop("title", "Resolución"),
        description="Texto",
        **extra,
    )


def test_messages_are_written_in_the_commissions_language(w):
    focal_point(w, "MTPE", 6, "fp.mtpe@example.gob.pe")
    with translation.override("en"):  # the ST browses in English
        consultation = _open(w)
        contribution = _contribution(w, consultation)
        services.contribution_submit(actor=w["users"]["mtpe"], contribution=contribution)
        services.contribution_return(actor=w["users"]["st"], contribution=contribution, observations="Complete.")
    subjects = set(OutboundMessage.objects.values_list("subject", flat=True))
    assert any(s.startswith("Consulta nacional:") for s in subjects), subjects
    assert any(s.startswith("Aporte devuelto con observaciones") for s in subjects), subjects
    assert not any("National consultation" in s or "returned" in s for s in subjects)
    call = OutboundMessage.objects.filter(kind="compact_consultation_call").first()
    assert " de " in call.body_text and "December" not in call.body_text


def test_a_persons_private_contact_is_copied_only_by_who_may_read_it(w):
    person = f.PersonFactory(email="privado@example.gob.pe", phone="999 111 222", user=None)
    point = services.focal_point_create(
        actor=w["users"]["mtpe"], entity=w["entities"]["MTPE"], objective=objective(1), person=person, start=START
    )
    assert point.email == "" and point.phone == ""
    by_st = services.focal_point_create(
        actor=w["users"]["st"], entity=w["entities"]["MTPE"], objective=objective(2), person=person, start=START
    )
    assert by_st.email == "privado@example.gob.pe"


def test_a_representative_of_another_entity_is_not_named_focal_point(w):
    other = w["users"]["migraciones"].person
    answer = api_client(w["users"]["mtpe"]).post(
        "/api/v1/compact/focal-points/",
        {"entity": w["entities"]["MTPE"].pk, "objective": 1, "person": other.pk, "start": START.isoformat()},
        format="json",
    )
    assert answer.status_code == 400 and "person" in answer.json()
    assert "MIGRACIONES" in str(answer.json()["person"])


def test_the_submit_button_sends_what_is_on_screen(w, client):
    consultation = _open(w)
    contribution = _contribution(w, consultation)
    client.force_login(w["users"]["mtpe"])
    answer = client.post(
        f"/pacto-mundial/aportes/{contribution.pk}/",
        {
            "action": "submit",
            "objective": objective(6).pk,
            "criterion": "norm",
            "title": "Resolución corregida",
            "description": "Texto nuevo",
        },
    )
    assert answer.status_code == 302
    contribution.refresh_from_db()
    assert contribution.state == "submitted" and contribution.title == "Resolución corregida"
    # An invalid form sends nothing.
    other = _contribution(w, consultation, title="Otro")
    answer = client.post(f"/pacto-mundial/aportes/{other.pk}/", {"action": "submit", "title": ""})
    assert answer.status_code == 400
    other.refresh_from_db()
    assert other.state == "draft"


def test_nothing_is_returned_once_the_consultation_is_closed(w):
    consultation = _open(w)
    contribution = _contribution(w, consultation)
    services.contribution_submit(actor=w["users"]["mtpe"], contribution=contribution)
    services.consultation_close(actor=w["users"]["st"], consultation=consultation)
    st = api_client(w["users"]["st"])
    refused = st.post(f"/api/v1/compact/contributions/{contribution.pk}/return/", {"observations": "X"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "consultation_not_open"
    assert st.post(f"/api/v1/compact/contributions/{contribution.pk}/accept/", {}, format="json").status_code == 200


def test_no_evidence_is_attached_once_the_consultation_is_closed(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    consultation = _open(w)
    contribution = _contribution(w, consultation)
    services.consultation_close(actor=w["users"]["st"], consultation=consultation)
    answer = api_client(w["users"]["mtpe"]).post(
        f"/api/v1/compact/contributions/{contribution.pk}/documents/",
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")},
        format="multipart",
    )
    assert answer.status_code == 409


def test_an_objective_in_every_area_is_counted_once(w):
    consultation = _open(w)
    for number in (23, 1):
        contribution = _contribution(w, consultation, number=number, title=f"Aporte {number}")
        services.contribution_submit(actor=w["users"]["mtpe"], contribution=contribution)
        services.contribution_accept(actor=w["users"]["st"], contribution=contribution)
    assert informe_context(consultation)["accepted"] == 2


def test_saving_keeps_the_links_the_writer_cannot_see(w):
    session = Session.objects.create(
        kind=Session.Kind.ORDINARY, number=40, starts_at=timezone.now(), state=Session.State.HELD, place="Lima"
    )
    reserved = Agreement.objects.create(
        session=session, number=1, text="Acuerdo reservado", owner=w["entities"]["MTPE"], public=False
    )
    person = f.PersonFactory(user__username="fp.mtpe")
    services.focal_point_create(
        actor=w["users"]["st"], entity=w["entities"]["MTPE"], objective=objective(6), person=person, start=START
    )
    consultation = _open(w)
    contribution = _contribution(w, consultation, agreements=[reserved])
    url = f"/api/v1/compact/contributions/{contribution.pk}/"
    # The focal point sees no reserved agreement: saving with none chosen keeps it.
    saved = api_client(person.user).patch(url, {"title": "Corregido", "agreements": []}, format="json")
    assert saved.status_code == 200, saved.content
    assert list(contribution.agreements.all()) == [reserved]
    # The representative, who sees it, removes it.
    assert api_client(w["users"]["mtpe"]).patch(url, {"agreements": []}, format="json").status_code == 200
    assert not contribution.agreements.exists()


@pytest.mark.parametrize("text", ["con\x00nulo", "x" * 20001])
def test_texts_postgresql_refuses_are_a_400_naming_the_field(w, client, text):
    consultation = _open(w)
    contribution = _contribution(w, consultation)
    services.contribution_submit(actor=w["users"]["mtpe"], contribution=contribution)
    st = api_client(w["users"]["st"])
    answer = st.post(f"/api/v1/compact/contributions/{contribution.pk}/return/", {"observations": text}, format="json")
    assert answer.status_code == 400 and "observations" in answer.json()
    client.force_login(w["users"]["st"])
    page = client.post(f"/pacto-mundial/consultas/{consultation.pk}/informe-pais/", {"area": 1, "text": text})
    assert page.status_code in (302, 400)
    assert not consultation.narratives.exists()


def test_control_characters_do_not_break_the_workbook(w, client):
    consultation = _open(w)
    _contribution(w, consultation, title="Con\x0btabulación vertical", results="=HYPERLINK(1)")
    client.force_login(w["users"]["st"])
    answer = client.get(f"/pacto-mundial/consultas/{consultation.pk}/aportes.xlsx")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    values = [cell for row in book.active.iter_rows(values_only=True) for cell in row]
    assert "Contabulación vertical" in values and "'=HYPERLINK(1)" in values


def test_the_same_focal_point_is_not_named_twice(w):
    focal_point(w, "MTPE", 6, "fp.mtpe@example.gob.pe", name="Ana Gamarra")
    again = api_client(w["users"]["mtpe"]).post(
        "/api/v1/compact/focal-points/",
        {"entity": w["entities"]["MTPE"].pk, "objective": 6, "name": "ana gamarra", "start": START.isoformat()},
        format="json",
    )
    assert again.status_code == 400 and "name" in again.json()
    # For another objective, or another person, it is a new focal point.
    focal_point(w, "MTPE", 7, "fp.mtpe@example.gob.pe", name="Ana Gamarra")
    focal_point(w, "MTPE", 6, "otro@example.gob.pe", name="Luis Soto")
