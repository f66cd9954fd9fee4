"""Personal data (Ley 29733): the export of everything held about a person, and the anonymisation
of a former representative's contact data once the retention period is over."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from members.models import Designation, Person
from mtigm.core.models import OutboundMessage, SecurityEvent
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = [pytest.mark.django_db]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_st_and_the_person_export_everything_held_about_them(settings):
    person_user = representative_user(member_entity("MTPE"), username="maria")
    person = Person.objects.get(user=person_user)
    OutboundMessage.objects.create(
        key="k", kind="session_call", recipient=person.email, subject="Citación", body_text="x"
    )
    SecurityEvent.objects.create(kind="login", user=person_user, username="maria")
    st = secretariat_user()
    response = _client(st).get(f"/registro/personas/{person.pk}/datos/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["person"]["fields"]["email"] == person.email
    assert len(data["related"]["members.Designation"]) == 1
    assert data["messages"][0]["subject"] == "Citación"
    assert data["security_log"][0]["kind"] == "login"
    assert data["account"]["username"] == "maria"
    assert SecurityEvent.objects.filter(kind="export", user=st).exists()

    assert _client(person_user).get(f"/registro/personas/{person.pk}/datos/").status_code == 200
    other = representative_user(member_entity("SUNAT"), username="otro")
    assert _client(other).get(f"/registro/personas/{person.pk}/datos/").status_code == 403
    assert Client().get(f"/registro/personas/{person.pk}/datos/").status_code == 302


def _former_representative(years_ago: int) -> Person:
    user = representative_user(member_entity("MTPE"), username="ex", start=datetime.date(2014, 1, 1))
    person = Person.objects.get(user=user)
    person.phone = "01 204 2400"
    person.save()
    end = timezone.localdate().replace(year=timezone.localdate().year - years_ago) - datetime.timedelta(days=1)
    Designation.objects.filter(person=person).update(end=end)
    return person


def test_a_former_representative_is_anonymised_after_the_retention_period_and_keeps_the_name(settings):
    person = _former_representative(years_ago=settings.PERSONAL_DATA_RETENTION_YEARS)
    OutboundMessage.objects.create(
        key="k", kind="session_call", recipient=person.email, subject="Citación", body_text="x"
    )
    name = str(person)
    st = _client(secretariat_user())
    response = st.post(f"/registro/personas/{person.pk}/anonimizar/")
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.email, person.phone, str(person)) == ("", "", name)
    assert set(person.history.values_list("email", "phone")) == {("", "")}
    assert person.user.email == ""
    assert not OutboundMessage.objects.exclude(recipient="").exists()
    assert SecurityEvent.objects.filter(kind="person_anonymised").exists()


def test_contact_data_is_kept_in_office_and_until_the_retention_period_ends(settings):
    person = _former_representative(years_ago=1)
    st = _client(secretariat_user())
    st.post(f"/registro/personas/{person.pk}/anonimizar/")
    person.refresh_from_db()
    assert person.email and person.phone
    in_office = Person.objects.get(user=representative_user(member_entity("SUNAT"), username="activo"))
    st.post(f"/registro/personas/{in_office.pk}/anonimizar/")
    in_office.refresh_from_db()
    assert in_office.email
    page = st.get("/").content.decode()  # the refusal waits as a message on the next page
    assert "designación vigente" in page
    member = _client(Person.objects.get(pk=in_office.pk).user)
    assert member.post(f"/registro/personas/{person.pk}/anonimizar/").status_code == 403
