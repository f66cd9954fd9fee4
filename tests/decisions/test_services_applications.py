"""Procedures that end in a vote: admissions (Art. 7.4), CSOs (Dir. 002), proposals of 8 members."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decisions import services
from decisions.models import Application, Ballot
from members.models import CsoRegistration, Designation, EntityKind, Membership, SupportCommission
from mtigm.core.errors import RuleViolation, StateConflict
from mtigm.core.models import OutboundMessage
from tests.decisions.factories import DAY, plenary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr("mtigm.core.dispatch.send", lambda *a: True)


def cso_fields(**overrides):
    data = {
        "name": "Centro de Estudios y Promoción del Desarrollo Migrante",
        "acronym": "CEPDM",
        "applicant_email": "mesa@cepdm.org.pe",
        "received_on": datetime.date(2014, 5, 30),
        "certificate_issued_on": datetime.date(2014, 2, 28),
        "registry_entry_number": "11012345",
        "registry_office": "SUNARP, Zona Registral N° IX – Sede Lima",
        "legal_representative": "María Quispe Huamán",
        "legal_representative_email": "mquispe@cepdm.org.pe",
        "legal_representative_phone": "01 4567890",
        "website": "https://cepdm.org.pe",
        "address": "Jr. Camaná 780, Lima",
        "phones": "01 4567890",
        "main_activity": "Atención a migrantes retornantes",
        "other_data": "Fundada en 2001",
        "purpose": "Promover los derechos de las personas migrantes y sus familias.",
        "purpose_migration_related": True,
    }
    return {**data, **overrides}


def test_cso_certificate_exactly_three_months_old_is_accepted_and_copied_to_members():
    p = plenary(4, present=4)
    # 30 May minus three months is 28 Feb (the month has no 30th): issued that day is still valid.
    application = services.application_submit(actor=p.st, kind=Application.Kind.CSO_ADMISSION, **cso_fields())
    assert application.state == Application.State.RECEIVED
    copies = OutboundMessage.objects.filter(kind="cso_application_copy")
    assert copies.count() == 8  # titular and alternate of the four members
    assert "Centro de Estudios" in copies.first().body_text


def test_cso_certificate_three_months_and_one_day_old_is_refused():
    p = plenary(2, present=2)
    with pytest.raises(RuleViolation) as exc:
        services.application_submit(
            actor=p.st,
            kind=Application.Kind.CSO_ADMISSION,
            **cso_fields(received_on=datetime.date(2014, 6, 15), certificate_issued_on=datetime.date(2014, 3, 14)),
        )
    assert "más de 3 meses" in str(exc.value) and "§4.2.4 m" in str(exc.value)
    assert not Application.objects.exists()
    services.application_submit(
        actor=p.st,
        kind=Application.Kind.CSO_ADMISSION,
        **cso_fields(received_on=datetime.date(2014, 6, 15), certificate_issued_on=datetime.date(2014, 3, 15)),
    )


def test_cso_purpose_must_be_migration_related_and_only_st_registers():
    p = plenary(2, present=2)
    with pytest.raises(RuleViolation):
        services.application_submit(
            actor=p.st, kind=Application.Kind.CSO_ADMISSION, **cso_fields(purpose_migration_related=False)
        )
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=p.titular(0), kind=Application.Kind.CSO_ADMISSION, **cso_fields())


def test_cso_full_path_vote_invitation_acceptance_and_registry():
    SupportCommission.objects.get_or_create(kind="civil_society", defaults={"name": "Comisión de Coordinación"})
    p = plenary(5)
    application = services.application_submit(
        actor=p.st,
        kind=Application.Kind.CSO_ADMISSION,
        **cso_fields(
            received_on=DAY - datetime.timedelta(days=5), certificate_issued_on=DAY - datetime.timedelta(days=40)
        ),
    )
    services.application_schedule(actor=p.st, application=application, session=p.session)
    application.refresh_from_db()
    ballot = services.application_open_ballot(actor=p.st, application=application)
    assert ballot.rule_key == "cso.admission_majority"
    for index, choice in enumerate(["yes", "yes", "no", "abstain", "yes"]):
        services.vote_cast(actor=p.titular(index), ballot=ballot, choice=choice)
    services.ballot_close(actor=p.st, ballot=ballot)
    application.refresh_from_db()
    assert application.state == Application.State.INVITED
    invitation = OutboundMessage.objects.get(kind="invitation_letter")
    assert invitation.recipient == "mesa@cepdm.org.pe"
    assert invitation.attachments[0]["renderer"] == "decisions.invitation_pdf"
    application = services.application_accept(
        actor=p.st,
        application=application,
        accepted_on=DAY + datetime.timedelta(days=20),
        titular={"first_name": "Rosa", "last_name": "Mendoza", "email": "rmendoza@cepdm.org.pe"},
        alternate={"first_name": "Luis", "last_name": "Paredes", "email": "lparedes@cepdm.org.pe"},
    )
    registration = CsoRegistration.objects.get(entity=application.entity)
    assert registration.registry_entry_number == "11012345"
    assert registration.legal_representative == "María Quispe Huamán"
    assert registration.main_activity and registration.address and registration.admitted_on == DAY
    assert registration.missing_fields == []
    assert set(Designation.objects.filter(entity=application.entity).values_list("role", flat=True)) == {
        "titular",
        "alternate",
    }
    assert Membership.objects.get(entity=application.entity).kind == EntityKind.CIVIL_SOCIETY


def test_member_admission_uses_all_members_threshold_and_enters_registry():
    p = plenary(7, present=5)
    application = services.application_submit(
        actor=p.st,
        kind=Application.Kind.MEMBER_ADMISSION,
        name="Registro Nacional de Identificación y Estado Civil",
        acronym="RENIEC",
        received_on=DAY - datetime.timedelta(days=30),
    )
    services.application_schedule(actor=p.st, application=application, session=p.session)
    application.refresh_from_db()
    ballot = services.application_open_ballot(actor=p.st, application=application)
    for index, choice in enumerate(["yes", "yes", "yes", "yes", "no"]):
        services.vote_cast(actor=p.titular(index), ballot=ballot, choice=choice)
    ballot = services.ballot_close(actor=p.st, ballot=ballot)
    assert ballot.outcome == Ballot.Outcome.ADOPTED and ballot.required_yes == 4
    application.refresh_from_db()
    assert application.state == Application.State.APPROVED
    assert application.decree_state == Application.DecreeState.PENDING
    membership = Membership.objects.get(entity__acronym="RENIEC")
    assert membership.kind == EntityKind.MEMBER and membership.start == DAY
    assert "Acuerdo N° 01" in membership.admitting_agreement
    services.application_set_decree(
        actor=p.st, application=application, decree_state="issued", reference="D.S. N° 012-2014-RE"
    )
    application.refresh_from_db()
    assert application.state == Application.State.COMPLETED


def test_member_admission_rejected_when_short_of_all_members_majority():
    p = plenary(9, present=6)
    application = services.application_submit(
        actor=p.st, kind=Application.Kind.OBSERVER_ADMISSION, name="Parlamento Andino", acronym="PA"
    )
    services.application_schedule(actor=p.st, application=application, session=p.session)
    application.refresh_from_db()
    ballot = services.application_open_ballot(actor=p.st, application=application)
    for index, choice in enumerate(["yes", "yes", "yes", "yes", "no", "no"]):
        services.vote_cast(actor=p.titular(index), ballot=ballot, choice=choice)
    services.ballot_close(actor=p.st, ballot=ballot)
    application.refresh_from_db()
    assert application.state == Application.State.REJECTED
    assert not Membership.objects.filter(entity__acronym="PA").exists()


def test_cso_loss_and_new_group_need_eight_backing_members():
    p = plenary(9, present=9)
    from tests.factories.members import member_entity

    cso = member_entity("ONGX", kind=EntityKind.CIVIL_SOCIETY)
    with pytest.raises(RuleViolation) as exc:
        services.application_submit(
            actor=p.st,
            kind=Application.Kind.CSO_LOSS,
            entity=cso,
            reasons="Inasistencia reiterada",
            backers=p.entities[:7],
        )
    assert "8" in str(exc.value) and "§4.2.6" in str(exc.value)
    application = services.application_submit(
        actor=p.st,
        kind=Application.Kind.CSO_LOSS,
        entity=cso,
        reasons="Inasistencia reiterada",
        backers=p.entities[:8],
    )
    assert application.pk
    by_presidency = services.application_submit(
        actor=p.st,
        kind=Application.Kind.CSO_LOSS,
        entity=cso,
        reasons="Pedido sustentado",
        requested_by_presidency=True,
    )
    assert by_presidency.pk
    with pytest.raises(RuleViolation) as exc:
        services.application_submit(
            actor=p.st,
            kind=Application.Kind.WORKING_GROUP,
            name="Grupo 5: Trata de personas",
            backers=p.entities[:3],
        )
    assert "Art. 20.1" in str(exc.value)


# Directives (R24) -----------------------------------------------------------------------------------------


def _directive_with_pending_rule(p):
    from directives.models import Norm
    from directives.services import pending_rule_version_create

    norm = Norm.objects.create(
        code="dir-001-2014-bis",
        kind=Norm.Kind.DIRECTIVE,
        number="Directiva N° 004-2014 ST-MTIGM",
        title="Modifica la Directiva N° 003-2014",
        short_name="Directiva N° 004-2014 ST-MTIGM",
        status=Norm.Status.DRAFT,
    )
    pending_rule_version_create(
        actor=p.st, norm=norm, key="evaluation.subgroup_report_max_pages", value=2, article="Art. 2"
    )
    application = services.application_submit(actor=p.st, kind=Application.Kind.DIRECTIVE, norm=norm, reasons="x")
    services.application_schedule(actor=p.st, application=application, session=p.session)
    application.refresh_from_db()
    ballot = services.application_open_ballot(actor=p.st, application=application)
    for index in range(4):
        services.vote_cast(actor=p.titular(index), ballot=ballot, choice="yes")
    return norm, application, ballot


def test_directive_approved_by_agreement_brings_its_pending_rules_into_force_the_day_after():
    from directives.models import Norm, Rule
    from directives.rules import clear_cache, rule

    p = plenary(5)
    norm, application, ballot = _directive_with_pending_rule(p)
    clear_cache()
    assert rule("evaluation.subgroup_report_max_pages", on=DAY + datetime.timedelta(days=1)).value == 1
    services.ballot_close(actor=p.st, ballot=ballot)
    application.refresh_from_db()
    norm.refresh_from_db()
    assert application.state == Application.State.COMPLETED
    assert norm.status == Norm.Status.IN_FORCE and norm.in_force_from == DAY + datetime.timedelta(days=1)
    clear_cache()
    assert rule("evaluation.subgroup_report_max_pages", on=DAY).value == 1
    after = rule("evaluation.subgroup_report_max_pages", on=DAY + datetime.timedelta(days=1))
    assert after.value == 2 and after.citation == "Art. 2, Directiva N° 004-2014 ST-MTIGM"
    closed = Rule.objects.get(key="evaluation.subgroup_report_max_pages", valid_to=DAY)
    assert closed.norm_id == Norm.objects.get(code="dir-003-2014").pk


def test_directive_agreement_that_cannot_apply_its_rules_changes_nothing():
    from directives.models import Norm, Rule

    p = plenary(5)
    norm, application, ballot = _directive_with_pending_rule(p)
    # A version of the rule already starts the day the directive would be in force.
    Rule.objects.filter(key="evaluation.subgroup_report_max_pages").update(valid_to=DAY)
    Rule.objects.create(
        key="evaluation.subgroup_report_max_pages",
        name="x",
        value=3,
        unit="pages",
        valid_from=DAY + datetime.timedelta(days=1),
    )
    with pytest.raises(StateConflict):
        services.ballot_close(actor=p.st, ballot=ballot)
    ballot.refresh_from_db()
    application.refresh_from_db()
    norm.refresh_from_db()
    assert ballot.state != Ballot.State.CLOSED
    assert application.state == Application.State.SCHEDULED
    assert norm.status == Norm.Status.DRAFT and norm.approved_on is None
    assert not Rule.objects.filter(norm=norm).exists()


def test_directive_procedure_only_for_a_draft_directive():
    from directives.models import Norm

    p = plenary(3)
    with pytest.raises(RuleViolation) as exc:
        services.application_submit(
            actor=p.st, kind=Application.Kind.DIRECTIVE, norm=Norm.objects.get(code="dir-003-2014"), reasons="x"
        )
    assert "ya fue aprobada" in str(exc.value) and exc.value.rule_key == "directive.in_force_offset_days"
    with pytest.raises(ValidationError, match="Solo las directivas"):
        services.application_submit(
            actor=p.st, kind=Application.Kind.DIRECTIVE, norm=Norm.objects.get(code="reglamento"), reasons="x"
        )
    assert not Application.objects.exists()
