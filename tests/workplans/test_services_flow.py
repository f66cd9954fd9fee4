import datetime

import pytest
from django.core.exceptions import PermissionDenied

from mtigm.core.errors import RuleViolation, StateConflict
from mtigm.core.models import OutboundMessage
from sessions.models import AgendaItem, Session
from workplans import selectors, services
from workplans.models import CorrectiveAlert, Evaluation, GroupReport, PlanLine, PlanVersion, SubgroupReport

from .helpers import approved_plan, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    w = world()
    plan = approved_plan(w)
    evaluation = services.evaluation_open(actor=w["users"]["st"], plan=plan, period="q1")
    return w, plan, evaluation


def _report(evaluation, code):
    return SubgroupReport.objects.get(evaluation=evaluation, subgroup__code=code)


def test_open_evaluation_creates_reports_and_due_date(setup):
    w, plan, evaluation = setup
    assert evaluation.due_date == datetime.date(2015, 4, 7)
    assert SubgroupReport.objects.filter(evaluation=evaluation).count() == 3
    assert GroupReport.objects.filter(evaluation=evaluation).count() == 2
    assert _report(evaluation, "4.1").progress.count() == 2


def test_permissions_lead_coordinator_st_other(setup):
    w, plan, evaluation = setup
    u = w["users"]
    r41 = _report(evaluation, "4.1")
    services.subgroup_report_save(actor=u["responsable"], report=r41, difficulties="Ninguna")
    for intruder in (u["coordinador"], u["st"], u["otro"]):
        with pytest.raises(PermissionDenied):
            services.subgroup_report_save(actor=intruder, report=r41, difficulties="x")
    # The lead of 1.1 (MTPE) cannot consolidate group 4; the coordinator of group 4 cannot touch group 1.
    g1 = GroupReport.objects.get(evaluation=evaluation, group__number=1)
    with pytest.raises(PermissionDenied):
        services.group_report_save(actor=u["coordinador"], report=g1, summary="x")
    with pytest.raises(PermissionDenied):
        services.evaluation_assess(actor=u["coordinador"], evaluation=evaluation, text="x")
    # Visibility follows the same roles.
    from members.roles import roles_for

    assert set(
        selectors.subgroup_reports_visible(roles_for(u["responsable"])).values_list("subgroup__code", flat=True)
    ) == {"4.1"}
    assert selectors.subgroup_reports_visible(roles_for(u["otro"])).filter(subgroup__code="4.1").count() == 0


def test_whole_flow_lead_coordinator_st_pleno(setup):
    w, plan, evaluation = setup
    u = w["users"]
    r41, r42 = _report(evaluation, "4.1"), _report(evaluation, "4.2")
    lines = list(r41.progress.values_list("line_id", flat=True))
    services.subgroup_report_save(
        actor=u["responsable"],
        report=r41,
        difficulties="Demoras",
        progress={
            lines[0]: services.ProgressInput(percent=100, delivered=True),
            lines[1]: services.ProgressInput(percent=30),
        },
    )
    services.subgroup_report_submit(actor=u["responsable"], report=r41)
    assert OutboundMessage.objects.filter(kind="workplans_report_submitted", recipient=u["coordinador"].email).exists()
    services.subgroup_report_return(actor=u["coordinador"], report=r41, comments="Precise el avance")
    r41.refresh_from_db()
    assert r41.state == SubgroupReport.State.RETURNED
    services.subgroup_report_submit(actor=u["responsable"], report=r41)
    services.subgroup_report_accept(actor=u["coordinador"], report=r41)
    g4 = GroupReport.objects.get(evaluation=evaluation, group__number=4)
    with pytest.raises(RuleViolation, match="4.2"):
        services.group_report_file(actor=u["coordinador"], report=g4)
    services.subgroup_report_submit(actor=u["coordinador"], report=r42)  # MIGRACIONES leads 4.2
    services.subgroup_report_accept(actor=u["coordinador"], report=r42)
    services.group_report_file(actor=u["coordinador"], report=g4)
    with pytest.raises(RuleViolation, match="6.4.3.5"):
        services.evaluation_present(actor=u["st"], evaluation=evaluation, presented_on=datetime.date(2015, 4, 21))
    services.evaluation_assess(actor=u["st"], evaluation=evaluation, text="Avance razonable.")
    with pytest.raises(RuleViolation, match="1"):  # group 1 has not filed
        services.evaluation_present(actor=u["st"], evaluation=evaluation, presented_on=datetime.date(2015, 4, 21))
    r11 = _report(evaluation, "1.1")
    services.subgroup_report_submit(actor=u["otro"], report=r11)
    services.subgroup_report_accept(actor=u["presidencia"], report=r11)  # RREE coordinates group 1
    services.group_report_file(
        actor=u["presidencia"], report=GroupReport.objects.get(evaluation=evaluation, group__number=1)
    )
    session = Session.objects.create(
        kind="ordinary", number=26, starts_at=datetime.datetime(2015, 4, 21, 10, tzinfo=datetime.UTC)
    )
    item = AgendaItem.objects.create(session=session, position=1, title="Evaluación del I Trimestre")
    services.evaluation_present(
        actor=u["st"], evaluation=evaluation, presented_on=datetime.date(2015, 4, 21), agenda_item=item
    )
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.PRESENTED and evaluation.presented_item == item
    # Published on the intranet: now any commission user reads the reports (§6.4.3.6).
    from members.roles import roles_for

    assert selectors.subgroup_reports_visible(roles_for(u["otro"])).filter(subgroup__code="4.1").exists()
    with pytest.raises(StateConflict, match="6.4.3.1"):  # sent and accepted: no longer the lead's to edit
        services.subgroup_report_save(actor=u["responsable"], report=r41, difficulties="tarde")


def test_corrective_alert_is_one_click_and_logged(setup):
    w, plan, evaluation = setup
    with pytest.raises(PermissionDenied):
        services.corrective_alert_send(actor=w["users"]["coordinador"], evaluation=evaluation, message="x")
    alert = services.corrective_alert_send(actor=w["users"]["st"], evaluation=evaluation, message="")
    assert CorrectiveAlert.objects.count() == 1
    assert alert.recipients == [w["users"]["presidencia"].email]
    assert OutboundMessage.objects.filter(kind="workplans_corrective_alert").count() == 1


def test_page_warning_cites_the_directive(setup):
    w, plan, evaluation = setup
    r41 = _report(evaluation, "4.1")
    assert services.page_warning(r41) == ""
    r41.difficulties = "Texto largo. " * 600
    warning = services.page_warning(r41)
    assert "§6.4.3.1" in warning


def test_amendment_creates_version_and_diff(setup):
    w, plan, evaluation = setup
    st = w["users"]["st"]
    version = services.amendment_propose(actor=st, plan=plan, evaluation=evaluation, reason="Reprogramación")
    assert version.number == 2 and version.lines.count() == 4
    changed = version.lines.get(product__startswith="Producto 4.2")
    services.line_save(
        actor=st,
        version=version,
        line=changed,
        subgroup=changed.subgroup,
        lead_entity=changed.lead_entity,
        months=[10, 11],
        theme=changed.theme,
        product=changed.product,
    )
    removed = version.lines.get(product__startswith="Producto 1.1")
    services.line_delete(actor=st, line=removed)
    services.line_save(
        actor=st,
        version=version,
        subgroup=w["subgroups"]["4.1"],
        lead_entity=w["entities"]["MININTER"],
        months=[11],
        theme="Tema nuevo",
        product="Producto nuevo",
    )
    with pytest.raises(StateConflict, match="Art. 25"):  # the approved version is frozen
        services.line_delete(actor=st, line=plan.current_version.lines.first())
    services.amendment_approve(actor=st, version=version, approved_on=datetime.date(2015, 5, 5), agreement="Acuerdo 7")
    plan.refresh_from_db()
    assert plan.current_version == version
    assert PlanVersion.objects.get(plan=plan, number=1).state == PlanVersion.State.SUPERSEDED
    changes = {c.kind: c for c in selectors.version_diff(PlanVersion.objects.get(plan=plan, number=1), version)}
    assert set(changes) == {"added", "removed", "changed"}
    assert changes["changed"].fields == [("Cronograma", "12", "10, 11")]
    assert "Producto nuevo" in changes["added"].label and "Producto 1.1" in changes["removed"].label


def test_carry_over_creates_linked_draft_lines():
    w = world()
    plan = approved_plan(w)
    st = w["users"]["st"]
    annual = services.evaluation_open(actor=st, plan=plan, period="annual")
    r41 = _report(annual, "4.1")
    ids = list(r41.progress.values_list("line_id", flat=True))
    services.subgroup_report_save(
        actor=w["users"]["responsable"],
        report=r41,
        pending_tasks="Segundo producto",
        progress={
            ids[0]: services.ProgressInput(100, delivered=True),
            ids[1]: services.ProgressInput(40, carry_over=True),
        },
    )
    pending = list(selectors.pending_tasks(annual))
    assert ids[0] not in [p.line_id for p in pending]
    assert [p.carry_over for p in pending if p.line_id == ids[1]] == [True]
    with pytest.raises(RuleViolation):  # a delivered product is not a pending task
        services.carry_over(actor=st, evaluation=annual, line_ids=[ids[0]])
    created = services.carry_over(actor=st, evaluation=annual, line_ids=[ids[1]])
    assert len(created) == 1 and created[0].origin_id == ids[1]
    assert created[0].version.plan.year == 2016 and created[0].version.state == PlanVersion.State.DRAFT
    assert services.carry_over(actor=st, evaluation=annual, line_ids=[ids[1]]) == []  # idempotent
    assert PlanLine.objects.filter(origin_id=ids[1]).count() == 1


def test_late_approval_is_recorded_with_warning():
    w = world()
    st = w["users"]["st"]
    plan = services.plan_create(actor=st, year=2016)
    services.line_save(
        actor=st,
        version=plan.current_version,
        subgroup=w["subgroups"]["4.1"],
        lead_entity=w["entities"]["MININTER"],
        theme="T",
        product="P",
    )
    plan, warning = services.plan_approve(actor=st, plan=plan, approved_on=datetime.date(2016, 1, 25), agreement="A-1")
    assert plan.state == "approved" and "Art. 24" in warning
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=w["users"]["coordinador"], year=2017)
