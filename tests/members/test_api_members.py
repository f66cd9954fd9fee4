import datetime

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from members import services
from members.models import ApiClient, Designation, Entity, EntityKind, SupportCommission
from tests.factories.members import (
    DesignationFactory,
    GroupCoordinatorFactory,
    PersonFactory,
    SubgroupLeadFactory,
    UserFactory,
    member_entity,
    secretariat_user,
)

pytestmark = pytest.mark.django_db
D = datetime.date
START = D(2020, 1, 1)


@pytest.fixture
def users(db):
    """One user per role, each from a designation in office today."""
    rree = member_entity("RREE")
    mtpe = member_entity("MTPE")
    migraciones = member_entity("MIGRACIONES")
    mininter = member_entity("MININTER")
    observer = member_entity("DP", kind=EntityKind.OBSERVER)
    commission = SupportCommission.objects.create(kind="civil_society", name="Comisión SC")
    cso = member_entity("UCSS", kind=EntityKind.CIVIL_SOCIETY, support_commission=commission)
    group = GroupCoordinatorFactory(entity=migraciones, start=START).group
    SubgroupLeadFactory(entity=mininter, subgroup__group=group, start=START)
    api_user = UserFactory(username="portal")
    ApiClient.objects.create(user=api_user, name="Portal")

    def rep(entity, username):
        return DesignationFactory(entity=entity, start=START, person__user__username=username).person.user

    return {
        "secretariat": secretariat_user("st-api"),
        "presidency": rep(rree, "presi"),
        "member": rep(mtpe, "miembro"),
        "observer": rep(observer, "obs"),
        "support": rep(cso, "sc"),
        "coordinator": rep(migraciones, "coord"),
        "lead": rep(mininter, "resp"),
        "api_client": api_user,
    }


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


READ_URLS = [
    "/api/v1/entities/",
    "/api/v1/designations/",
    "/api/v1/groups/",
    "/api/v1/subgroups/",
    "/api/v1/cso-registry/",
    "/api/v1/composition/",
]


@pytest.mark.parametrize(
    "role", ["secretariat", "presidency", "member", "observer", "support", "coordinator", "lead", "api_client"]
)
@pytest.mark.parametrize("url", READ_URLS)
def test_every_role_reads(users, role, url):
    assert client_for(users[role]).get(url).status_code == 200


@pytest.mark.parametrize("url", READ_URLS)
def test_anonymous_is_refused(db, url):
    assert APIClient().get(url).status_code in (401, 403)


def test_user_without_designation_is_refused(db):
    assert client_for(UserFactory(username="nadie")).get("/api/v1/entities/").status_code == 403


def test_token_authentication(users):
    _instance, token = AuthToken.objects.create(user=users["api_client"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/entities/?kind=member")
    assert response.status_code == 200
    assert {row["acronym"] for row in response.json()["results"]} == {"RREE", "MTPE", "MIGRACIONES", "MININTER"}


def _payload(entity_id, **extra):
    return {
        "entity": entity_id,
        "role": "alternate",
        "first_name": "Lucía",
        "last_name": "Ramírez",
        "start": "2024-03-01",
        "resolution_number": "R.M. N° 045-2024-TR",
        "resolution_date": "2024-02-01",
        "notified_on": "2024-02-28",
        **extra,
    }


def test_secretariat_creates_a_designation_and_sees_the_late_notice_warning(users):
    mtpe = Entity.objects.get(acronym="MTPE")
    response = client_for(users["secretariat"]).post("/api/v1/designations/", _payload(mtpe.pk), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["entity"] == "MTPE" and body["role"] == "alternate"
    assert body["person"]["full_name"] == "Lucía Ramírez"
    assert "Art. 7.5" in body["warnings"][0]


@pytest.mark.parametrize("role", ["presidency", "member", "observer", "support", "coordinator", "lead", "api_client"])
def test_other_roles_cannot_write(users, role):
    mtpe = Entity.objects.get(acronym="MTPE")
    response = client_for(users[role]).post("/api/v1/designations/", _payload(mtpe.pk), format="json")
    assert response.status_code == 403
    assert not Designation.objects.filter(entity=mtpe, role="alternate").exists()


def test_overlap_is_a_400_with_the_citation(users):
    mtpe = Entity.objects.get(acronym="MTPE")
    response = client_for(users["secretariat"]).post(
        "/api/v1/designations/", _payload(mtpe.pk, role="titular"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "designation.one_titular_one_alternate"
    assert "Art. 7.5" in response.json()["citation"]


def test_replace_through_the_api_and_the_replaced_representative_loses_access(users):
    member = users["member"]
    designation = Designation.objects.get(person__user=member)
    today = timezone.localdate()
    response = client_for(users["secretariat"]).post(
        f"/api/v1/designations/{designation.pk}/replace/",
        {"person": PersonFactory().pk, "start": today.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    designation.refresh_from_db()
    assert designation.end == today - datetime.timedelta(days=1)
    assert designation.replaced_by_id == response.json()["id"]
    assert client_for(member).get("/api/v1/entities/").status_code == 403


def test_entities_on_date_and_composition(users):
    Entity.objects.filter(acronym="MININTER").update(kind=EntityKind.MEMBER)
    client = client_for(users["api_client"])
    late = member_entity("RENIEC", start=D(2022, 3, 12))
    early = client.get("/api/v1/entities/?kind=member&on=2021-01-01").json()
    assert late.acronym not in {row["acronym"] for row in early["results"]}
    later = client.get("/api/v1/entities/?kind=member&on=2023-01-01").json()
    assert late.acronym in {row["acronym"] for row in later["results"]}
    composition = client.get("/api/v1/composition/?on=2023-01-01").json()
    assert composition["member_count"] == 5
    assert [row["acronym"] for row in composition["observers"]] == ["DP"]
    assert client.get("/api/v1/composition/?on=ayer").status_code == 400


def _grow(n):
    for _ in range(n):
        entity = member_entity()
        DesignationFactory(entity=entity, start=START)
        DesignationFactory(entity=entity, start=START, role="alternate")
        SubgroupLeadFactory(entity=entity, start=START)


@pytest.mark.parametrize("url", ["/api/v1/entities/", "/api/v1/designations/", "/api/v1/groups/", "/api/v1/subgroups/"])
def test_list_endpoints_have_constant_query_counts(db, url):
    client = client_for(secretariat_user("st-count"))
    _grow(3)
    client.get(url)  # warm the role and rule caches' code paths

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    _grow(27)
    assert count() == small


def test_cso_registry_query_count_is_constant(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    st = secretariat_user("st-cso")
    commission = SupportCommission.objects.create(kind="civil_society", name="Comisión SC")
    client = client_for(st)

    def add(n):
        for _ in range(n):
            entity = member_entity(kind=EntityKind.CIVIL_SOCIETY, support_commission=commission)
            DesignationFactory(entity=entity, start=START)
            DesignationFactory(entity=entity, start=START, role="alternate")
            services.cso_register(
                actor=st,
                entity=entity,
                registered_on=D(2021, 1, 1),
                admitted_on=D(2020, 12, 1),
                registry_entry_number="11000001",
                legal_representative="Representante",
                address="Av. Siempre Viva 123",
                main_activity="Investigación",
            )

    add(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/cso-registry/").status_code == 200
    add(27)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/api/v1/cso-registry/")
    assert response.json()["count"] == 30
    assert len(large) == len(small)


def test_schema_documents_the_registry(users):
    response = client_for(users["secretariat"]).get("/api/v1/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in [
        "/api/v1/entities/",
        "/api/v1/designations/{id}/replace/",
        "/api/v1/composition/",
        "/api/v1/cso-registry/",
    ]:
        assert path in text
