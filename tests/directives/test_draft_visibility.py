"""Draft directives and the rule versions they propose are deliberative material: the commission's
own roles read them (``norm.view_drafts``); an API client (the public portal) and a support
commission read the norms and rules only once adopted, and never learn that a draft exists."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from directives.models import Article
from directives.services import directive_approve, directive_draft_create, pending_rule_version_create
from members.models import ApiClient, EntityKind, SupportCommission
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = pytest.mark.django_db

PAGES = "evaluation.subgroup_report_max_pages"


@pytest.fixture
def st():
    return secretariat_user()


@pytest.fixture
def member():
    return representative_user(member_entity("MTPE"))


@pytest.fixture
def portal():
    user = get_user_model().objects.create_user(username="portal")
    ApiClient.objects.create(user=user, name="Portal")
    return user


@pytest.fixture
def support():
    commission = SupportCommission.objects.create(kind="civil_society", name="Comisión SC")
    return representative_user(member_entity("UCSS", kind=EntityKind.CIVIL_SOCIETY, support_commission=commission))


@pytest.fixture
def draft(st):
    norm = directive_draft_create(
        actor=st, number="Directiva N° 004-2030 ST-MTIGM", title="Plazos", code="dir-004-2030", text="Art. 1."
    )
    Article.objects.create(norm=norm, number="1", label="Art. 1", text="Texto en debate.")
    pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=2, article="Art. 1")
    return norm


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _urls(code):
    return [
        reverse("api:norm-detail", args=[code]),
        reverse("api:norm-articles", args=[code]),
        reverse("api:norm-pending-rules", args=[code]),
    ]


def test_api_client_gets_404_for_a_draft_and_its_pending_rules(draft, portal):
    client = _api(portal)
    for url in _urls(draft.code):
        assert client.get(url).status_code == 404, url
    codes = {norm["code"] for norm in client.get(reverse("api:norm-list")).json()["results"]}
    assert draft.code not in codes and {"reglamento", "dir-003-2014"} <= codes


def test_api_client_reads_no_pending_versions_but_the_same_rules_in_force(st, draft, portal):
    client = _api(portal)
    url = reverse("api:rule-list")
    # An empty list, not a 403: the route (norm.view) is the client's, and lists are narrowed to
    # what the caller may see, as everywhere in the API.
    pending = client.get(url, {"status": "pending"})
    assert pending.status_code == 200 and pending.json() == []
    in_force = client.get(url)
    assert in_force.status_code == 200 and in_force.json() == _api(st).get(url).json()
    assert {rule["key"]: rule["value"] for rule in in_force.json()}[PAGES] == 1
    # Adopted norms stay readable as before.
    for found in (client.get(u) for u in _urls("reglamento")):
        assert found.status_code == 200


@pytest.mark.parametrize("who", ["st", "member"])
def test_the_st_and_a_member_read_the_draft_and_its_pending_versions(request, draft, who):
    client = _api(request.getfixturevalue(who))
    detail, articles, pending = (client.get(url) for url in _urls(draft.code))
    assert detail.status_code == 200 and detail.json()["status"] == "draft"
    assert [a["number"] for a in articles.json()] == ["1"]
    assert [(v["key"], v["value"], v["status"]) for v in pending.json()] == [(PAGES, 2, "pending")]
    listed = client.get(reverse("api:rule-list"), {"status": "pending"}).json()
    assert [(r["key"], r["value"], r["norm"]) for r in listed] == [(PAGES, 2, draft.code)]
    codes = {norm["code"] for norm in client.get(reverse("api:norm-list")).json()["results"]}
    assert draft.code in codes


def test_once_approved_the_directive_and_its_rule_changes_are_the_client_s_too(draft, portal):
    directive_approve(
        actor=None,
        norm=draft,
        approved_on=datetime.date(2030, 3, 10),
        agreement_reference="Acuerdo N° 03",
        skip_permission_checks=True,
    )
    client = _api(portal)
    detail, _articles, pending = (client.get(url) for url in _urls(draft.code))
    assert detail.status_code == 200 and detail.json()["status"] == "in_force"
    assert [(v["key"], v["status"]) for v in pending.json()] == [(PAGES, "in_force")]


def test_a_support_commission_does_not_see_drafts_on_the_pages(draft, support, client):
    client.force_login(support)
    rules = client.get(reverse("directives:rule-list"))
    html = rules.content.decode()
    assert rules.status_code == 200 and "1 página" in html
    assert "Pendientes de aprobación" not in html and "2 páginas" not in html and draft.number not in html
    detail = client.get(reverse("directives:rule-detail", args=[PAGES])).content.decode()
    assert "1 página" in detail and "2 páginas" not in detail and "Pendientes de aprobación" not in detail
    assert client.get(reverse("directives:norm-detail", args=[draft.code])).status_code == 404
    assert client.get(reverse("directives:article-detail", args=[draft.code, "1"])).status_code == 404
    listing = client.get(reverse("directives:norm-list")).content.decode()
    assert draft.number not in listing and "Reglamento" in listing
    assert client.get(reverse("directives:norm-detail", args=["reglamento"])).status_code == 200


def test_a_member_sees_the_pending_section_and_the_draft_on_the_pages(draft, member, client):
    client.force_login(member)
    html = client.get(reverse("directives:rule-list")).content.decode()
    assert "Pendientes de aprobación" in html and "2 páginas" in html
    assert client.get(reverse("directives:norm-detail", args=[draft.code])).status_code == 200
    assert client.get(reverse("directives:article-detail", args=[draft.code, "1"])).status_code == 200
    assert draft.number in client.get(reverse("directives:norm-list")).content.decode()
