import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from directives.models import NonWorkingDay, Rule
from directives.services import rule_version_create
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = pytest.mark.django_db
D = datetime.date


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_is_refused():
    assert client_for().get(reverse("api:rule-list")).status_code in (401, 403)


def test_norms_list_and_detail_with_articles():
    client = client_for(representative_user(member_entity("MTPE")))
    listing = client.get(reverse("api:norm-list")).json()["results"]
    assert {n["code"] for n in listing} >= {"reglamento", "dir-003-2014", "ds-067-2011-pcm"}
    detail = client.get(reverse("api:norm-detail", args=["reglamento"])).json()
    assert detail["issued_on"] == "2014-01-20"
    assert any(a["label"] == "Art. 12" and "quince (15) minutos" in a["text"] for a in detail["articles"])
    articles = client.get(reverse("api:norm-articles", args=["dir-002-2014"])).json()
    assert "§4.2.6" in [a["label"] for a in articles]


def test_rules_on_a_date():
    st = secretariat_user()
    rule_version_create(
        actor=st,
        key="session.quorum_tolerance_minutes",
        value=30,
        valid_from=D(2030, 1, 1),
        norm=Rule.objects.filter(key="session.quorum").first().norm,
        article="Art. 12",
    )
    client = client_for(st)
    today = {r["key"]: r for r in client.get(reverse("api:rule-list"), {"on": "2029-01-01"}).json()}
    later = {r["key"]: r for r in client.get(reverse("api:rule-list"), {"on": "2030-01-01"}).json()}
    assert today["session.quorum_tolerance_minutes"]["value"] == 15
    assert later["session.quorum_tolerance_minutes"]["value"] == 30
    assert today["session.notice_business_days.ordinary"]["value_text"] == "7 días hábiles"
    assert today["session.quorum"]["citation"] == "Art. 12, Reglamento de la MTIGM (R.M. N° 0037-RE-2014)"
    assert client.get(reverse("api:rule-list"), {"on": "ayer"}).status_code == 400


def test_business_days_endpoint_lists_reasons():
    client = client_for(representative_user(member_entity("MTPE")))
    data = client.get(reverse("api:business-days"), {"start": "2014-07-25", "end": "2014-07-31"}).json()
    assert data["business_days"] == 1  # only Wed 30 July
    kinds = {d["date"]: (d["kind"], d["reason"]) for d in data["non_business_days"]}
    assert kinds["2014-07-28"] == ("holiday", "Día de la Independencia")
    assert kinds["2014-07-26"][0] == "weekend"
    assert client.get(reverse("api:business-days"), {"start": "2014-07-25"}).status_code == 400
    assert client.get(reverse("api:business-days"), {"start": "2014-07-25", "end": "2014-07-01"}).status_code == 400


def test_only_st_creates_non_working_days():
    payload = {"date": "2024-12-23", "reason": "Día no laborable", "legal_basis": "D.S. N° 000-2024-PCM"}
    member = client_for(representative_user(member_entity("MTPE")))
    assert member.post(reverse("api:non-working-day-list"), payload, format="json").status_code == 403
    st = client_for(secretariat_user())
    created = st.post(reverse("api:non-working-day-list"), payload, format="json")
    assert created.status_code == 201, created.content
    again = st.post(reverse("api:non-working-day-list"), payload, format="json")
    assert again.status_code == 400
    assert "ya está registrado" in str(again.json())
    assert member.get(reverse("api:non-working-day-list")).json()["results"][0]["date"] == "2024-12-23"
    assert st.delete(reverse("api:non-working-day-detail", args=[created.json()["id"]])).status_code == 204
    assert not NonWorkingDay.objects.exists()


def test_constant_queries(django_assert_num_queries):
    client = client_for(secretariat_user())
    url = reverse("api:non-working-day-list")
    NonWorkingDay.objects.create(date=D(2031, 1, 2), reason="Día 0")
    client.get(url)  # warm caches (content types, sessions)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
            assert client.get(reverse("api:rule-list")).status_code == 200
            assert client.get(reverse("api:norm-list")).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for day in range(1, 28):
        NonWorkingDay.objects.create(date=D(2031, 2, day), reason=f"Día {day}")
    st = secretariat_user("st2")
    for n in range(5):
        rule_version_create(
            actor=st,
            key="session.quorum_tolerance_minutes",
            value=20 + n,
            valid_from=D(2032 + n, 1, 1),
            norm=Rule.objects.get(key="session.quorum").norm,
            article="Art. 12",
        )
    with django_assert_num_queries(small):
        client.get(url)
        client.get(reverse("api:rule-list"))
        client.get(reverse("api:norm-list"))


def test_openapi_schema_documents_the_endpoints():
    schema = client_for(secretariat_user()).get(reverse("api:api-schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ["/api/v1/norms/", "/api/v1/rules/", "/api/v1/non-working-days/", "/api/v1/business-days/"]:
        assert path in paths
