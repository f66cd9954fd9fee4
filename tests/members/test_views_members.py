import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Designation, Entity
from tests.factories.members import DesignationFactory, member_entity

pytestmark = pytest.mark.django_db
D = datetime.date

READ_PAGES = [
    "/registro/",
    "/registro/designaciones/",
    "/registro/grupos/",
    "/registro/comisiones-de-apoyo/",
    "/registro/sociedad-civil/",
    "/registro/composicion/?fecha=2014-09-16",
    "/registro/exportar/entidades.csv",
    "/registro/exportar/sociedad-civil.csv",
]


@pytest.mark.parametrize("url", READ_PAGES)
def test_read_pages_for_a_member_representative(client, reference, member_user, url):
    client.force_login(member_user)
    assert client.get(url).status_code == 200


def test_anonymous_goes_to_login(client, db):
    response = client.get("/registro/")
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


def test_edit_pages_are_for_the_secretariat_only(client, member_user, designation_titular):
    client.force_login(member_user)
    for url in [
        "/registro/entidades/nueva/",
        f"/registro/designaciones/{designation_titular.pk}/editar/",
        f"/registro/designaciones/{designation_titular.pk}/reemplazar/",
        "/registro/designaciones/nueva/",
        "/registro/grupos/nuevo/",
    ]:
        assert client.get(url).status_code == 403, url
    response = client.post(
        f"/registro/designaciones/{designation_titular.pk}/editar/",
        {"person": designation_titular.person_id, "start": "2014-03-01"},
    )
    assert response.status_code == 403
    designation_titular.refresh_from_db()
    assert designation_titular.start == D(2014, 2, 1)


def test_secretariat_edits_a_designation_and_gets_the_notice_warning(client, st_user, designation_titular):
    client.force_login(st_user)
    url = f"/registro/designaciones/{designation_titular.pk}/editar/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "person": designation_titular.person_id,
            "resolution_number": "R.M. N° 010-2014-TR",
            "resolution_date": "2014-02-10",
            "notified_on": "2014-03-08",
            "start": "2014-02-01",
            "end": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    designation_titular.refresh_from_db()
    assert designation_titular.resolution_number == "R.M. N° 010-2014-TR"
    text = response.content.decode()
    assert "26 días después de la resolución" in text and "Art. 7.5" in text


def test_form_shows_the_rule_when_refusing_an_overlap(client, st_user, designation_titular):
    client.force_login(st_user)
    response = client.post(
        "/registro/designaciones/nueva/",
        {
            "entity": designation_titular.entity_id,
            "role": "titular",
            "new_first_name": "Ana",
            "new_last_name": "Paz",
            "start": "2015-01-01",
        },
    )
    assert response.status_code == 200
    assert "Art. 7.5" in response.content.decode()
    assert Designation.objects.count() == 1


def test_replace_through_the_ui(client, st_user, designation_titular):
    client.force_login(st_user)
    response = client.post(
        f"/registro/designaciones/{designation_titular.pk}/reemplazar/",
        {"new_first_name": "Ana", "new_last_name": "Paz", "start": "2016-05-02", "resolution_number": "R.M. 1"},
    )
    assert response.status_code == 302
    designation_titular.refresh_from_db()
    assert designation_titular.end == D(2016, 5, 1)
    assert str(designation_titular.replaced_by.person) == "Ana Paz"


def test_entity_history_page_lists_changes(client, st_user, designation_titular):
    client.force_login(st_user)
    response = client.get(f"/registro/entidades/{designation_titular.entity_id}/historial/")
    assert response.status_code == 200
    assert str(designation_titular.person) in response.content.decode()


def test_entities_csv_has_current_representatives(client, reference, member_user):
    rree = Entity.objects.get(acronym="RREE")
    titular = DesignationFactory(entity=rree, start=D(2014, 1, 1), resolution_number="=HYPERLINK(1)")
    client.force_login(member_user)
    response = client.get("/registro/exportar/entidades.csv?fecha=2015-01-01")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Sigla"
    by_acronym = {row[0]: row for row in rows[1:]}
    assert len(by_acronym) == 21 + 3 + 3 + 7  # members, observers, agencies, CSOs on 1 Jan 2015 (IEP from the 15th)
    assert by_acronym["RREE"][6] == str(titular.person)
    assert by_acronym["RREE"][8] == "'=HYPERLINK(1)"  # neutralised for spreadsheets
    assert "GIZ" not in by_acronym


def test_cso_csv_has_every_registry_field(client, reference, member_user):
    client.force_login(member_user)
    response = client.get("/registro/exportar/sociedad-civil.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    for letter in "abcdefghijk":
        assert any(cell.startswith(f"{letter})") for cell in header), letter
    ucss = next(row for row in rows if row[1] == "UCSS")
    assert ucss[4] == "2014-05-27"
    assert "número de partida registral" in ucss[-1]


def test_composition_page_counts(client, reference, member_user):
    client.force_login(member_user)
    before = client.get("/registro/composicion/?fecha=2014-03-11").content.decode()
    after = client.get("/registro/composicion/?fecha=2014-03-12").content.decode()
    assert "RENIEC" not in before and "RENIEC" in after
    assert "<strong>19</strong>" in before and "<strong>20</strong>" in after


def test_entity_list_page_has_constant_queries(client, st_user):
    client.force_login(st_user)

    def grow(n):
        for _ in range(n):
            DesignationFactory(entity=member_entity(), start=D(2014, 1, 1))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/registro/").status_code == 200
        return len(queries)

    grow(3)
    small = count()
    grow(27)
    assert count() == small


def test_english_translation(client, reference, member_user):
    client.force_login(member_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/registro/"})
    text = client.get("/registro/").content.decode()
    assert "Registry of entities" in text
    assert "Registro de entidades" not in text
    spanish = client.get("/registro/", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 200


def test_entity_and_group_detail_pages(client, reference, st_user):
    from members.models import CsoRegistration, Subgroup, WorkingGroup

    client.force_login(st_user)
    rree = Entity.objects.get(acronym="RREE")
    DesignationFactory(entity=rree, start=D(2014, 1, 1))
    text = client.get(f"/registro/entidades/{rree.pk}/").content.decode()
    assert "Ministerio de Relaciones Exteriores" in text and "Registrar designación" in text  # alternate vacant
    group = WorkingGroup.objects.get(number=4)
    Subgroup.objects.create(group=group, code="4.1", name="Tema")
    assert "MIGRACIONES" in client.get(f"/registro/grupos/{group.pk}/").content.decode()
    assert client.get(f"/registro/subgrupos/{group.subgroups.get().pk}/").status_code == 200
    registration = CsoRegistration.objects.get(entity__acronym="CAL")
    text = client.get(f"/registro/sociedad-civil/{registration.pk}/").content.decode()
    assert "Colegio de Abogados de Lima" in text and "k) Otros datos" in text
    for url in [
        f"/registro/entidades/{rree.pk}/editar/",
        f"/registro/entidades/{rree.pk}/membresias/nueva/",
        f"/registro/grupos/{group.pk}/coordinacion/",
        f"/registro/sociedad-civil/{registration.pk}/editar/",
        "/registro/sociedad-civil/inscribir/",
    ]:
        assert client.get(url).status_code == 200, url
