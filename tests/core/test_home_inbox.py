"""The home page's inbox ("Mi bandeja"): each role sees what needs its attention, each item links to
its action, and the page runs the same number of queries however much is pending."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from decisions.models import Agreement, Application, Ballot, DecisionKind, Minutes, MinutesSignature
from members.models import Designation, EntityKind
from mtigm.core.access import roles_for
from mtigm.core.inbox import InboxSection, Urgency, inbox_for
from sessions.models import AgendaItem, Attendance, ExtraordinarySessionRequest, Session
from sessions.selectors import latest_valid_call_date
from tests.factories import members as f
from workplans.models import Evaluation, GroupReport, Plan, PlanLine, PlanVersion, ProductProgress, SubgroupReport

pytestmark = pytest.mark.django_db

# A fixed day for the content tests (a Wednesday in June, no holiday near), so that the schedule of
# the plan (months 1-12) and the call deadline do not depend on the day the tests run.
DAY = datetime.date(2026, 6, 10)


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class Home:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    _numbers: dict[str, int] = field(default_factory=dict)

    def number(self, series: str) -> int:
        self._numbers[series] = self._numbers.get(series, 0) + 1
        return self._numbers[series]


def _session(home: Home, day: datetime.date, state: str, *, extended: bool = False, hour: int = 10) -> Session:
    series = "extended" if extended else "ordinary"
    return Session.objects.create(
        kind=Session.Kind.ORDINARY,
        extended=extended,
        number=home.number(series),
        starts_at=aware(day, hour),
        place="Cancillería",
        state=state,
    )


def _approved_minutes(session: Session) -> Minutes:
    return Minutes.objects.create(
        session=session,
        state=Minutes.State.APPROVED,
        content_hash="h" * 64,
        approved_at=aware(session.starts_at.date()),
    )


def _attend(session: Session, user: Any, entity: Any) -> None:
    Attendance.objects.create(session=session, person=user.person, entity=entity, signed_in_at=session.starts_at)


def build(today: datetime.date) -> Home:
    """One of each thing that asks for someone's attention, dated around ``today``."""
    home = Home()
    st: Any = f.secretariat_user("st-home")
    a = f.member_entity("AAA")
    b = f.member_entity("BBB")
    obs = f.member_entity("OBS", kind=EntityKind.OBSERVER)
    cso = f.member_entity("CSO", kind=EntityKind.CIVIL_SOCIETY)
    coord_entity, lead_entity = f.member_entity("COORD"), f.member_entity("LEAD")
    home.users = {
        "st": st,
        "member": f.representative_user(a, username="tit-a"),
        "other_member": f.DesignationFactory(  # type: ignore[attr-defined]
            entity=b, resolution_number="", resolution_date=None, person__user__username="tit-b"
        ).person.user,
        "observer": f.representative_user(obs, username="obs"),
        "support": f.representative_user(cso, username="cso"),
        "coordinator": f.representative_user(coord_entity, username="coord"),
        "lead": f.representative_user(lead_entity, username="lead"),
        "nobody": f.UserFactory(username="nadie"),
    }
    for entity in (a, obs, cso, coord_entity, lead_entity):
        f.representative_user(entity, role=Designation.Role.ALTERNATE)
    users = home.users
    home.objects.update(a=a, b=b, obs=obs, cso=cso, coord_entity=coord_entity, lead_entity=lead_entity)

    # Sessions: a draft plenary to call, a called extended one, one in course with a ballot, two held.
    home.objects["draft"] = _session(home, today + datetime.timedelta(days=20), Session.State.DRAFT)
    home.objects["extended"] = _session(home, today + datetime.timedelta(days=40), Session.State.CALLED, extended=True)
    in_course = _session(home, today - datetime.timedelta(days=1), Session.State.IN_SESSION)
    for user, entity in ((users["member"], a), (users["observer"], obs)):
        _attend(in_course, user, entity)
    home.objects["in_course"] = in_course
    home.objects["ballot"] = _ballot(in_course, st, 1)
    signed = _session(home, today - datetime.timedelta(days=30), Session.State.HELD)
    for user, entity in ((users["member"], a), (users["observer"], obs), (users["other_member"], b)):
        _attend(signed, user, entity)
    home.objects["approved"] = _approved_minutes(signed)
    MinutesSignature.objects.create(
        minutes=home.objects["approved"],
        person=users["other_member"].person,
        entity=b,
        capacity=MinutesSignature.Capacity.MEMBER,
        content_hash="h" * 64,
        user=users["other_member"],
    )
    drafted = _session(home, today - datetime.timedelta(days=10), Session.State.HELD)
    home.objects["draft_minutes"] = Minutes.objects.create(session=drafted)

    # Agreements: one overdue of AAA, one open of BBB, one done of AAA.
    home.objects["overdue"] = Agreement.objects.create(
        session=signed, number=1, text="Informar", owner=a, due_date=today - datetime.timedelta(days=5)
    )
    home.objects["b_agreement"] = Agreement.objects.create(
        session=signed, number=2, text="Coordinar", owner=b, due_date=today + datetime.timedelta(days=30)
    )
    Agreement.objects.create(session=signed, number=3, text="Hecho", owner=a, status=Agreement.Status.DONE)
    home.objects["application"] = Application.objects.create(
        kind=Application.Kind.MEMBER_ADMISSION, title="Incorporación de SUNEDU", received_on=today, submitted_by=st
    )
    home.objects["request"] = ExtraordinarySessionRequest.objects.create(subject="Migración laboral", created_by=st)

    # The work plan of the year: group G coordinated by COORD, subgroup 9.1 led by LEAD.
    group: Any = f.WorkingGroupFactory(number=90)
    f.GroupCoordinatorFactory(group=group, entity=coord_entity)
    led: Any = f.SubgroupFactory(group=group, code="9.1")
    other: Any = f.SubgroupFactory(group=group, code="9.2")
    f.SubgroupLeadFactory(subgroup=led, entity=lead_entity)
    plan = Plan.objects.create(year=today.year, state=Plan.State.APPROVED)
    version = PlanVersion.objects.create(plan=plan, number=1, state=PlanVersion.State.APPROVED)
    plan.current_version = version
    plan.save()
    past = max(today.month - 1, 1)
    home.objects["behind"] = _line(version, led, lead_entity, "behind", [past])
    _line(version, led, lead_entity, "ahead", [12])
    delivered = _line(version, other, coord_entity, "delivered", [past])
    evaluation = Evaluation.objects.create(
        plan=plan, period="annual", version=version, due_date=today + datetime.timedelta(days=3), due_citation="§6.4"
    )
    home.objects["to_write"] = SubgroupReport.objects.create(evaluation=evaluation, subgroup=led)
    home.objects["to_review"] = SubgroupReport.objects.create(
        evaluation=evaluation, subgroup=other, state=SubgroupReport.State.SUBMITTED
    )
    ProductProgress.objects.create(report=home.objects["to_review"], line=delivered, percent=100, delivered=True)
    home.objects["group_report"] = GroupReport.objects.create(evaluation=evaluation, group=group)
    home.objects.update(plan=plan, version=version, evaluation=evaluation, group=group, led=led)
    return home


def _ballot(session: Session, st: Any, position: int) -> Ballot:
    item = AgendaItem.objects.create(session=session, position=position, title=f"Punto {position}")
    return Ballot.objects.create(
        session=session,
        agenda_item=item,
        kind=DecisionKind.objects.get(code="general"),
        text=f"Moción {position}",
        opened_by=st,
        rule_key="vote.simple_majority",
        rule_value={"base": "present_and_voting", "numerator": 1, "denominator": 2},
        rule_citation="Art. 13",
    )


def _line(version: PlanVersion, subgroup: Any, entity: Any, key: str, months: list[int]) -> PlanLine:
    return PlanLine.objects.create(
        version=version,
        key=key,
        subgroup=subgroup,
        lead_entity=entity,
        theme="Tema",
        product=f"Producto {key}",
        months=months,
    )


def grow(home: Home, today: datetime.date, n: int) -> None:
    """``n`` more of everything the inboxes list."""
    users, objects = home.users, home.objects
    st = users["st"]
    for index in range(n):
        _session(home, today + datetime.timedelta(days=50 + index), Session.State.DRAFT)
        held = _session(home, today - datetime.timedelta(days=60 + index), Session.State.HELD)
        _attend(held, users["member"], objects["a"])
        _approved_minutes(held)
        Minutes.objects.create(session=_session(home, today - datetime.timedelta(days=200 + index), Session.State.HELD))
        Agreement.objects.create(
            session=held, number=1, text="Otro", owner=objects["a"], due_date=today - datetime.timedelta(days=index + 1)
        )
        _ballot(objects["in_course"], st, index + 2)
        Application.objects.create(
            kind=Application.Kind.OBSERVER_ADMISSION, title=f"Solicitud {index}", received_on=today, submitted_by=st
        )
        ExtraordinarySessionRequest.objects.create(subject=f"Pedido {index}", created_by=st)
        f.member_entity(f"SIN{index}")
        subgroup: Any = f.SubgroupFactory(group=objects["group"], code=f"9.{index + 10}")
        f.SubgroupLeadFactory(subgroup=subgroup, entity=objects["lead_entity"])
        # Half of them sent to the coordinator, half still with the lead.
        state = SubgroupReport.State.SUBMITTED if index % 2 else SubgroupReport.State.DRAFT
        SubgroupReport.objects.create(evaluation=objects["evaluation"], subgroup=subgroup, state=state)
        _line(objects["version"], subgroup, objects["lead_entity"], f"behind-{index}", [1])


def sections(user: Any, day: datetime.date = DAY) -> dict[str, InboxSection]:
    return {s.key: s for s in inbox_for(roles_for(user, on=day))}


def urls(section: InboxSection) -> list[str]:
    return [item.url for item in section.items]


ST_ONLY = {
    "draft_sessions",
    "open_requests",
    "minutes_to_approve",
    "minutes_unsigned",
    "overdue_agreements",
    "pending_applications",
    "unrepresented_entities",
    "designations_without_resolution",
    "group_reports_due",
}


def test_the_secretariat_sees_what_it_keeps_each_item_linking_to_its_action():
    home = build(DAY)
    found = sections(home.users["st"])
    assert set(found) >= ST_ONLY
    draft = home.objects["draft"]
    # The next plenary is the draft to call, due on the last day a call still gives notice (Art. 11).
    (next_item,) = found["next_session"].items
    assert next_item.url == reverse("sessions:detail", args=[draft.pk])
    assert next_item.due == latest_valid_call_date(draft)
    assert "Art. 11" in next_item.detail
    assert urls(found["minutes_to_approve"]) == [
        reverse("decisions:minutes", args=[home.objects["draft_minutes"].session_id])
    ]
    (unsigned,) = found["minutes_unsigned"].items
    assert unsigned.url == reverse("decisions:minutes", args=[home.objects["approved"].session_id])
    assert "Secretaría Técnica" in unsigned.detail and "2 entidades asistentes" in unsigned.detail
    (overdue,) = found["overdue_agreements"].items
    assert overdue.url == reverse("decisions:agreement", args=[home.objects["overdue"].pk])
    assert overdue.urgency == Urgency.LATE
    assert urls(found["pending_applications"]) == [
        reverse("decisions:application", args=[home.objects["application"].pk])
    ]
    assert found["open_requests"].count == 1
    # BBB has a titular recorded without resolution and no alternate (R1, Art. 7.5).
    (missing,) = found["unrepresented_entities"].items
    assert missing.label.startswith("BBB") and "calidad=alternate" in missing.url
    assert urls(found["designations_without_resolution"]) == [
        reverse(
            "members:designation-update",
            args=[Designation.objects.get(entity=home.objects["b"], role=Designation.Role.TITULAR).pk],
        )
    ]
    assert urls(found["group_reports_due"]) == [
        reverse("workplans:group-report", args=[home.objects["group_report"].pk])
    ]
    # The ST neither votes nor follows an entity's agreements as its owner.
    assert not {"open_ballots", "own_agreements", "minutes_to_sign"} & set(found)


def test_a_member_sees_its_session_ballots_actas_and_agreements_and_nothing_of_the_st():
    home = build(DAY)
    found = sections(home.users["member"])
    assert set(found) == {"next_session", "open_ballots", "minutes_to_sign", "own_agreements"}
    # Drafts are not called yet: the member's next session is the called extended one.
    assert urls(found["next_session"]) == [reverse("sessions:detail", args=[home.objects["extended"].pk])]
    assert urls(found["open_ballots"]) == [reverse("decisions:ballot", args=[home.objects["ballot"].pk])]
    assert urls(found["minutes_to_sign"]) == [reverse("decisions:minutes", args=[home.objects["approved"].session_id])]
    # Only AAA's open agreement, not BBB's, not the one done.
    assert urls(found["own_agreements"]) == [reverse("decisions:agreement", args=[home.objects["overdue"].pk])]

    # BBB's titular signed the acta and is not in the session in course: no acta, no ballot.
    other = sections(home.users["other_member"])
    assert not {"minutes_to_sign", "open_ballots"} & set(other)
    assert urls(other["own_agreements"]) == [reverse("decisions:agreement", args=[home.objects["b_agreement"].pk])]


def test_a_ballot_leaves_the_inbox_once_the_entity_voted():
    from decisions.models import Vote

    home = build(DAY)
    member = home.users["member"]
    Vote.objects.create(
        ballot=home.objects["ballot"],
        entity=home.objects["a"],
        person=member.person,
        role=Designation.Role.TITULAR,
        choice="yes",
        cast_by=member,
    )
    assert "open_ballots" not in sections(member)


def test_an_observer_signs_but_does_not_vote_and_support_sees_only_the_extended_session():
    home = build(DAY)
    observer = sections(home.users["observer"])
    assert "open_ballots" not in observer  # observers have voice, no vote (Art. 7.3)
    assert urls(observer["minutes_to_sign"]) == [
        reverse("decisions:minutes", args=[home.objects["approved"].session_id])
    ]
    support = sections(home.users["support"])
    assert set(support) == {"next_session"}
    assert urls(support["next_session"]) == [reverse("sessions:detail", args=[home.objects["extended"].pk])]


def test_coordinator_and_lead_see_their_reports_and_products_behind():
    home = build(DAY)
    lead = sections(home.users["lead"])
    assert urls(lead["subgroup_reports_to_write"]) == [
        reverse("workplans:subgroup-report", args=[home.objects["to_write"].pk])
    ]
    (behind,) = lead["products_behind"].items  # "ahead" has December left; "delivered" is delivered
    assert behind.label == "9.1 — Producto behind"
    assert behind.urgency == Urgency.LATE
    coordinator = sections(home.users["coordinator"])
    assert urls(coordinator["subgroup_reports_to_review"]) == [
        reverse("workplans:subgroup-report", args=[home.objects["to_review"].pk])
    ]
    assert urls(coordinator["group_reports_to_file"]) == [
        reverse("workplans:group-report", args=[home.objects["group_report"].pk])
    ]
    assert coordinator["products_behind"].count == 1
    assert "subgroup_reports_to_write" not in coordinator
    assert not {"subgroup_reports_to_review", "group_reports_to_file"} & set(lead)
    assert not ST_ONLY & (set(lead) | set(coordinator))


def test_a_returned_report_is_flagged_with_the_coordinators_comments():
    home = build(DAY)
    report = home.objects["to_write"]
    report.state = SubgroupReport.State.RETURNED
    report.coordinator_comments = "Precise el avance del producto"
    report.save()
    (item,) = sections(home.users["lead"])["subgroup_reports_to_write"].items
    assert item.urgency == Urgency.LATE and "Precise el avance" in item.detail


def test_sections_count_everything_and_list_a_few():
    home = build(DAY)
    grow(home, DAY, 8)
    found = sections(home.users["st"])
    assert found["overdue_agreements"].count == 9
    assert len(found["overdue_agreements"].items) == 5
    assert found["overdue_agreements"].more == 4
    assert found["next_session"].count == 1


def test_who_has_nothing_pending_is_told_so(client):
    client.force_login(get_user_model().objects.create_user("sin-cargo", password="x-clave-segura-123"))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["inbox"] == []
    assert "No tiene asuntos pendientes" in response.content.decode()
    assert 'class="grid-cards"' not in response.content.decode()


def test_the_home_page_links_each_item_to_its_action(client):
    today = timezone.localdate()
    home = build(today)
    client.force_login(home.users["member"])
    page = client.get(reverse("home")).content.decode()
    assert "Mi bandeja" in page
    assert f'href="{reverse("decisions:ballot", args=[home.objects["ballot"].pk])}"' in page
    assert f'href="{reverse("decisions:agreement", args=[home.objects["overdue"].pk])}"' in page
    assert f'href="{reverse("decisions:agreement", args=[home.objects["b_agreement"].pk])}"' not in page
    assert "No tiene asuntos pendientes" not in page


@pytest.mark.parametrize("role", ["st", "member", "coordinator"])
def test_the_home_page_takes_the_same_queries_with_little_and_much_pending(client, role, django_assert_max_num_queries):
    today = timezone.localdate()
    home = build(today)
    client.force_login(home.users[role])
    client.get(reverse("home"))  # warm the caches that live for the whole process (menu, providers)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("home")).status_code == 200
    grow(home, today, 27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    # The larger data did reach the page: some section now lists only part of what it counts.
    assert any(s.more for s in response.context["inbox"])
