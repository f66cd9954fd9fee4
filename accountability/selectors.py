"""The content of the commission's annual report to the PCM, read from the data of one year.

``report_content(year)`` builds a ``ReportContent`` in a fixed number of queries, whatever the
number of sessions, agreements, entities or plan lines. It reuses the work plan's selectors for
the evaluations' calendar (``dashboard``; the execution itself is read only from evaluations
presented to the Plenary, ``_official_execution``), the plenary sessions and attendance rates
(``sessions_of_year``) and the composition changes (``composition_changes``).

``content_json`` turns it into the stable JSON structure served by the API and stored on each
report (``SCHEMA`` names its version; fields are only ever added):

- ``schema``, ``year``, ``generated_at`` (ISO 8601), ``commission`` (name, nature, attached_to)
- ``creating_norm`` / ``regulation``: ``{code, number, title, short_name, issued_on, published_on,
  in_force_from}`` or null
- ``object``: text of Art. 1 of the creating decree
- ``presidents`` and every ``entities[].representatives[]``: ``{name, position, entity, role,
  role_label, start, end, resolution_number, resolution_date}`` (in office during the year)
- ``secretariat``: ``[{name, position, function, start, end}]``
- ``entities``: ``[{acronym, name, kind, kind_label, start, end, representatives}]``
- ``joined`` / ``left``: ``[{acronym, name, kind_label, on}]``; ``designations_in_year``: count
- ``sessions``: ``[{id, title, series, series_label, date, place, entities_present,
  members_present}]``; ``sessions_by_series``: ``{label: count}``
- ``attendance``: ``[{acronym, name, attended, sessions, rate}]``
- ``agreements``: ``[{reference, session, date, number, text, owner, due_date, status,
  status_label}]``; ``agreements_by_status``: ``{label: count}``
- ``plan``: null or ``{year, title, state_label, approved_on, approval_agreement, version,
  products, delivered, pending, percent, latest_evaluation, groups: [{number, name, percent,
  products, delivered, subgroups: [{code, theme, lead, percent, products, delivered}]}],
  products_list: [{group, subgroup, product, lead, delivered}]}``; null too when the year's plan is
  not approved or published (Art. 24: only those are public)
- ``plan_note``: why ``plan`` is null (no plan, or a plan not yet approved), empty otherwise
- ``reports``: ``[{period, period_label, due_date, state_label, presented_on, subgroup_reports_sent,
  subgroup_reports_total, group_reports_filed, group_reports_total, late}]``
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.models import Agreement
from directives.models import Article, Norm
from members.models import Designation, EntityKind, Membership, SecretariatAppointment
from members.roles import PRESIDING_ENTITY_ACRONYM
from sessions.models import Attendance, Session
from workplans.models import Plan
from workplans.selectors import composition_changes, dashboard, sessions_of_year

SCHEMA = "mtigm.accountability.pcm-report/1"
# The creating decree and the Reglamento, as the norms registry codes them (directives migrations;
# the same codes as portal.selectors, which this layer may not import).
DECREE_CODE = "ds-067-2011-pcm"
REGULATION_CODE = "reglamento"
OBJECT_ARTICLE = "1"
COMMISSION_NAME = "Comisión Multisectorial Permanente “Mesa de Trabajo Intersectorial para la Gestión Migratoria”"
REGISTRY_KINDS = (EntityKind.MEMBER, EntityKind.OBSERVER)


@dataclass
class NormRef:
    code: str
    number: str
    title: str
    short_name: str
    issued_on: datetime.date | None
    published_on: datetime.date | None
    in_force_from: datetime.date | None


@dataclass
class Representative:
    name: str
    position: str
    entity: str
    role: str
    role_label: str
    start: datetime.date
    end: datetime.date | None
    resolution_number: str
    resolution_date: datetime.date | None


@dataclass
class SecretariatMember:
    name: str
    position: str
    function: str
    start: datetime.date
    end: datetime.date | None


@dataclass
class EntityRow:
    acronym: str
    name: str
    kind: str
    kind_label: str
    start: datetime.date
    end: datetime.date | None
    representatives: list[Representative] = field(default_factory=list)


@dataclass
class Change:
    acronym: str
    name: str
    kind_label: str
    on: datetime.date | None


@dataclass
class SessionRow:
    id: int
    title: str
    series: str
    series_label: str
    date: datetime.date
    place: str
    entities_present: int
    members_present: int


@dataclass
class AttendanceRow:
    acronym: str
    name: str
    attended: int
    sessions: int
    rate: int


@dataclass
class AgreementRow:
    reference: str
    session: str
    date: datetime.date
    number: int
    text: str
    owner: str
    due_date: datetime.date | None
    status: str
    status_label: str


@dataclass
class SubgroupExecution:
    code: str
    theme: str
    lead: str
    percent: int | None
    products: int
    delivered: int


@dataclass
class GroupExecution:
    number: int
    name: str
    percent: int | None
    products: int
    delivered: int
    subgroups: list[SubgroupExecution]


@dataclass
class ProductRow:
    group: int
    subgroup: str
    product: str
    lead: str
    delivered: bool


@dataclass
class PlanExecution:
    year: int
    title: str
    state_label: str
    approved_on: datetime.date | None
    approval_agreement: str
    version: int | None
    products: int
    delivered: int
    pending: int
    percent: int | None
    latest_evaluation: str
    groups: list[GroupExecution]
    products_list: list[ProductRow]


@dataclass
class ReportRow:
    period: str
    period_label: str
    due_date: datetime.date
    state_label: str
    presented_on: datetime.date | None
    subgroup_reports_sent: int
    subgroup_reports_total: int
    group_reports_filed: int
    group_reports_total: int
    late: int


@dataclass
class ReportContent:
    year: int
    generated_at: datetime.datetime
    commission: dict[str, str]
    creating_norm: NormRef | None
    regulation: NormRef | None
    object: str
    presidents: list[Representative]
    secretariat: list[SecretariatMember]
    entities: list[EntityRow]
    joined: list[Change]
    left: list[Change]
    designations_in_year: int
    sessions: list[SessionRow]
    sessions_by_series: dict[str, int]
    attendance: list[AttendanceRow]
    agreements: list[AgreementRow]
    agreements_by_status: dict[str, int]
    plan: PlanExecution | None
    reports: list[ReportRow]
    plan_note: str = ""

    @property
    def members(self) -> list[EntityRow]:
        return [e for e in self.entities if e.kind == EntityKind.MEMBER]

    @property
    def observers(self) -> list[EntityRow]:
        return [e for e in self.entities if e.kind == EntityKind.OBSERVER]


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _overlapping(start: datetime.date, end: datetime.date) -> Q:
    """Rows with ``start``/``end`` (inclusive, open-ended when null) in force some day of the period."""
    return Q(start__lte=end) & (Q(end__isnull=True) | Q(end__gte=start))


def _norm_ref(norm: Norm | None) -> NormRef | None:
    if norm is None:
        return None
    return NormRef(
        norm.code,
        norm.number,
        norm.title,
        norm.short_name,
        norm.issued_on,
        norm.published_on,
        norm.in_force_from,
    )


def _representative(designation: Designation) -> Representative:
    person = designation.person
    return Representative(
        name=f"{person.honorific} {person}".strip(),
        position=person.position,
        entity=designation.entity.acronym,
        role=designation.role,
        role_label=str(designation.get_role_display()),
        start=designation.start,
        end=designation.end,
        resolution_number=designation.resolution_number,
        resolution_date=designation.resolution_date,
    )


def _entities(start: datetime.date, end: datetime.date) -> tuple[list[EntityRow], list[Representative]]:
    """Member and observer entities in the commission some day of the period, with their titular and
    alternate representatives in office that year (Art. 7.5: designated by resolution). 2 queries."""
    memberships = list(
        Membership.objects.filter(_overlapping(start, end), kind__in=REGISTRY_KINDS)
        .select_related("entity")
        .order_by("kind", "entity__acronym", "start")
    )
    designations = list(
        Designation.objects.filter(_overlapping(start, end), entity__in={m.entity_id for m in memberships})
        .select_related("entity", "person")
        .order_by("entity__acronym", "role", "start")
    )
    by_entity: dict[int, list[Representative]] = {}
    for designation in designations:
        by_entity.setdefault(designation.entity_id, []).append(_representative(designation))
    rows: list[EntityRow] = []
    seen: set[int] = set()
    for membership in memberships:
        if membership.entity_id in seen:
            continue
        seen.add(membership.entity_id)
        rows.append(
            EntityRow(
                acronym=membership.entity.acronym,
                name=membership.entity.name,
                kind=membership.kind,
                kind_label=str(membership.get_kind_display()),
                start=membership.start,
                end=membership.end,
                representatives=by_entity.get(membership.entity_id, []),
            )
        )
    # The Presidency is RREE's titular (Art. 15); the alternate acts in their absence.
    presidents = [
        _representative(d)
        for d in designations
        if d.entity.acronym == PRESIDING_ENTITY_ACRONYM and d.role == Designation.Role.TITULAR
    ]
    return rows, presidents


def _sessions(year: int, held: dict[str, Any], member_days: list[Membership]) -> list[SessionRow]:
    """The plenary sessions held in the year with the entities present (each counts once, Art. 7.7). 1 query."""
    sessions = held["sessions"]
    present: dict[int, set[int]] = {}
    for session_id, entity_id in (
        Attendance.objects.filter(session__in=sessions).values_list("session_id", "entity_id").distinct()
    ):
        present.setdefault(session_id, set()).add(entity_id)
    rows = []
    for session in sessions:
        day = timezone.localdate(session.starts_at)
        members = {m.entity_id for m in member_days if m.start <= day and (m.end is None or day <= m.end)}
        entities = present.get(session.pk, set())
        rows.append(
            SessionRow(
                id=session.pk,
                title=session.title,
                series=session.series,
                series_label=str(session.get_series_display()),
                date=day,
                place=session.place,
                entities_present=len(entities),
                members_present=len(entities & members),
            )
        )
    return rows


def _agreements(year: int) -> list[AgreementRow]:
    """Agreements of the Plenary adopted in its sessions held in the year (by the session's date, not
    the record's), with their follow-up status (R13, Art. 18.9). 1 query.

    Working groups and subgroups also record agreements in their meetings; those are not the
    commission's, and a session still in progress has not adopted its agreements yet, so both are
    left out, as section 3 lists only the plenary sessions held."""
    queryset = (
        Agreement.objects.filter(
            session__starts_at__year=year,
            session__kind__in=Session.PLENARY_KINDS,
            session__state=Session.State.HELD,
        )
        .select_related("session__group", "session__subgroup", "owner")
        .order_by("session__starts_at", "number")
    )
    return [
        AgreementRow(
            reference=a.reference,
            session=a.session.title,
            date=timezone.localdate(a.session.starts_at),
            number=a.number,
            text=a.text,
            owner=a.owner.acronym if a.owner else "",
            due_date=a.due_date,
            status=a.status,
            status_label=str(a.get_status_display()),
        )
        for a in queryset
    ]


def _execution(board: Any) -> tuple[list[GroupExecution], list[ProductRow]]:
    """The groups, subgroups and products of the plan's current version as the dashboard counted
    them (``presented_only``: what the Plenary was presented), in the plan's order."""
    delivered = {line.pk for group in board.groups for sub in group.subgroups for line in sub.delivered_lines}
    groups = [
        GroupExecution(
            number=group.number,
            name=group.name,
            percent=group.percent,
            products=group.products_total,
            delivered=group.delivered_total,
            subgroups=[
                SubgroupExecution(s.code, s.theme, s.lead, s.percent, s.products, s.delivered) for s in group.subgroups
            ],
        )
        for group in board.groups
    ]
    products = [
        ProductRow(
            line.subgroup.group.number, line.subgroup.code, line.product, line.lead_entity.acronym, line.pk in delivered
        )
        for line in board.lines
    ]
    return groups, products


def _plan(year: int) -> tuple[PlanExecution | None, list[ReportRow], str]:
    """The plan of the year, its current version's products delivered and pending, and the
    evaluation reports presented (Dir. 003 §6.4), with a note when the plan is left out.

    Only an approved or published plan is public (Art. 24, ``conditions.public_plan``): the report
    is read by the member representatives, who may not see a draft plan or one awaiting approval,
    so such a plan is named in a note and its products are not listed."""
    plan = Plan.objects.filter(year=year).select_related("current_version").first()
    if plan is None:
        return None, [], _("No hay plan de trabajo registrado para el año.")
    if not plan.is_public:
        note = _(
            "El Plan de Trabajo %(year)s no ha sido aprobado por el Pleno (estado: %(state)s); "
            "su contenido no es público y no se incluye en este informe (Art. 24)."
        ) % {"year": plan.year, "state": plan.get_state_display()}
        return None, [], note
    # The report to the PCM is read by every member: progress only from what the Plenary was
    # presented (Dir. 003 §6.4.3.6); the evaluations' calendar below is counts, the same for all.
    board = dashboard(plan, presented_only=True)
    groups, products = _execution(board)
    execution = PlanExecution(
        year=plan.year,
        title=plan.title,
        state_label=str(plan.get_state_display()),
        approved_on=plan.approved_on,
        approval_agreement=plan.approval_agreement,
        version=plan.current_version.number if plan.current_version else None,
        products=board.products,
        delivered=board.delivered,
        pending=board.products - board.delivered,
        percent=board.percent,
        latest_evaluation=str(board.latest.get_period_display()) if board.latest else "",
        groups=groups,
        products_list=products,
    )
    # The evaluations' calendar and how many reports were sent are counts, not the reports' content,
    # so every evaluation of the public plan is listed with its state.
    reports = [
        ReportRow(
            period=row.evaluation.period,
            period_label=str(row.evaluation.get_period_display()),
            due_date=row.evaluation.due_date,
            state_label=str(row.evaluation.get_state_display()),
            presented_on=row.evaluation.presented_on,
            subgroup_reports_sent=row.subgroup_done,
            subgroup_reports_total=row.subgroup_total,
            group_reports_filed=row.group_filed,
            group_reports_total=row.group_total,
            late=row.late,
        )
        for row in board.evaluations
    ]
    return execution, reports, ""


def _change(membership: Membership, day: datetime.date | None) -> Change:
    return Change(membership.entity.acronym, membership.entity.name, str(membership.get_kind_display()), day)


def report_content(year: int) -> ReportContent:
    """Everything the PCM's registry record asks for, for ``year``, in a constant number of queries."""
    start, end = year_bounds(year)
    norms = {n.code: n for n in Norm.objects.filter(code__in=[DECREE_CODE, REGULATION_CODE])}
    article = (
        Article.objects.filter(norm__code=DECREE_CODE, number=OBJECT_ARTICLE).only("text").first()
        if DECREE_CODE in norms
        else None
    )
    entities, presidents = _entities(start, end)
    secretariat = [
        SecretariatMember(str(a.person), a.person.position, a.function, a.start, a.end)
        for a in SecretariatAppointment.objects.filter(_overlapping(start, end))
        .select_related("person")
        .order_by("start", "person__last_name")
    ]
    held = sessions_of_year(year)
    member_days = list(
        Membership.objects.filter(_overlapping(start, end), kind=EntityKind.MEMBER).only("entity_id", "start", "end")
    )
    changes = composition_changes(year)
    agreements = _agreements(year)
    plan, reports, plan_note = _plan(year)
    return ReportContent(
        year=year,
        generated_at=timezone.localtime(),
        commission={
            "name": COMMISSION_NAME,
            "acronym": "MTIGM",
            "nature": _("Comisión multisectorial de naturaleza permanente"),
            "attached_to": _("Ministerio de Relaciones Exteriores"),
        },
        creating_norm=_norm_ref(norms.get(DECREE_CODE)),
        regulation=_norm_ref(norms.get(REGULATION_CODE)),
        object=article.text if article else "",
        presidents=presidents,
        secretariat=secretariat,
        entities=entities,
        joined=[_change(m, m.start) for m in changes["joined"] if m.kind in REGISTRY_KINDS],
        left=[_change(m, m.end) for m in changes["left"] if m.kind in REGISTRY_KINDS],
        # Only the designations of the entities the table lists (members and observers), as for
        # ``joined`` and ``left``: agencies and civil society designate representatives too.
        designations_in_year=sum(1 for e in entities for r in e.representatives if start <= r.start <= end),
        sessions=_sessions(year, held, member_days),
        sessions_by_series=held["by_series"],
        attendance=[AttendanceRow(a.acronym, a.name, a.attended, a.sessions, a.rate) for a in held["attendance"]],
        agreements=agreements,
        agreements_by_status=dict(Counter(a.status_label for a in agreements)),
        plan=plan,
        reports=reports,
        plan_note=plan_note,
    )


def content_json(content: ReportContent) -> dict[str, Any]:
    """The stable JSON structure of a report (see the module's docstring); dates in ISO 8601."""
    data = {"schema": SCHEMA, **dataclasses.asdict(content)}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
