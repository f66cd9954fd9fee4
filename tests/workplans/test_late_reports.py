"""Reports sent after their due date are marked late (Dir. 003 §6.1.3, §6.4.5), in the API, on the
report's page, in the evaluation's rows and on the plan's dashboard; and the mark keeps saying what
happened when the evaluation's due date is corrected afterwards."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from members.models import Subgroup
from workplans import selectors, services
from workplans.models import Evaluation, GroupReport, PlanLine, SubgroupReport

from .helpers import approved_plan, world

pytestmark = pytest.mark.django_db

LATE_BADGE = "Presentado fuera de plazo"


def _set_due(evaluation: Evaluation, day: datetime.date) -> None:
    """What a correction in the admin does: only the evaluation's own date changes."""
    Evaluation.objects.filter(pk=evaluation.pk).update(due_date=day)
    evaluation.refresh_from_db()


def _send_group_4(w, evaluation: Evaluation) -> tuple[SubgroupReport, SubgroupReport, GroupReport]:
    """Subgroups 4.1 and 4.2 send their reports, the coordination consolidates both and files group 4."""
    users = w["users"]
    r41 = SubgroupReport.objects.get(evaluation=evaluation, subgroup__code="4.1")
    r42 = SubgroupReport.objects.get(evaluation=evaluation, subgroup__code="4.2")
    services.subgroup_report_submit(actor=users["responsable"], report=r41)
    services.subgroup_report_submit(actor=users["coordinador"], report=r42)  # MIGRACIONES also leads 4.2
    services.subgroup_report_accept(actor=users["coordinador"], report=r41)
    services.subgroup_report_accept(actor=users["coordinador"], report=r42)
    group = GroupReport.objects.get(evaluation=evaluation, group__number=4)
    services.group_report_file(actor=users["coordinador"], report=group)
    for report in (r41, r42, group):
        report.refresh_from_db()
    return r41, r42, group


@pytest.fixture
def setup():
    w = world()
    plan = approved_plan(w)
    evaluation = services.evaluation_open(actor=w["users"]["st"], plan=plan, period="q1")
    return w, plan, evaluation


def test_report_sent_after_due_date_is_late_everywhere(setup, client):
    w, plan, evaluation = setup
    due = evaluation.due_date  # 7 April 2015, from the rule registry: long past today
    r41, r42, group = _send_group_4(w, evaluation)
    days = (timezone.localdate() - due).days
    assert r41.late and r41.days_late == days and r41.due_date == due
    assert group.late and group.days_late == days

    # API: the lead's subgroup report and the coordinator's group report.
    lead = APIClient()
    lead.force_authenticate(w["users"]["responsable"])
    data = lead.get(f"/api/v1/workplans/subgroup-reports/{r41.pk}/").json()
    assert (data["late"], data["due_date"], data["days_late"]) == (True, due.isoformat(), days)
    coordinator = APIClient()
    coordinator.force_authenticate(w["users"]["coordinador"])
    data = coordinator.get(f"/api/v1/workplans/group-reports/{group.pk}/").json()
    assert (data["late"], data["due_date"], data["days_late"]) == (True, due.isoformat(), days)

    # The report's page: the badge with the due date and the days late.
    client.force_login(w["users"]["responsable"])
    html = client.get(reverse("workplans:subgroup-report", args=[r41.pk])).content.decode()
    assert f"{LATE_BADGE}: vencía el {due:%d/%m/%Y}; {days} días de retraso" in html
    client.force_login(w["users"]["coordinador"])
    html = client.get(reverse("workplans:group-report", args=[group.pk])).content.decode()
    assert f"{LATE_BADGE}: vencía el {due:%d/%m/%Y}; {days} días de retraso" in html

    # The evaluation's rows: the group and both of its subgroups; 1.1 never sent anything.
    client.force_login(w["users"]["st"])
    html = client.get(reverse("workplans:evaluation", args=[plan.year, "q1"])).content.decode()
    assert html.count("data-late") == 3
    assert f"fuera de plazo ({days} días)" in html

    # The dashboard: three reports sent late; 1.1 and group 1 are still missing, past the due date.
    board = selectors.dashboard(plan)
    assert board.late_reports == 3
    assert (board.evaluations[0].late, board.evaluations[0].overdue) == (3, 2)
    html = client.get(reverse("workplans:dashboard", args=[plan.year])).content.decode()
    kpi = re.search(r'id="late-reports"><strong>(\d+)</strong>', html)
    assert kpi and kpi.group(1) == "3"
    assert 'data-late="3"' in html

    # Moving the evaluation's due date afterwards does not rewrite what happened.
    _set_due(evaluation, timezone.localdate() + datetime.timedelta(days=30))
    r41.refresh_from_db()
    assert r41.late and r41.due == due
    assert selectors.dashboard(plan).late_reports == 3


def test_report_sent_on_time_is_not_late(setup, client):
    w, plan, evaluation = setup
    on_time_due = timezone.localdate() + datetime.timedelta(days=10)
    _set_due(evaluation, on_time_due)
    r41, r42, group = _send_group_4(w, evaluation)
    assert not r41.late and r41.days_late == 0 and r41.due_date == on_time_due
    assert not group.late

    lead = APIClient()
    lead.force_authenticate(w["users"]["responsable"])
    data = lead.get(f"/api/v1/workplans/subgroup-reports/{r41.pk}/").json()
    assert (data["late"], data["due_date"], data["days_late"]) == (False, on_time_due.isoformat(), 0)

    client.force_login(w["users"]["responsable"])
    html = client.get(reverse("workplans:subgroup-report", args=[r41.pk])).content.decode()
    assert LATE_BADGE not in html and "data-late" not in html

    client.force_login(w["users"]["st"])
    html = client.get(reverse("workplans:dashboard", args=[plan.year])).content.decode()
    kpi = re.search(r'id="late-reports"><strong>(\d+)</strong>', html)
    assert kpi and kpi.group(1) == "0"
    assert selectors.dashboard(plan).late_reports == 0

    # Correcting the evaluation's due date into the past later does not make them late.
    _set_due(evaluation, datetime.date(2015, 4, 1))
    r41.refresh_from_db()
    assert not r41.late and selectors.dashboard(plan).late_reports == 0


def test_resending_a_returned_report_keeps_the_first_sending(setup):
    w, plan, evaluation = setup
    _set_due(evaluation, timezone.localdate() + datetime.timedelta(days=10))
    r41 = SubgroupReport.objects.get(evaluation=evaluation, subgroup__code="4.1")
    services.subgroup_report_submit(actor=w["users"]["responsable"], report=r41)
    first = SubgroupReport.objects.get(pk=r41.pk).first_submitted_at
    services.subgroup_report_return(actor=w["users"]["coordinador"], report=r41, comments="Complete las metas.")
    _set_due(evaluation, datetime.date(2015, 4, 1))  # the due date is corrected before the second sending
    services.subgroup_report_submit(actor=w["users"]["responsable"], report=r41)
    r41.refresh_from_db()
    assert first is not None and r41.submitted_at is not None
    assert r41.first_submitted_at == first and r41.submitted_at > first
    assert not r41.late


def test_dashboard_query_count_constant_with_late_reports(setup, client, django_assert_max_num_queries):
    w, plan, evaluation = setup
    _send_group_4(w, evaluation)
    client.force_login(w["users"]["st"])
    url = reverse("workplans:dashboard", args=[plan.year])
    client.get(url)  # warm the caches (rule registry, roles) so both counts measure the same work
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    # Larger: thirty more subgroups with lines, and a second evaluation whose reports were all sent late.
    g1 = w["groups"][1]
    for i in range(30):
        subgroup = Subgroup.objects.create(group=g1, code=f"1.{i + 2}", name=f"Subgrupo {i}")
        PlanLine.objects.create(
            version=plan.current_version,
            key=f"k{i}",
            position=10 + i,
            subgroup=subgroup,
            lead_entity=w["entities"]["MTPE"],
            theme="T",
            product=f"P{i}",
        )
    q2 = services.evaluation_open(actor=w["users"]["st"], plan=plan, period="q2")
    SubgroupReport.objects.filter(evaluation=q2).update(
        state=SubgroupReport.State.SUBMITTED, first_submitted_at=timezone.now(), due_date=q2.due_date
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    kpi = re.search(r'id="late-reports"><strong>(\d+)</strong>', html)
    assert kpi and int(kpi.group(1)) == 3 + SubgroupReport.objects.filter(evaluation=q2).count()
