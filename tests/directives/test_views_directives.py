import datetime

import pytest
from django.urls import reverse

from directives.models import NonWorkingDay, Rule
from directives.reference import RULES
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def member_client(client):
    client.force_login(representative_user(member_entity("MTPE")))
    return client


@pytest.fixture
def st_client(client):
    client.force_login(secretariat_user())
    return client


def test_rules_page_lists_every_rule_with_citation_and_link(member_client):
    response = member_client.get(reverse("directives:rule-list"))
    html = response.content.decode()
    assert response.status_code == 200
    for key, name, *_rest in RULES:
        assert name in html
        assert f'id="{key}"' in html
    assert "7 días hábiles" in html
    assert "mitad más uno de las entidades miembro" in html
    assert "1.ª semana de abril" in html
    assert reverse("directives:article-detail", args=["reglamento", "11"]) in html
    assert reverse("directives:article-detail", args=["dir-003-2014", "6.1.3"]) in html


def test_rules_page_on_a_date(st_client):
    Rule.objects.filter(key="session.quorum_tolerance_minutes").update(valid_to=D(2029, 12, 31))
    Rule.objects.create(
        key="session.quorum_tolerance_minutes",
        name="Tolerancia",
        value=30,
        unit="minutes",
        valid_from=D(2030, 1, 1),
        article="Art. 12",
        norm=Rule.objects.get(key="session.quorum").norm,
    )
    assert "30 minutos" in st_client.get(reverse("directives:rule-list"), {"on": "2030-02-01"}).content.decode()
    assert "30 minutos" not in st_client.get(reverse("directives:rule-list"), {"on": "2029-02-01"}).content.decode()


def test_rules_page_in_english(member_client):
    member_client.cookies["django_language"] = "en"
    response = member_client.get(reverse("directives:rule-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rules in force" in html
    assert "7 business days" in html
    assert "1st week of April" in html
    assert "half plus one of the member entities" in html
    # Citations stay in the language of the norm.
    assert "Art. 11, Reglamento de la MTIGM" in html


def test_norm_pages(member_client):
    html = member_client.get(reverse("directives:norm-list")).content.decode()
    assert "Directiva N° 003-2014 ST-MTIGM" in html
    detail = member_client.get(reverse("directives:norm-detail", args=["dir-003-2014"])).content.decode()
    assert "13/03/2014" in detail or "13 de marzo de 2014" in detail
    article = member_client.get(reverse("directives:article-detail", args=["reglamento", "12"]))
    assert "quince (15) minutos" in article.content.decode()
    assert member_client.get(reverse("directives:norm-detail", args=["no-existe"])).status_code == 404


def test_rule_version_form_for_st_only(st_client, client):
    url = reverse("directives:rule-detail", args=["session.agenda_extension_business_days"])
    norm = Rule.objects.get(key="session.agenda_extension_business_days").norm
    response = st_client.post(url, {"value": "3", "valid_from": "2031-01-01", "norm": norm.pk, "article": "Art. 11"})
    assert response.status_code == 302
    assert Rule.objects.filter(key="session.agenda_extension_business_days").count() == 2
    bad = st_client.post(url, {"value": "3", "valid_from": "2020-01-01", "norm": norm.pk, "article": "Art. 11"})
    assert "debe regir después" in bad.content.decode()


def test_rule_version_form_refused_to_members(member_client):
    url = reverse("directives:rule-detail", args=["session.agenda_extension_business_days"])
    assert "Registrar una nueva versión" not in member_client.get(url).content.decode()
    norm = Rule.objects.get(key="session.agenda_extension_business_days").norm
    response = member_client.post(url, {"value": "3", "valid_from": "2031-01-01", "norm": norm.pk, "article": "x"})
    assert response.status_code == 403


def test_non_working_days_ui(st_client):
    url = reverse("directives:nonworkingday-list")
    page = st_client.get(url, {"anio": 2014}).content.decode()
    assert "Jueves Santo" in page and "Día de la Independencia" in page
    response = st_client.post(url, {"date": "2014-12-26", "reason": "Día no laborable", "legal_basis": "D.S."})
    assert response.status_code == 302
    day = NonWorkingDay.objects.get()
    dup = st_client.post(url, {"date": "2014-12-26", "reason": "Otra", "legal_basis": ""})
    assert "ya está registrado" in dup.content.decode()
    assert st_client.post(reverse("directives:nonworkingday-delete", args=[day.pk])).status_code == 302
    assert not NonWorkingDay.objects.exists()


def test_non_working_days_ui_refused_to_members(client):
    client.force_login(representative_user(member_entity("MTPE")))
    assert client.get(reverse("directives:nonworkingday-list")).status_code == 403


def test_deadline_calculator(member_client):
    html = member_client.get(
        reverse("directives:deadline-calculator"), {"session_date": "2014-07-31", "kind": "ordinary"}
    ).content.decode()
    # 7 business days strictly before Thu 31 July 2014, skipping 28-29 July: call by Thu 17 July (18..30 July leave 7).
    assert "17 de julio de 2014" in html
    assert "Art. 11" in html
    assert "Día de la Independencia" in html


def test_menu_entries():
    from directives.menu import MENU
    from members.roles import roles_for
    from mtigm.core.menu import menu_for

    ours = {item.route for item in MENU}
    st_user = secretariat_user("st3")
    labels = [item.label for item in menu_for(roles_for(st_user)) if item.route in ours]
    assert labels == ["Normas", "Reglas vigentes", "Días no laborables"]
    member = representative_user(member_entity("SUNAT"))
    assert "Días no laborables" not in [item.label for item in menu_for(roles_for(member))]
