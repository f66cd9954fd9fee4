"""The demo, plus the few objects it lacks, as the world the access tests try routes on."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command

# The demo users, one per column of the access matrix (the member's titular and alternate both).
ROLE_USERS = {
    "secretariat": "st",
    "presidency": "presidencia",
    "member_titular": "miembro",
    "member_alternate": "alterno",
    "observer": "observador",
    "support": "sociedadcivil",
    "group_coordinator": "coordinador",
    "subgroup_lead": "responsable",
    "api_client": "apicliente",
    "focal_point": "puntofocal",
    "anonymous": None,
}


@dataclass
class World:
    """The objects the routes are tried on."""

    objects: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    from decisions.models import Agreement, Ballot, DecisionKind, Minutes
    from directives.models import NonWorkingDay
    from members.models import (
        CsoRegistration,
        Designation,
        Entity,
        Membership,
        Subgroup,
        WorkingGroup,
    )
    from mtigm.core.models import OutboundMessage
    from sessions.models import AgendaDocument, ExtraordinarySessionRequest, Session
    from sessions.services import feed_token_for
    from workplans.models import Evaluation, GroupReport, Plan, ReportDocument, SubgroupReport

    call_command("load_reference", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    users = {role: get_user_model().objects.get(username=name) for role, name in ROLE_USERS.items() if name}
    world = World(users=users)
    today_session = Session.objects.get(series="ordinary", number=27)  # called, not extended
    extended = Session.objects.get(series="extended", number=3)
    held = Minutes.objects.get().session
    item = today_session.agenda_items.order_by("position").first()
    kind = DecisionKind.objects.get(code="general")
    st = users["secretariat"]

    def ballot(session: Session) -> Ballot:
        return Ballot.objects.create(
            session=session,
            agenda_item=session.agenda_items.order_by("position").first(),
            kind=kind,
            text="Moción de prueba",
            opened_by=st,
            rule_key="vote.simple_majority",
            rule_value={"base": "present_and_voting", "numerator": 1, "denominator": 2},
            rule_citation="Art. 13",
        )

    document = AgendaDocument(item=item, title="Documento")
    document.file.save("documento.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    report_document = ReportDocument(kind=ReportDocument.Kind.ANNUAL, plan=Plan.objects.get(year=2015), requested_by=st)
    report_document.status = ReportDocument.Status.DONE
    report_document.file.save("memoria.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    mtpe = Entity.objects.get(acronym="MTPE")
    group = WorkingGroup.objects.get(number=4)
    world.objects.update(
        session=today_session,
        extended_session=extended,
        held_session=held,
        item=item,
        attendance=today_session.attendances.first(),
        document=document,
        ballot=ballot(today_session),
        extended_ballot=ballot(extended),
        agreement=Agreement.objects.order_by("pk").first(),
        minutes=Minutes.objects.get(),
        application=__import__("decisions.models", fromlist=["Application"]).Application.objects.first(),
        request=ExtraordinarySessionRequest.objects.create(subject="Migración laboral", created_by=st),
        entity=mtpe,
        membership=Membership.objects.filter(entity=mtpe).first(),
        designation=Designation.objects.filter(entity=mtpe).first(),
        group=group,
        subgroup=Subgroup.objects.filter(group=group).first(),
        cso=CsoRegistration.objects.first(),
        non_working_day=NonWorkingDay.objects.create(
            date=datetime.date(2026, 12, 24), reason="Día no laborable compensable"
        ),
        message=OutboundMessage.objects.first(),
        plan=Plan.objects.get(year=2015),
        evaluation=Evaluation.objects.get(plan__year=2015, period="q1"),
        subgroup_report=SubgroupReport.objects.filter(evaluation__period="q3").first(),
        group_report=GroupReport.objects.filter(evaluation__period="q3").first(),
        report_document=report_document,
        line=Plan.objects.get(year=2015).current_version.lines.first(),
        token=feed_token_for(users["member_titular"]).token,
    )
    return world
