"""The national consultation through the API: open (calls queued once per focal point), submit,
return, resubmit, accept; who may see and do what; reminders; who has not answered."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from compact import services
from compact.models import Consultation, Contribution
from mtigm.core.errors import AccessDenied
from mtigm.core.models import OutboundMessage

from .helpers import focal_point, world

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def w():
    return world()


def _create_consultation(w, *, deadline=None) -> dict:
    today = timezone.localdate()
    e = w["entities"]
    answer = _client(w["users"]["st"]).post(
        "/api/v1/compact/consultations/",
        {
            "title": "Consulta para el Informe País",
            "period_start": "2024-01-01",
            "period_end": "2025-12-31",
            "deadline": (deadline or today + datetime.timedelta(days=10)).isoformat(),
            "objectives": [1, 6, 16],
            "invited": [e["MTPE"].pk, e["MIGRACIONES"].pk, e["UCSS"].pk],
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    return answer.json()


def _contribution_body(consultation_id: int, **extra) -> dict:
    return {
        "consultation": consultation_id,
        "objective": 6,
        "criterion": "norm",
        "title": "Lineamientos de contratación de extranjeros",
        "description": "Trámite en línea.",
        "results": "Plazo reducido.",
        "difficulties_challenges": "Difusión en regiones.",
        **extra,
    }


def _service_body() -> dict:
    from compact.models import Objective

    return {
        "objective": Objective.objects.get(number=6),
        "criterion": "norm",
        "title": "Título",
        "description": "Descripción",
    }


def test_the_whole_flow(w):
    users = w["users"]
    focal_point(w, "MTPE", 6, "fp1.mtpe@example.gob.pe")
    focal_point(w, "MTPE", 1, "fp2.mtpe@example.gob.pe")
    focal_point(w, "UCSS", 16, "fp.ucss@example.gob.pe")
    focal_point(w, "UCSS", 9, "fp9.ucss@example.gob.pe")  # objective 9 is not consulted: not called
    consultation = _create_consultation(w)
    assert consultation["state"] == "draft"
    # A draft is the ST's: hidden from the entities.
    assert _client(users["mtpe"]).get(f"/api/v1/compact/consultations/{consultation['id']}/").status_code == 404

    st = _client(users["st"])
    opened = st.post(f"/api/v1/compact/consultations/{consultation['id']}/open/")
    assert opened.status_code == 200, opened.content
    assert opened.json()["state"] == "open"
    calls = OutboundMessage.objects.filter(kind="compact_consultation_call")
    # One per focal point; MIGRACIONES has none, so its titular representative is called instead.
    recipients = sorted(calls.values_list("recipient", flat=True))
    migraciones_titular = users["migraciones"].person.email
    assert recipients == sorted(
        ["fp1.mtpe@example.gob.pe", "fp2.mtpe@example.gob.pe", "fp.ucss@example.gob.pe", migraciones_titular]
    )
    # Opening again is a conflict, and queues nothing more.
    again = st.post(f"/api/v1/compact/consultations/{consultation['id']}/open/")
    assert again.status_code == 409 and again.json()["code"] == "consultation_not_draft"
    assert calls.count() == 4
    # The calls are idempotent by key: sending them again queues nothing twice.
    services._send_calls(Consultation.objects.get(pk=consultation["id"]), timezone.localdate())
    assert calls.count() == 4

    mtpe = _client(users["mtpe"])
    created = mtpe.post("/api/v1/compact/contributions/", _contribution_body(consultation["id"]), format="json")
    assert created.status_code == 201, created.content
    contribution = created.json()
    assert contribution["state"] == "draft" and contribution["entity_acronym"] == "MTPE"
    url = f"/api/v1/compact/contributions/{contribution['id']}/"

    # The ST reviews only what was submitted.
    assert st.post(f"{url}accept/").status_code == 409
    submitted = mtpe.post(f"{url}submit/")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert mtpe.patch(url, {"title": "Otro"}, format="json").status_code == 409

    refused = st.post(f"{url}return/", {"observations": "  "}, format="json")
    assert refused.status_code == 400 and "observations" in refused.json()
    returned = st.post(f"{url}return/", {"observations": "Indique el número de la resolución."}, format="json")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert OutboundMessage.objects.filter(kind="compact_contribution_returned").count() == 2  # both MTPE focal points

    patched = mtpe.patch(url, {"title": "Lineamientos (R.M. N° 123-2024-TR)"}, format="json")
    assert patched.status_code == 200 and patched.json()["title"] == "Lineamientos (R.M. N° 123-2024-TR)"
    assert mtpe.post(f"{url}submit/").json()["state"] == "submitted"
    accepted = st.post(f"{url}accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    states = list(
        Contribution.history.filter(id=contribution["id"]).order_by("history_date").values_list("state", flat=True)
    )
    assert states == ["draft", "submitted", "returned", "returned", "submitted", "accepted"]

    # Who has not answered: MIGRACIONES and UCSS.
    pending = st.get(f"/api/v1/compact/consultations/{consultation['id']}/pending/").json()
    assert sorted(row["acronym"] for row in pending["results"]) == ["MIGRACIONES", "UCSS"]
    assert _client(users["mtpe"]).get(f"/api/v1/compact/consultations/{consultation['id']}/pending/").status_code == 403


def test_entities_only_reach_their_own_contributions(w):
    users = w["users"]
    consultation = _create_consultation(w)
    st = _client(users["st"])
    st.post(f"/api/v1/compact/consultations/{consultation['id']}/open/")
    body = _contribution_body(consultation["id"])

    # MINSA was not invited: refused (403), nothing created.
    minsa = _client(users["minsa"])
    refused = minsa.post("/api/v1/compact/contributions/", body, format="json")
    assert refused.status_code == 403
    assert "MINSA no fue invitada" in refused.json()["detail"]
    # Filing for an entity one does not represent is refused too.
    other = _client(users["mtpe"]).post(
        "/api/v1/compact/contributions/", {**body, "entity": w["entities"]["MIGRACIONES"].pk}, format="json"
    )
    assert other.status_code == 403
    # The ST does not file contributions (the API's gate refuses, and so does the service).
    assert st.post("/api/v1/compact/contributions/", body, format="json").status_code == 403
    with pytest.raises(AccessDenied):
        services.contribution_create(
            actor=users["st"], consultation=Consultation.objects.get(pk=consultation["id"]), **_service_body()
        )

    # UCSS (a CSO of the support commission) files its own.
    ucss = _client(users["ucss"])
    created = ucss.post(
        "/api/v1/compact/contributions/", {**body, "objective": 16, "criterion": "good_practice"}, format="json"
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/compact/contributions/{created.json()['id']}/"
    # Another entity's contribution is hidden: 404 to read it or act on it.
    mtpe = _client(users["mtpe"])
    assert mtpe.get(url).status_code == 404
    assert mtpe.post(f"{url}submit/").status_code == 404
    assert mtpe.get("/api/v1/compact/contributions/").json()["count"] == 0
    assert st.get(url).status_code == 200
    # The CSO may not review its own contribution.
    assert ucss.post(f"{url}accept/").status_code == 403


def test_bad_input_is_a_400_naming_the_field(w):
    users = w["users"]
    consultation = _create_consultation(w)
    st = _client(users["st"])
    st.post(f"/api/v1/compact/consultations/{consultation['id']}/open/")
    mtpe = _client(users["mtpe"])
    outside = mtpe.post(
        "/api/v1/compact/contributions/", _contribution_body(consultation["id"], objective=9), format="json"
    )
    assert outside.status_code == 400 and "objective" in outside.json()
    assert mtpe.post("/api/v1/compact/contributions/", {"criterion": "x"}, format="json").status_code == 400
    assert st.get("/api/v1/compact/contributions/", {"state": "nada"}).status_code == 400
    backwards = st.post(
        "/api/v1/compact/consultations/",
        {
            "title": "Mal",
            "period_start": "2025-12-31",
            "period_end": "2025-01-01",
            "deadline": "2026-01-01",
            "objectives": [1],
            "invited": [w["entities"]["MTPE"].pk],
        },
        format="json",
    )
    assert backwards.status_code == 400 and "period_end" in backwards.json()
    assert st.post("/api/v1/compact/consultations/", {"objectives": ["x"]}, format="json").status_code == 400


def test_a_closed_consultation_takes_no_more_contributions(w):
    users = w["users"]
    consultation = _create_consultation(w)
    st = _client(users["st"])
    st.post(f"/api/v1/compact/consultations/{consultation['id']}/open/")
    assert st.post(f"/api/v1/compact/consultations/{consultation['id']}/close/").json()["state"] == "closed"
    late = _client(users["mtpe"]).post(
        "/api/v1/compact/contributions/", _contribution_body(consultation["id"]), format="json"
    )
    assert late.status_code == 409 and late.json()["code"] == "consultation_not_open"


def test_reminders_go_to_who_has_not_answered_once_a_day(w):
    users = w["users"]
    focal_point(w, "MTPE", 6, "fp1.mtpe@example.gob.pe")
    focal_point(w, "UCSS", 16, "fp.ucss@example.gob.pe")
    today = timezone.localdate()
    consultation = _create_consultation(w, deadline=today + datetime.timedelta(days=3))
    st = _client(users["st"])
    st.post(f"/api/v1/compact/consultations/{consultation['id']}/open/")
    mtpe = _client(users["mtpe"])
    created = mtpe.post("/api/v1/compact/contributions/", _contribution_body(consultation["id"]), format="json")
    mtpe.post(f"/api/v1/compact/contributions/{created.json()['id']}/submit/")

    from compact.tasks import send_consultation_reminders

    sent = send_consultation_reminders()
    reminders = OutboundMessage.objects.filter(kind="compact_consultation_reminder")
    # MTPE answered; MIGRACIONES (its titular) and UCSS (its focal point) are reminded.
    assert sent == 2
    assert sorted(reminders.values_list("recipient", flat=True)) == sorted(
        ["fp.ucss@example.gob.pe", users["migraciones"].person.email]
    )
    send_consultation_reminders()
    assert reminders.count() == 2
    # Not a reminder day: nothing.
    assert services.consultation_send_reminders(today=today + datetime.timedelta(days=1)) == 0


def test_the_reminder_days_are_a_rule_of_the_registry(w):
    from directives.models import Rule

    today = timezone.localdate()
    consultation = _create_consultation(w, deadline=today + datetime.timedelta(days=5))
    _client(w["users"]["st"]).post(f"/api/v1/compact/consultations/{consultation['id']}/open/")
    assert services.consultation_send_reminders(today=today) == 0  # 5 days before: not in 7, 3, 1
    current = Rule.objects.get(key=services.REMINDER_RULE)
    assert current.value == [7, 3, 1] and current.norm is None
    # The ST changes the parameter as data (a new version of the rule): 5 days before now reminds.
    Rule.objects.create(
        key=current.key,
        name=current.name,
        description=current.description,
        value=[5, 1],
        unit=current.unit,
        valid_from=today,
    )
    assert services.consultation_send_reminders(today=today) == 3  # MTPE, MIGRACIONES and UCSS


def test_contributions_link_visible_plan_products_only(w):
    from tests.factories import members as f
    from workplans.models import Plan, PlanLine, PlanVersion

    def line(year: int, state: str) -> PlanLine:
        plan = Plan.objects.create(year=year, state=state)
        version = PlanVersion.objects.create(plan=plan, number=1, state="approved" if state == "approved" else "draft")
        return PlanLine.objects.create(
            version=version,
            key=f"k{year}",
            subgroup=f.SubgroupFactory(),
            lead_entity=w["entities"]["MTPE"],
            theme="Migración laboral",
            product=f"Producto {year}",
        )

    public, draft = line(2025, "approved"), line(2026, "draft")
    users = w["users"]
    consultation = _create_consultation(w)
    _client(users["st"]).post(f"/api/v1/compact/consultations/{consultation['id']}/open/")
    mtpe = _client(users["mtpe"])
    hidden = mtpe.post(
        "/api/v1/compact/contributions/",
        _contribution_body(consultation["id"], plan_products=[draft.pk]),
        format="json",
    )
    assert hidden.status_code == 400 and "plan_products" in hidden.json()
    linked = mtpe.post(
        "/api/v1/compact/contributions/",
        _contribution_body(consultation["id"], plan_products=[public.pk]),
        format="json",
    )
    assert linked.status_code == 201 and linked.json()["plan_products"] == [public.pk]


def test_the_st_writes_each_areas_narrative_through_the_api(w):
    consultation = _create_consultation(w)
    url = f"/api/v1/compact/consultations/{consultation['id']}/narrative/"
    st = _client(w["users"]["st"])
    # A draft consultation has no Informe País yet.
    assert st.post(url, {"area": 1, "text": "Borrador"}, format="json").status_code == 409
    st.post(f"/api/v1/compact/consultations/{consultation['id']}/open/")
    answer = st.post(url, {"area": 1, "text": "  El Perú avanzó en la regularización.  "}, format="json")
    assert answer.status_code == 200, answer.content
    narratives = {area["area"]: area["narrative"] for area in answer.json()}
    assert narratives[1] == "El Perú avanzó en la regularización."  # stripped, and only area 1's
    assert all(text == "" for number, text in narratives.items() if number != 1)
    informe = st.get(f"/api/v1/compact/consultations/{consultation['id']}/informe/").json()
    assert {area["area"]: area["narrative"] for area in informe} == narratives
    # Bad input names the field; an entity may not write it.
    bad = st.post(url, {"area": 999, "text": "x"}, format="json")
    assert bad.status_code == 400 and "area" in bad.json()
    assert st.post(url, {"area": "1\x00", "text": "x"}, format="json").status_code == 400
    assert _client(w["users"]["mtpe"]).post(url, {"area": 1, "text": "x"}, format="json").status_code == 403
