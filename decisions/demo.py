"""Demo data of the decisions app (idempotent; runs after the sessions demo).

The historical sessions hold the real admissions of RENIEC (XVI ordinary session, 12 March 2014)
and SUNEDU (XVII, 10 April 2014). The book records the agreements but not the vote counts nor who
attended, so the agreements are written without counts rather than with invented ones. The acta
of the XVI session is drafted, approved and signed by the ST through the services.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from members.models import Entity
from sessions.models import AgendaItem, Session

from . import services
from .models import Agreement, Application, Minutes

ADMISSIONS = [
    # (session number, entity acronym, name, due note)
    (16, "RENIEC", "Registro Nacional de Identificación y Estado Civil"),
    (17, "SUNEDU", "Superintendencia Nacional de Educación Superior Universitaria (antes ANR)"),
]
SOURCE_NOTE = (
    "Acuerdo registrado en la cronología del libro de la MTIGM (2015); la fuente no consigna el conteo de votos."
)


def load(stdout: Any) -> None:
    st = get_user_model().objects.filter(username="st").first()
    if st is None:
        stdout.write("  decisions: no ST demo user (members demo not loaded); skipped")
        return
    made = 0
    for number, acronym, name in ADMISSIONS:
        made += _admission(st, number, acronym, name)
    acta = _acta(st)
    stdout.write(f"  decisions: {made} historical admission agreements created; {acta}")


@transaction.atomic
def _admission(st: Any, number: int, acronym: str, name: str) -> int:
    session = Session.objects.filter(series=Session.Series.ORDINARY, number=number).first()
    if session is None or Agreement.objects.filter(session=session, text__contains=acronym).exists():
        return 0
    item = (
        AgendaItem.objects.filter(session=session, title__icontains=acronym).first()
        or AgendaItem.objects.filter(session=session).order_by("position").first()
    )
    day = session.starts_at.date()
    text = f"Aprobar la incorporación de {name} ({acronym}) como entidad miembro de la MTIGM (Art. 7.4 del Reglamento)."
    agreement = services.agreement_create(
        session=session,
        agenda_item=item,
        ballot=None,
        text=text,
        method=Agreement.Method.VOTE,
        counts=(None, None, None),
    )
    rree = Entity.objects.filter(acronym="RREE").first()
    Agreement.objects.filter(pk=agreement.pk).update(
        owner=rree,
        due_date=day + datetime.timedelta(days=60),
        status=Agreement.Status.DONE,
        status_note=f"{SOURCE_NOTE} La Secretaría Técnica tramitó el decreto supremo de incorporación.",
    )
    application = Application.objects.create(
        kind=Application.Kind.MEMBER_ADMISSION,
        state=Application.State.APPROVED,
        title=f"Incorporación de {acronym} como entidad miembro",
        reasons="Solicitud presentada a la Presidencia a través de la Secretaría Técnica.",
        received_on=day - datetime.timedelta(days=20),
        submitted_by=st,
        name=name,
        acronym=acronym,
        entity=Entity.objects.filter(acronym=acronym).first(),
        agenda_item=item,
        decided_on=day,
        decree_state=Application.DecreeState.IN_PROCESS,
    )
    return 1 if application.pk else 0


def _acta(st: Any) -> str:
    session = Session.objects.filter(series=Session.Series.ORDINARY, number=16).first()
    if session is None:
        return "no XVI session: acta skipped"
    minutes = Minutes.objects.filter(session=session).order_by("-version").first()
    if minutes is not None and minutes.is_approved:
        return "acta of the XVI session already approved"
    minutes = services.minutes_draft(actor=st, session=session)
    summaries = {
        str(item.pk): f"La Secretaría Técnica presentó el punto «{item.title}». {item.description}".strip()
        for item in session.agenda_items.all()
    }
    minutes = services.minutes_update(
        actor=st,
        minutes=minutes,
        summaries=summaries,
        observations="Acta reconstruida de la cronología del libro de la MTIGM (2015) para la demostración.",
    )
    minutes = services.minutes_approve(actor=st, minutes=minutes, in_session=session)
    services.minutes_sign(actor=st, minutes=minutes)
    try:
        from .tasks import render_minutes_pdf

        render_minutes_pdf(minutes.pk)
    except Exception as exc:  # noqa: BLE001 - the PDF can be rendered again from the page
        return f"acta approved and signed; PDF failed: {exc}"
    return "acta of the XVI session approved, signed by the ST and rendered"
