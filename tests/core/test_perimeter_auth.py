"""Login, tokens and sessions that resist abuse: lockouts on every door, hashed expiring tokens,
session limits, and the security log that records it all."""

from __future__ import annotations

import time

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from mtigm.core.auth import AUTH_AT, SEEN_AT
from mtigm.core.models import SecurityEvent
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_site")]
PASSWORD = "clave-segura-123"


@pytest.fixture
def member():
    return representative_user(member_entity("MTPE"), username="cliente")


def _token(client, username="cliente", password=PASSWORD):
    return client.post(reverse("api:api-token"), {"username": username, "password": password}, format="json")


# Lockout -------------------------------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_is_refused_on_the_login_form(client, member, settings):
    for _ in range(30):
        client.post(reverse("login"), {"username": "cliente", "password": "mala"})
    response = client.post(reverse("login"), {"username": "cliente", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "Demasiados intentos fallidos" in response.content.decode()
    assert "15 minutos" in response.content.decode()


def test_the_fifth_failure_locks_and_four_do_not(client, member):
    for _ in range(4):
        client.post(reverse("login"), {"username": "cliente", "password": "mala"})
    assert client.post(reverse("login"), {"username": "cliente", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(5):
        client.post(reverse("login"), {"username": "cliente", "password": "mala"})
    assert client.post(reverse("login"), {"username": "cliente", "password": PASSWORD}).status_code == 429


def _no_throttle(throttle_rates):
    # The throttle answers 429 too, after ten tries a minute; these tests look at the lockout alone.
    throttle_rates(token="1000/min")


def test_token_endpoint_locks_out_too(member, throttle_rates):
    _no_throttle(throttle_rates)
    client = APIClient()
    for _ in range(30):
        assert _token(client, password="mala").status_code in (400, 429)
    response = _token(client)
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "token" not in response.json()
    assert AuthToken.objects.count() == 0


def test_admin_login_locks_out_too(client):
    admin = secretariat_user("raiz")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    for _ in range(5):
        client.post("/admin/login/", {"username": "raiz", "password": "mala"})
    response = client.post("/admin/login/", {"username": "raiz", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_account_and_address_and_the_st_lifts_it(client, member):
    for _ in range(5):
        client.post(reverse("login"), {"username": "cliente", "password": "mala"}, REMOTE_ADDR="10.0.0.9")
    # The same account from another address still signs in: nobody locks a representative out from afar.
    assert client.post(reverse("login"), {"username": "cliente", "password": PASSWORD}).status_code == 302
    client.logout()
    assert (
        client.post(reverse("login"), {"username": "cliente", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9").status_code
        == 429
    )

    staff = APIClient()
    staff.force_login(secretariat_user("st"))
    page = staff.get(reverse("security-lockouts"))
    assert page.status_code == 200
    assert "10.0.0.9" in page.content.decode()
    attempt = AccessAttempt.objects.get(username="cliente", ip_address="10.0.0.9")
    assert staff.post(reverse("security-lockout-lift", args=[attempt.pk])).status_code == 302
    assert (
        client.post(reverse("login"), {"username": "cliente", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9").status_code
        == 302
    )
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"login_failed", "lockout", "lockout_lifted", "login"} <= kinds


def test_only_the_st_sees_lockouts_and_the_security_log(client, member):
    client.force_login(member)
    assert client.get(reverse("security-lockouts")).status_code == 403
    assert client.get(reverse("security-log")).status_code == 403
    assert SecurityEvent.objects.filter(kind="denied", user=member, path=reverse("security-log")).exists()


# Tokens --------------------------------------------------------------------------------------------


def test_tokens_are_hashed_at_rest_expire_and_several_are_allowed(member, settings):
    client = APIClient()
    first, second = _token(client), _token(client)
    assert first.status_code == second.status_code == 201
    token = first.json()["token"]
    stored = AuthToken.objects.get(token_key=first.json()["token_key"])
    assert token not in (stored.digest, stored.token_key) and len(stored.digest) == 128
    assert stored.expiry is not None
    days = (stored.expiry - stored.created).days
    assert days == settings.REST_KNOX["TOKEN_TTL"].days - 1 or days == settings.REST_KNOX["TOKEN_TTL"].days

    authed = APIClient()
    authed.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    answer = authed.get(reverse("test-whoami"))
    assert answer.json() == {"username": "cliente", "auth": "TokenAuthentication"}
    listed = authed.get(reverse("api:api-token-list")).json()
    assert {row["token_key"] for row in listed} == {first.json()["token_key"], second.json()["token_key"]}
    assert all("digest" not in row and "token" not in row for row in listed)


def test_an_expired_token_is_refused(member):
    client = APIClient()
    response = _token(client)
    AuthToken.objects.update(expiry=AuthToken.objects.get().created)
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    # Session authentication comes first in settings, so REST framework answers 403 rather than 401.
    assert client.get(reverse("test-whoami")).status_code in (401, 403)
    assert not AuthToken.objects.exists()  # presented expired, it is deleted


def test_a_token_costs_one_query_and_expired_ones_are_neither_listed_nor_read(member, django_assert_num_queries):
    client = APIClient()
    kept, expired = _token(client).json(), _token(client).json()
    AuthToken.objects.filter(token_key=expired["token_key"]).update(
        expiry=AuthToken.objects.get(token_key=expired["token_key"]).created
    )
    client.credentials(HTTP_AUTHORIZATION=f"Token {kept['token']}")
    assert [row["token_key"] for row in client.get(reverse("api:api-token-list")).json()] == [kept["token_key"]]
    # The token with its user, in one query: the user's other tokens are not read on every request.
    with django_assert_num_queries(1):
        assert client.get(reverse("test-whoami")).status_code == 200
    # The expired one stays until it is presented or a new token is asked for.
    assert AuthToken.objects.filter(token_key=expired["token_key"]).exists()
    _token(client)
    assert not AuthToken.objects.filter(token_key=expired["token_key"]).exists()


def test_a_client_revokes_a_token_and_a_password_change_revokes_all(member):
    # The account's first password (set when it was made) is not a change.
    assert not SecurityEvent.objects.filter(kind="password_changed").exists()
    client = APIClient()
    kept, revoked = _token(client).json(), _token(client).json()
    client.credentials(HTTP_AUTHORIZATION=f"Token {kept['token']}")
    assert client.delete(reverse("api:api-token-revoke", args=[revoked["token_key"]])).status_code == 204
    assert client.delete(reverse("api:api-token-revoke", args=[revoked["token_key"]])).status_code == 404
    assert client.get(reverse("test-whoami")).status_code == 200

    member.set_password("otra-clave-segura-456")
    member.save()
    assert AuthToken.objects.filter(user=member).count() == 0
    # Session authentication comes first in settings, so REST framework answers 403 rather than 401.
    assert client.get(reverse("test-whoami")).status_code in (401, 403)
    assert SecurityEvent.objects.filter(kind="password_changed", user=member).exists()


def test_tokens_per_client_are_bounded(member, settings):
    settings.API_TOKENS_PER_USER = 2
    client = APIClient()
    assert _token(client).status_code == 201
    assert _token(client).status_code == 201
    response = _token(client)
    assert response.status_code == 409
    assert response.json()["code"] == "token_limit"


def test_the_token_endpoint_is_throttled(member, settings, throttle_rates):
    throttle_rates(token="3/min")
    settings.API_TOKENS_PER_USER = 50
    client = APIClient()
    answers = [_token(client).status_code for _ in range(5)]
    assert answers[:3] == [201, 201, 201]
    assert answers[3:] == [429, 429]
    throttled = client.post(reverse("api:api-token"), {}, format="json")
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["code"] == "throttled"


# Browser sessions ----------------------------------------------------------------------------------


def _login(client):
    assert client.post(reverse("login"), {"username": "cliente", "password": PASSWORD}).status_code == 302


def test_an_idle_session_ends(client, member, settings):
    _login(client)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SEEN_AT] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="session_expired", user=member).exists()


def test_an_active_session_ends_at_the_absolute_limit(client, member, settings):
    _login(client)
    session = client.session
    session[AUTH_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 5
    session[SEEN_AT] = int(time.time())
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_password_change_ends_other_sessions(client, member):
    _login(client)
    other = APIClient()
    _login(other)
    member.set_password("otra-clave-segura-456")
    member.save()
    assert client.get(reverse("home")).status_code == 302
    assert other.get(reverse("home")).status_code == 302


# The security log over the API ----------------------------------------------------------------------


def test_the_st_pages_the_security_log_over_the_api_and_filters_it(member, throttle_rates):
    _no_throttle(throttle_rates)
    anonymous = APIClient()
    for _ in range(3):
        _token(anonymous, password="mala")
    st = APIClient()
    st.force_authenticate(secretariat_user("st"))
    page = st.get(reverse("api:security-event-list"), {"kind": "login_failed", "username": "cliente"})
    assert page.status_code == 200
    assert page.json()["count"] == 3
    assert {row["path"] for row in page.json()["results"]} == {reverse("api:api-token")}
    assert st.get(reverse("api:security-event-list"), {"kind": "nada"}).status_code == 400
    member_client = APIClient()
    member_client.force_authenticate(member)
    assert member_client.get(reverse("api:security-event-list")).status_code == 403
