import datetime

import pytest
from django.core.exceptions import ValidationError

from directives.models import NonWorkingDay, Norm
from directives.services import directive_approve, non_working_day_create, non_working_day_delete
from mtigm.core.errors import AccessDenied
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = pytest.mark.django_db
D = datetime.date


def _draft_directive(code="dir-004-2030"):
    return Norm.objects.create(
        code=code,
        kind=Norm.Kind.DIRECTIVE,
        number="Directiva N° 004-2030 ST-MTIGM",
        title="Prueba",
        short_name="Directiva N° 004-2030",
        status=Norm.Status.DRAFT,
    )


def test_directive_approve_sets_in_force_from_the_day_after():
    norm = directive_approve(
        actor=secretariat_user(),
        norm=_draft_directive(),
        approved_on=D(2030, 3, 10),
        agreement_reference="Acuerdo 3, XL Sesión Ordinaria",
    )
    assert norm.status == Norm.Status.IN_FORCE
    assert norm.in_force_from == D(2030, 3, 11)
    assert norm.agreement_reference == "Acuerdo 3, XL Sesión Ordinaria"


def test_directive_approve_refuses_non_st_other_norms_and_twice():
    draft = _draft_directive()
    with pytest.raises(AccessDenied):
        directive_approve(
            actor=representative_user(member_entity("MTPE")),
            norm=draft,
            approved_on=D(2030, 3, 10),
            agreement_reference="x",
        )
    st = secretariat_user()
    with pytest.raises(ValidationError, match="Solo las directivas"):
        directive_approve(
            actor=st, norm=Norm.objects.get(code="reglamento"), approved_on=D(2030, 1, 1), agreement_reference="x"
        )
    with pytest.raises(ValidationError, match="ya fue aprobada"):
        directive_approve(
            actor=st, norm=Norm.objects.get(code="dir-003-2014"), approved_on=D(2030, 1, 1), agreement_reference="x"
        )
    draft.refresh_from_db()
    assert draft.status == Norm.Status.DRAFT


def test_non_working_day_create_and_delete():
    st = secretariat_user()
    day = non_working_day_create(
        actor=st, date=D(2024, 12, 23), reason="Día no laborable", legal_basis="D.S. N° 000-2024-PCM"
    )
    with pytest.raises(ValidationError, match="ya está registrado"):
        non_working_day_create(actor=st, date=D(2024, 12, 23), reason="Otra vez")
    with pytest.raises(ValidationError, match="feriado nacional"):
        non_working_day_create(actor=st, date=D(2024, 12, 25), reason="Navidad")
    with pytest.raises(ValidationError, match="sábados"):
        non_working_day_create(actor=st, date=D(2024, 12, 21), reason="Sábado")
    with pytest.raises(AccessDenied):
        non_working_day_delete(actor=representative_user(member_entity("MTPE")), day=day)
    non_working_day_delete(actor=st, day=day)
    assert not NonWorkingDay.objects.exists()
