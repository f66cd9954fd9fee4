"""Site-wide behaviour: Spanish login, English on request, superuser-only admin, API schema and auth."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_site")]


def test_login_page_speaks_spanish(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="es' in content
    assert "Ingresar" in content
    assert "Contraseña" in content


def test_wrong_password_is_refused_in_spanish(client):
    secretariat_user("st")
    response = client.post(reverse("login"), {"username": "st", "password": "equivocada"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "contraseña" in response.content.decode().lower()


def test_language_switch_shows_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    content = client.get(reverse("login")).content.decode()
    assert '<html lang="en"' in content
    assert "Log in" in content
    assert "Password" in content
    assert "Contraseña" not in content
    client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})
    assert "Contraseña" in client.get(reverse("login")).content.decode()


def test_demo_style_login_reaches_home(client):
    secretariat_user("st")
    response = client.post(reverse("login"), {"username": "st", "password": "clave-segura-123"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Bienvenido" in response.content.decode()


def test_admin_is_for_superusers_only(client):
    admin_index = reverse("admin:index")
    # A commission user (even the ST) is not an administrator.
    client.force_login(secretariat_user("st"))
    assert client.get(admin_index).status_code == 302
    # is_staff alone must not open the admin either: the admin is for superusers only.
    staff = representative_user(member_entity("MTPE"), username="staffer")
    get_user_model().objects.filter(pk=staff.pk).update(is_staff=True)
    client.force_login(get_user_model().objects.get(pk=staff.pk))
    response = client.get(admin_index)
    assert response.status_code == 302, "a staff user who is not a superuser must not enter the admin"
    assert reverse("admin:login") in response["Location"]
    superuser = get_user_model().objects.create_superuser("root", "root@example.gob.pe", "clave-segura-123")
    client.force_login(superuser)
    assert client.get(admin_index).status_code == 200


def test_api_schema_and_docs_answer_an_authenticated_user(client):
    client.force_login(representative_user(member_entity("MTPE")))
    schema = client.get(reverse("api:api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["info"]["title"] == "MTIGM API"
    assert document["openapi"].startswith("3.")
    docs = client.get(reverse("api:api-docs"))
    assert docs.status_code == 200
    assert "swagger" in docs.content.decode().lower()
