"""Rule versions that a draft directive changes: pending until the Plenary approves it, then in force
from the day after (R24), with the directive as their citation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from directives.models import Norm, PendingRuleVersion, Rule
from directives.rules import clear_cache, rule
from directives.services import (
    directive_approve,
    directive_draft_create,
    pending_rule_version_create,
    pending_rule_version_delete,
    pending_rule_version_update,
    rule_version_create,
)
from mtigm.core.errors import AccessDenied, RuleViolation, StateConflict
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = pytest.mark.django_db
D = datetime.date

# Both rules come from Directiva N° 003-2014 (§6.4.3.1 and §6.1.3): a later directive may change them.
PAGES = "evaluation.subgroup_report_max_pages"
Q1 = "evaluation.due.q1"
APPROVED = D(2030, 3, 10)
IN_FORCE = D(2030, 3, 11)


def _draft(st, number="Directiva N° 004-2030 ST-MTIGM", code=""):
    return directive_draft_create(
        actor=st, number=number, title="Modifica la Directiva N° 003-2014", code=code, text="Artículo 1. ..."
    )


def _approve(norm, day=APPROVED):
    return directive_approve(
        actor=None, norm=norm, approved_on=day, agreement_reference="Acuerdo N° 03", skip_permission_checks=True
    )


@pytest.fixture
def st():
    return secretariat_user()


@pytest.fixture
def member():
    return representative_user(member_entity("MTPE"))


# Services ----------------------------------------------------------------------------------------------


def test_pending_version_is_not_in_force_before_approval(st):
    before = Rule.objects.count()
    norm = _draft(st)
    assert norm.status == Norm.Status.DRAFT and norm.is_draft_directive and norm.code == "directiva-n-004-2030-st-mtigm"
    pending = pending_rule_version_create(actor=st, norm=norm, key=PAGES, value="2", article="Art. 2")
    assert pending.value == 2 and pending.is_pending
    assert Rule.objects.count() == before
    clear_cache()
    for day in (D(2014, 6, 1), IN_FORCE, D(2099, 1, 1)):
        assert rule(PAGES, on=day).value == 1


def test_approval_brings_pending_versions_into_force_the_day_after(st):
    norm = _draft(st)
    pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=2, article="Art. 2")
    pending_rule_version_create(actor=st, norm=norm, key=Q1, value={"month": 4, "week": 2}, article="Art. 3")
    previous = Rule.objects.get(key=PAGES, valid_to__isnull=True)

    _approve(norm)

    clear_cache()
    assert rule(PAGES, on=APPROVED).value == 1
    assert rule(PAGES, on=IN_FORCE).value == 2
    assert rule(PAGES, on=IN_FORCE).citation == "Art. 2, Directiva N° 004-2030 ST-MTIGM"
    assert rule(PAGES, on=IN_FORCE).norm_code == norm.code
    assert rule(Q1, on=D(2031, 1, 1)).value == {"month": 4, "week": 2}
    previous.refresh_from_db()
    assert previous.valid_to == APPROVED
    created = Rule.objects.get(key=PAGES, valid_from=IN_FORCE)
    assert created.valid_to is None and created.unit == previous.unit and created.name == previous.name
    applied = PendingRuleVersion.objects.get(norm=norm, key=PAGES)
    assert applied.rule == created and not applied.is_pending and applied.valid_from == IN_FORCE


def test_approval_uses_the_offset_rule_of_the_registry(st):
    norm = _draft(st)
    pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=3, article="Art. 2")
    # A directive of its own offset (a registry row, as the 2014 ones have): in force two days later.
    Rule.objects.create(
        key=f"directive.in_force_offset_days.{norm.code}",
        name="Vigencia",
        value=2,
        unit="calendar_days",
        norm=norm,
        article="Disposición final",
    )
    _approve(norm)
    clear_cache()
    assert rule(PAGES, on=IN_FORCE).value == 1
    assert rule(PAGES, on=IN_FORCE + datetime.timedelta(days=1)).value == 3


def test_a_later_version_on_record_keeps_its_start(st):
    norm = _draft(st)
    pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=2, article="Art. 2")
    later = Rule.objects.create(
        key=PAGES, name="x", value=5, unit="pages", norm=Norm.objects.get(code="reglamento"), valid_from=D(2031, 1, 1)
    )
    Rule.objects.filter(key=PAGES, valid_from__lt=IN_FORCE).update(valid_to=D(2030, 12, 31))
    _approve(norm)
    clear_cache()
    assert rule(PAGES, on=D(2030, 12, 31)).value == 2
    assert rule(PAGES, on=D(2031, 1, 1)).value == later.value
    assert Rule.objects.get(key=PAGES, valid_from=IN_FORCE).valid_to == D(2030, 12, 31)


def test_a_failed_approval_leaves_everything_as_it_was(st):
    norm = _draft(st)
    pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=2, article="Art. 2")
    pending_rule_version_create(actor=st, norm=norm, key=Q1, value={"month": 4, "week": 2}, article="Art. 3")
    # Another version of Q1 already starts the day the directive would be in force: the approval fails
    # on Q1 after PAGES (keys are applied in order), and nothing of it may remain.
    Rule.objects.filter(key=Q1).update(valid_to=APPROVED)
    Rule.objects.create(key=Q1, name="x", value={"month": 4, "week": 3}, unit="calendar_point", valid_from=IN_FORCE)
    rules_before = sorted(Rule.objects.values_list("key", "valid_from", "valid_to"))

    with pytest.raises(StateConflict, match="ya tiene una versión"):
        _approve(norm)

    norm.refresh_from_db()
    assert norm.status == Norm.Status.DRAFT and norm.approved_on is None and norm.in_force_from is None
    assert sorted(Rule.objects.values_list("key", "valid_from", "valid_to")) == rules_before
    assert not PendingRuleVersion.objects.filter(rule__isnull=False).exists()
    assert rule(PAGES, on=IN_FORCE).value == 1


def test_pending_versions_change_while_draft_and_never_after(st):
    norm = _draft(st)
    pending = pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=2, article="Art. 2")
    with pytest.raises(ValidationError, match="ya propone"):
        pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=3, article="Art. 2")
    pending = pending_rule_version_update(actor=st, version=pending, value=3, article="Art. 4")
    assert (pending.value, pending.article) == (3, "Art. 4")
    other = pending_rule_version_create(actor=st, norm=norm, key=Q1, value={"month": 4, "week": 2}, article="Art. 3")
    pending_rule_version_delete(actor=st, version=other)
    assert list(PendingRuleVersion.objects.values_list("key", flat=True)) == [PAGES]

    _approve(norm)

    with pytest.raises(RuleViolation) as refused:
        pending_rule_version_update(actor=st, version=pending, value=9, article="Art. 4")
    assert "ya fue aprobada" in str(refused.value)
    assert refused.value.citation == rule("directive.in_force_offset_days").citation
    for attempt in (
        lambda: pending_rule_version_create(actor=st, norm=norm, key=Q1, value={"month": 4, "week": 2}, article="x"),
        lambda: pending_rule_version_delete(actor=st, version=pending),
    ):
        with pytest.raises(RuleViolation):
            attempt()
    pending.refresh_from_db()
    assert pending.value == 3 and pending.rule is not None


def test_pending_versions_are_checked_and_the_st_s(st, member):
    norm = _draft(st)
    with pytest.raises(AccessDenied):
        pending_rule_version_create(actor=member, norm=norm, key=PAGES, value=2, article="Art. 2")
    with pytest.raises(AccessDenied):
        _draft(member, number="Directiva N° 005-2030")
    with pytest.raises(ValidationError, match="No existe la regla"):
        pending_rule_version_create(actor=st, norm=norm, key="no.such.rule", value=2, article="Art. 2")
    with pytest.raises(ValidationError, match="número entero"):
        pending_rule_version_create(actor=st, norm=norm, key=PAGES, value="dos", article="Art. 2")
    with pytest.raises(ValidationError, match="mismos campos"):
        pending_rule_version_create(actor=st, norm=norm, key=Q1, value={"month": 4}, article="Art. 2")
    with pytest.raises(ValidationError, match="artículo"):
        pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=2, article=" ")
    with pytest.raises(ValidationError, match="Solo las directivas"):
        pending_rule_version_create(
            actor=st, norm=Norm.objects.get(code="reglamento"), key=PAGES, value=2, article="Art. 2"
        )
    with pytest.raises(RuleViolation, match="ya fue aprobada"):
        pending_rule_version_create(
            actor=st, norm=Norm.objects.get(code="dir-003-2014"), key=PAGES, value=2, article="§6.4.3.1"
        )
    with pytest.raises(ValidationError, match="Ya existe una norma"):
        _draft(st)
    assert not PendingRuleVersion.objects.exists()


def test_manual_versions_keep_out_of_directive_rules(st):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    reglamento = Norm.objects.get(code="reglamento")
    with pytest.raises(RuleViolation) as cited:
        rule_version_create(
            actor=st, key=PAGES, value=2, valid_from=tomorrow, norm=Norm.objects.get(code="dir-003-2014"), article="x"
        )
    assert "aprobación de la directiva" in str(cited.value) and cited.value.rule_key
    for start in (today - datetime.timedelta(days=1), today):
        with pytest.raises(RuleViolation, match="fecha pasada"):
            rule_version_create(actor=st, key=PAGES, value=2, valid_from=start, norm=reglamento, article="Art. 1")
    # A data fix from tomorrow on stays possible, and so do the Reglamento's own rules.
    assert rule_version_create(actor=st, key=PAGES, value=2, valid_from=tomorrow, norm=reglamento, article="Art. 1")
    assert rule_version_create(
        actor=st,
        key="session.quorum_tolerance_minutes",
        value=20,
        valid_from=D(2030, 1, 1),
        norm=reglamento,
        article="Art. 12",
    )


# API ---------------------------------------------------------------------------------------------------


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_drafts_a_directive_and_its_pending_versions(st, member):
    client = _client(st)
    created = client.post(
        reverse("api:norm-list"),
        {
            "number": "Directiva N° 004-2030 ST-MTIGM",
            "title": "Plazos",
            "code": "dir-004-2030",
            "amends": "dir-003-2014",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    url = reverse("api:norm-pending-rules", args=["dir-004-2030"])
    added = client.post(url, {"key": PAGES, "value": 2, "article": "Art. 2"}, format="json")
    assert added.status_code == 201, added.content
    body = added.json()
    assert body["status"] == "pending" and body["valid_from"] is None and body["value_text"] == "2 páginas"
    assert body["citation"] == "Art. 2, Directiva N° 004-2030 ST-MTIGM"
    detail = reverse("api:norm-pending-rule", args=["dir-004-2030", body["id"]])
    changed = client.patch(detail, {"value": 3}, format="json")
    assert changed.status_code == 200 and changed.json()["value"] == 3 and changed.json()["article"] == "Art. 2"
    assert client.post(url, {"key": PAGES, "value": "x", "article": "Art. 2"}, format="json").status_code == 400
    assert [v["value"] for v in _client(member).get(url).json()] == [3]
    assert client.delete(detail).status_code == 204
    assert client.get(url).json() == []


def test_api_refuses_drafting_to_others_with_403(st, member):
    norm = _draft(st)
    pending = pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=2, article="Art. 2")
    client = _client(member)
    url = reverse("api:norm-pending-rules", args=[norm.code])
    detail = reverse("api:norm-pending-rule", args=[norm.code, pending.pk])
    assert client.post(reverse("api:norm-list"), {"number": "x", "title": "y"}, format="json").status_code == 403
    assert client.post(url, {"key": PAGES, "value": 3, "article": "Art. 2"}, format="json").status_code == 403
    assert client.patch(detail, {"value": 3}, format="json").status_code == 403
    assert client.delete(detail).status_code == 403
    pending.refresh_from_db()
    assert pending.value == 2


def test_api_rules_list_shows_pending_apart_and_answers_any_date(st):
    norm = _draft(st)
    pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=2, article="Art. 2")
    client = _client(st)
    url = reverse("api:rule-list")

    in_force = {r["key"]: r for r in client.get(url, {"on": "2030-06-01"}).json()}
    assert in_force[PAGES]["value"] == 1 and in_force[PAGES]["status"] == "in_force"
    pending = client.get(url, {"status": "pending"}).json()
    assert [(r["key"], r["value"], r["status"], r["norm"], r["valid_from"]) for r in pending] == [
        (PAGES, 2, "pending", norm.code, None)
    ]
    assert pending[0]["citation"] == "Art. 2, Directiva N° 004-2030 ST-MTIGM" and pending[0]["unit"] == "pages"

    _approve(norm)

    assert client.get(url, {"status": "pending"}).json() == []
    on = {day: {r["key"]: r for r in client.get(url, {"on": day}).json()} for day in ("2014-06-01", "2030-03-10")}
    assert on["2014-06-01"][PAGES]["value"] == 1 and on["2030-03-10"][PAGES]["value"] == 1
    after = {r["key"]: r for r in client.get(url, {"on": "2030-03-11"}).json()}[PAGES]
    assert after["value"] == 2 and after["norm"] == norm.code and after["valid_from"] == "2030-03-11"
    assert after["citation"] == "Art. 2, Directiva N° 004-2030 ST-MTIGM"
    assert {r["key"]: r for r in client.get(url, {"on": "2099-12-31"}).json()}[PAGES]["value"] == 2


@pytest.mark.parametrize("query", [{"on": "ayer"}, {"on": "2030-02-30"}, {"on": "99999-01-01"}, {"status": "vigente"}])
def test_api_rules_list_bad_parameter_is_a_400_naming_it(st, query):
    response = _client(st).get(reverse("api:rule-list"), query)
    assert response.status_code == 400
    assert set(query) <= set(response.json())


def test_rules_list_constant_queries(st, client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = _client(st)
    client.force_login(st)
    first = _draft(st)
    pending_rule_version_create(actor=st, norm=first, key=PAGES, value=2, article="Art. 2")

    def requests():
        assert api.get(reverse("api:rule-list")).status_code == 200
        assert api.get(reverse("api:rule-list"), {"status": "pending"}).status_code == 200
        assert client.get(reverse("directives:rule-list")).status_code == 200

    requests()  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        requests()
    for n in range(3):
        draft = _draft(st, number=f"Directiva N° 01{n}-2031 ST-MTIGM")
        pending_rule_version_create(actor=st, norm=draft, key=PAGES, value=3 + n, article="Art. 1")
        pending_rule_version_create(actor=st, norm=draft, key=Q1, value={"month": 5, "week": n + 1}, article="Art. 2")
    with django_assert_num_queries(len(small.captured_queries)):
        requests()


# Pages -------------------------------------------------------------------------------------------------


def test_st_drafts_a_directive_and_its_pending_versions_on_the_page(st, client):
    client.force_login(st)
    assert "Nuevo proyecto de directiva" in client.get(reverse("directives:norm-list")).content.decode()
    created = client.post(
        reverse("directives:norm-new"),
        {"number": "Directiva N° 004-2030 ST-MTIGM", "title": "Plazos", "code": "dir-004-2030", "text": "Art. 1."},
    )
    assert created.status_code == 302 and created["Location"] == reverse(
        "directives:norm-detail", args=["dir-004-2030"]
    )
    page = client.get(created["Location"]).content.decode()
    assert "Añadir una regla que cambia esta directiva" in page
    url = reverse("directives:norm-pending-rules", args=["dir-004-2030"])
    assert client.post(url, {"action": "add", "key": PAGES, "value": "2", "article": "Art. 2"}).status_code == 302
    refused = client.post(url, {"action": "add", "key": PAGES, "value": "{", "article": "Art. 2"})
    assert refused.status_code == 400 and "JSON válido" in refused.content.decode()
    page = client.get(created["Location"]).content.decode()
    assert "Pendiente de aprobación" in page and "2 páginas" in page and "1 página" in page
    pending = PendingRuleVersion.objects.get()
    client.post(url, {"action": "save", "version": pending.pk, "value": "3", "article": "Art. 5"})
    pending.refresh_from_db()
    assert (pending.value, pending.article) == (3, "Art. 5")
    assert rule(PAGES, on=D(2099, 1, 1)).value == 1

    _approve(Norm.objects.get(code="dir-004-2030"))

    response = client.post(
        url, {"action": "save", "version": pending.pk, "value": "4", "article": "Art. 5"}, follow=True
    )
    assert "ya fue aprobada" in response.content.decode()
    page = client.get(reverse("directives:norm-detail", args=["dir-004-2030"])).content.decode()
    assert "Añadir una regla" not in page and "En vigor desde el 11/03/2030" in page
    pending.refresh_from_db()
    assert pending.value == 3


def test_pending_form_refused_to_members(st, member, client):
    norm = _draft(st)
    client.force_login(member)
    page = client.get(reverse("directives:norm-detail", args=[norm.code])).content.decode()
    assert "Reglas que cambia" in page and "Añadir una regla" not in page
    url = reverse("directives:norm-pending-rules", args=[norm.code])
    assert client.post(url, {"action": "add", "key": PAGES, "value": "2", "article": "Art. 2"}).status_code == 403
    assert client.get(reverse("directives:norm-new")).status_code == 403
    assert not PendingRuleVersion.objects.exists()


def test_rules_page_shows_pending_apart(st, member, client):
    norm = _draft(st)
    pending_rule_version_create(actor=st, norm=norm, key=PAGES, value=2, article="Art. 2")
    client.force_login(member)
    html = client.get(reverse("directives:rule-list")).content.decode()
    in_force, pending = html.split("Pendientes de aprobación", 1)
    assert "2 páginas" not in in_force and "1 página" in in_force
    assert "2 páginas" in pending and "Art. 2, Directiva N° 004-2030 ST-MTIGM" in pending
    assert "2 páginas" in client.get(reverse("directives:rule-detail", args=[PAGES])).content.decode()
    bad = client.get(reverse("directives:rule-list"), {"on": "2030-13-01"})
    assert bad.status_code == 400 and "«on»" in bad.content.decode()
