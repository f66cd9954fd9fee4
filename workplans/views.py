"""Pages of the work plan. Thin: objects come from ``access_*`` helpers, reads from selectors, writes
go through services (which check permissions); errors from the rules are shown with their citation."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from directives.calendar import recorded_days_preloaded
from mtigm.core import access, attachments
from mtigm.core.files import ProtectedFileView, file_download
from mtigm.core.views import HtmxHttpRequest, add_form_errors, attempt, throttle

from . import charts, selectors, services
from .access import (
    access_document,
    access_evaluation,
    access_group_report,
    access_line,
    access_plan,
    access_subgroup_report,
    access_version,
    access_version_by_id,
)
from .forms import (
    AmendmentForm,
    GroupReportForm,
    ImportForm,
    LineForm,
    PlenaryDecisionForm,
    PresentForm,
    SubgroupReportForm,
)
from .importer import plan_import
from .models import (
    Evaluation,
    GroupReport,
    Plan,
    PlanLine,
    PlanVersion,
    ProductProgress,
    ReportDocument,
    SubgroupReport,
)
from .rules import plan_milestones


def _can_manage(request: HttpRequest) -> bool:
    return access.can(access.request_roles(request), "plan.manage")


class PlanListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        plans = list(selectors.plans_visible(access.request_roles(request)))
        # Each plan's milestones fall between October of the year before and January of its year.
        years = [plan.year for plan in plans] or [timezone.localdate().year]
        with recorded_days_preloaded(datetime.date(min(years) - 1, 9, 1), datetime.date(max(years), 12, 31)):
            rows = [(plan, plan_milestones(plan)) for plan in plans]
        context = {"rows": rows, "can_manage": _can_manage(request), "today": timezone.localdate()}
        return render(request, "workplans/plan_list.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        raw_year = request.POST.get("year", "")
        if not raw_year.isdigit() or not 2011 <= int(raw_year) <= 2100:
            messages.error(request, _("Indique un año válido."))
            return redirect("workplans:list")
        year = int(raw_year)
        plan = attempt(request, lambda: services.plan_create(actor=request.user, year=year), _("Plan creado."))
        return redirect("workplans:detail", year=year) if plan else redirect("workplans:list")


class PlanDetailView(View):
    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        """Published plans are public (Art. 24: "difundido"); the ST also sees drafts."""
        plan = access_plan(request.user, year)
        version_number = request.GET.get("version")
        version = access_version(request.user, plan, version_number) if version_number else plan.current_version
        lines = list(selectors.lines_of(version)) if version else []
        groups: dict[int, dict[str, Any]] = {}
        for line in lines:
            group = groups.setdefault(line.subgroup.group.number, {"group": line.subgroup.group, "subgroups": {}})
            group["subgroups"].setdefault(line.subgroup, []).append(line)
        today = timezone.localdate()
        evaluations = list(plan.evaluations.order_by("due_date"))
        context = {
            "plan": plan,
            "version": version,
            "versions": list(plan.versions.order_by("number")),
            "groups": [groups[n] for n in sorted(groups)],
            "milestones": plan_milestones(plan),
            "today": today,
            "can_manage": _can_manage(request),
            "evaluations": evaluations,
            "periods": [p for p in Evaluation.Period.choices if p[0] not in {e.period for e in evaluations}],
            "gantt": charts.gantt(
                [(f"{line.subgroup.code} {line.product}", line.months, False) for line in lines],
                current_month=today.month if today.year == plan.year else None,
            ),
            "decision_form": PlenaryDecisionForm(initial={"on": today}, plan=plan),
            "amendment_form": AmendmentForm(plan=plan),
            "proposed": plan.versions.filter(state=PlanVersion.State.PROPOSED).first(),
        }
        return render(request, "workplans/plan_detail.html", context)


class PlanActionView(View):
    """State changes of the plan: drafted, presented, approved, published, amendments."""

    def post(self, request: HttpRequest, year: int, action: str) -> HttpResponse:  # noqa: C901 - one branch per action
        plan = access_plan(request.user, year, action="plan.manage")
        form = PlenaryDecisionForm(request.POST, plan=plan)
        data = form.cleaned_data if form.is_valid() else {}
        on = data.get("on") or timezone.localdate()
        session, agreement = data.get("session"), data.get("agreement") or ""
        actor = request.user
        if action == "drafted":
            attempt(
                request,
                lambda: services.plan_mark_drafted(actor=actor, plan=plan, on=on),
                _("Anteproyecto registrado."),
            )
        elif action == "present":
            attempt(
                request,
                lambda: services.plan_present(actor=actor, plan=plan, on=on, session=session),
                _("Presentación registrada."),
            )
        elif action == "approve":
            result = attempt(
                request,
                lambda: services.plan_approve(
                    actor=actor, plan=plan, approved_on=on, session=session, agreement=agreement
                ),
                _("Aprobación del Pleno registrada."),
            )
            if result and result[1]:
                messages.warning(request, result[1])
        elif action == "publish":
            attempt(request, lambda: services.plan_publish(actor=actor, plan=plan, on=on), _("Plan publicado."))
        elif action == "propose":
            amendment = AmendmentForm(request.POST, plan=plan)
            if amendment.is_valid():
                version = attempt(
                    request,
                    lambda: services.amendment_propose(
                        actor=actor,
                        plan=plan,
                        evaluation=amendment.cleaned_data["evaluation"],
                        reason=amendment.cleaned_data["reason"],
                    ),
                    _("Modificación propuesta: edite sus líneas y registre la aprobación del Pleno."),
                )
                if version:
                    return redirect(f"{reverse('workplans:detail', args=[year])}?version={version.number}")
            else:
                messages.error(request, _("Indique la evaluación y el fundamento de la modificación."))
        elif action in ("approve-amendment", "withdraw-amendment"):
            version = access_version_by_id(actor, plan, request.POST.get("version"))
            if action == "approve-amendment":
                attempt(
                    request,
                    lambda: services.amendment_approve(
                        actor=actor, version=version, approved_on=on, session=session, agreement=agreement
                    ),
                    _("Modificación aprobada: nueva versión vigente."),
                )
            else:
                attempt(
                    request,
                    lambda: services.amendment_withdraw(actor=actor, version=version),
                    _("Modificación retirada."),
                )
        elif action == "open-evaluation":
            period = request.POST.get("period", "")
            evaluation = attempt(
                request,
                lambda: services.evaluation_open(actor=actor, plan=plan, period=period),
                _("Evaluación abierta."),
            )
            if evaluation:
                return redirect("workplans:evaluation", year=year, period=period)
        else:
            raise Http404
        return redirect("workplans:detail", year=year)


class LineEditView(View):
    def _objects(
        self, request: HttpRequest, year: int, number: int, pk: int | None
    ) -> tuple[Plan, PlanVersion, PlanLine | None]:
        plan = access_plan(request.user, year, action="plan.manage")
        version = access_version(request.user, plan, number)
        line = access_line(request.user, version, pk) if pk else None
        return plan, version, line

    def get(self, request: HttpRequest, year: int, number: int, pk: int | None = None) -> HttpResponse:
        plan, version, line = self._objects(request, year, number, pk)
        return render(
            request,
            "workplans/line_form.html",
            {"plan": plan, "version": version, "line": line, "form": LineForm(instance=line)},
        )

    def post(self, request: HttpRequest, year: int, number: int, pk: int | None = None) -> HttpResponse:
        plan, version, line = self._objects(request, year, number, pk)
        if request.POST.get("delete") and line:
            attempt(request, lambda: services.line_delete(actor=request.user, line=line), _("Línea eliminada."))
            return redirect(f"{reverse('workplans:detail', args=[year])}?version={number}")
        form = LineForm(request.POST, instance=line)
        if form.is_valid():
            data = {
                k: form.cleaned_data[k]
                for k in ("responsible_text", "theme", "objectives", "activities", "product", "expected_results")
            }
            try:
                services.line_save(
                    actor=request.user,
                    version=version,
                    line=line,
                    subgroup=form.cleaned_data["subgroup"],
                    lead_entity=form.cleaned_data["lead_entity"],
                    entities=list(form.cleaned_data["entities"]),
                    months=form.cleaned_data["months"],
                    **data,
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Línea guardada."))
                return redirect(f"{reverse('workplans:detail', args=[year])}?version={number}")
        return render(
            request, "workplans/line_form.html", {"plan": plan, "version": version, "line": line, "form": form}
        )


class VersionDiffView(View):
    def get(self, request: HttpRequest, year: int, old: int, new: int) -> HttpResponse:
        plan = access_plan(request.user, year)
        a, b = access_version(request.user, plan, old), access_version(request.user, plan, new)
        return render(
            request,
            "workplans/version_diff.html",
            {"plan": plan, "old": a, "new": b, "changes": selectors.version_diff(a, b)},
        )


class ImportView(View):
    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        plan = access_plan(request.user, year, action="plan.manage")
        return render(request, "workplans/import.html", {"plan": plan, "form": ImportForm()})

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        plan = access_plan(request.user, year, action="plan.manage")
        form = ImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            version = (
                plan.versions.filter(state__in=[PlanVersion.State.DRAFT, PlanVersion.State.PROPOSED])
                .order_by("-number")
                .first()
                or plan.version_in_force()
            )
            report = attempt(
                request,
                lambda: plan_import(actor=request.user, version=version, filename=upload.name, content=upload.read()),
            )
            if report is not None and report.ok:
                messages.success(request, _("Se importaron %(n)s líneas.") % {"n": report.created})
        return render(request, "workplans/import.html", {"plan": plan, "form": form, "report": report})


class DashboardView(View):
    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        plan = access_plan(request.user, year, action="plan.dashboard")
        board = selectors.dashboard(plan)
        today = timezone.localdate()
        # Which products have evidence of delivery in the workspaces' libraries (one query).
        attachments.attach("plan_line", request.user, board.lines)
        context = {
            "plan": plan,
            "board": board,
            "with_evidence": len([line for line in board.lines if getattr(line, "attached_documents", [])]),
            "group_bars": charts.progress_bars(
                [(f"G{g.number} {g.name[:16]}", g.percent) for g in board.groups], title=_("Avance por grupo")
            ),
            "subgroup_bars": charts.progress_bars(
                [(f"{s.code} {s.lead}", s.percent) for g in board.groups for s in g.subgroups],
                title=_("Avance por subgrupo"),
            ),
            "gantt": charts.gantt(
                [(f"{line.subgroup.code} {line.product}", line.months, False) for line in board.lines],
                current_month=today.month if today.year == plan.year else None,
            ),
            "products_donut": charts.donut(board.delivered, board.products, label=_("Productos entregados")),
        }
        return render(request, "workplans/dashboard.html", context)


class EvaluationView(View):
    def _evaluation(self, request: HttpRequest, year: int, period: str, action: str = "view") -> Evaluation:
        plan = access_plan(request.user, year)
        return access_evaluation(request.user, plan, period, action=action)

    def get(self, request: HttpRequest, year: int, period: str) -> HttpResponse:
        evaluation = self._evaluation(request, year, period)
        roles = access.request_roles(request)
        reports = list(
            selectors.subgroup_reports_visible(roles)
            .filter(evaluation=evaluation)
            .order_by("subgroup__group__number", "subgroup__code")
        )
        group_reports = list(
            selectors.group_reports_visible(roles).filter(evaluation=evaluation).order_by("group__number")
        )
        all_reports = list(SubgroupReport.objects.filter(evaluation=evaluation).select_related("subgroup"))
        context = {
            "evaluation": evaluation,
            "plan": evaluation.plan,
            "reports": reports,
            "group_reports": group_reports,
            "all_reports": all_reports,
            "can_manage": _can_manage(request),
            "late": timezone.localdate() > evaluation.due_date,
            "present_form": PresentForm(initial={"presented_on": timezone.localdate()}),
            "alerts": list(evaluation.alerts.select_related("sent_by", "group_report__group")),
            "documents": list(evaluation.documents.all()[:5]),
            "pending": list(selectors.pending_tasks(evaluation))
            if evaluation.is_annual and _can_manage(request)
            else None,
        }
        return render(request, "workplans/evaluation.html", context)

    def post(self, request: HttpRequest, year: int, period: str) -> HttpResponse:
        evaluation = self._evaluation(request, year, period, action="plan.manage")
        action, actor = request.POST.get("action"), request.user
        if action == "assess":
            attempt(
                request,
                lambda: services.evaluation_assess(
                    actor=actor, evaluation=evaluation, text=request.POST.get("st_assessment", "")
                ),
                _("Evaluación cualitativa guardada."),
            )
        elif action == "present":
            form = PresentForm(request.POST)
            if form.is_valid():
                attempt(
                    request,
                    lambda: services.evaluation_present(actor=actor, evaluation=evaluation, **form.cleaned_data),
                    _("Presentación al Pleno registrada."),
                )
            else:
                messages.error(request, _("Revise la fecha y el punto de agenda."))
        elif action == "alert":
            chosen = request.POST.get("group_report")
            group_report = access_group_report(actor, chosen, evaluation=evaluation) if chosen else None
            attempt(
                request,
                lambda: services.corrective_alert_send(
                    actor=actor,
                    evaluation=evaluation,
                    group_report=group_report,
                    message=request.POST.get("message", ""),
                ),
                _("Alerta enviada a la Presidencia."),
            )
        elif action == "pdf":
            throttle(request, "render")
            document = attempt(
                request,
                lambda: services.document_request(
                    actor=actor, plan=evaluation.plan, kind=ReportDocument.Kind.EVALUATION, evaluation=evaluation
                ),
                _("El PDF se está generando."),
            )
            if document:
                return redirect("workplans:document", pk=document.pk)
        elif action == "carry":
            ids = [int(v) for v in request.POST.getlist("lines") if v.isdigit()]
            created = attempt(request, lambda: services.carry_over(actor=actor, evaluation=evaluation, line_ids=ids))
            if created:
                messages.success(
                    request,
                    _("%(n)s tareas trasladadas al anteproyecto del Plan %(y)s.") % {"n": len(created), "y": year + 1},
                )
        else:
            raise Http404
        return redirect("workplans:evaluation", year=year, period=period)


class SubgroupReportView(View):
    def _context(self, request: HttpRequest, report: SubgroupReport, form: Any = None) -> dict[str, Any]:
        roles = access.request_roles(request)
        progress = list(report.progress.all())
        # Each product's evidence of delivery, from the workspaces' libraries.
        attachments.attach("plan_line", roles, [p.line for p in progress])
        can_edit = (
            access.can(roles, "subgroup_report.write", report)
            and report.state in (SubgroupReport.State.DRAFT, SubgroupReport.State.RETURNED)
            and report.evaluation.state == Evaluation.State.OPEN
        )
        return {
            "report": report,
            "evaluation": report.evaluation,
            "plan": report.evaluation.plan,
            "progress": progress,
            "form": form or SubgroupReportForm(instance=report),
            "can_edit": can_edit,
            "can_review": access.can(roles, "subgroup_report.review", report)
            and report.state == SubgroupReport.State.SUBMITTED,
            **self._estimate(report, progress),
        }

    @staticmethod
    def _estimate(report: SubgroupReport, progress: list[ProductProgress]) -> dict[str, Any]:
        """The page estimate and its warning, formatted by the server in the active language: the
        page and the live update while typing render the same fragment (_page_estimate.html)."""
        return {
            "page_warning": services.page_warning(report, progress),
            "pages_text": services.format_pages(services.estimate_report_pages(report, progress)),
        }

    def get(self, request: HtmxHttpRequest, pk: int) -> HttpResponse:
        report = access_subgroup_report(request.user, pk)
        if request.htmx and request.GET.get("estimate"):
            # Live estimate while typing: the unsaved text counts (notes included), nothing is written.
            for name in services.REPORT_FIELDS:
                if name in request.GET:
                    setattr(report, name, request.GET[name])
            progress = list(report.progress.all())
            for row in progress:
                row.note = request.GET.get(f"note_{row.line_id}", row.note)[:300]
            return render(request, "workplans/_page_estimate.html", self._estimate(report, progress))
        return render(request, "workplans/subgroup_report.html", self._context(request, report))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = access_subgroup_report(request.user, pk, action=access.route_permission(request))
        action, actor = request.POST.get("action", "save"), request.user
        if action in ("save", "submit"):
            form = SubgroupReportForm(request.POST, instance=report)
            if not form.is_valid():
                return render(request, "workplans/subgroup_report.html", self._context(request, report, form))
            progress = {}
            for row in report.progress.all():
                raw = request.POST.get(f"percent_{row.line_id}", "")
                try:
                    percent = int(raw or 0)
                except ValueError:
                    percent = -1
                progress[row.line_id] = services.ProgressInput(
                    percent=percent,
                    delivered=bool(request.POST.get(f"delivered_{row.line_id}")),
                    note=request.POST.get(f"note_{row.line_id}", ""),
                    carry_over=bool(request.POST.get(f"carry_{row.line_id}")),
                )
            data = {name: form.cleaned_data.get(name) for name in services.REPORT_FIELDS}
            saved = attempt(
                request,
                lambda: services.subgroup_report_save(actor=actor, report=report, progress=progress, **data),
                _("Informe guardado."),
            )
            if saved and action == "submit":
                attempt(
                    request,
                    lambda: services.subgroup_report_submit(actor=actor, report=report),
                    _("Informe enviado a la coordinación del grupo."),
                )
        elif action == "return":
            attempt(
                request,
                lambda: services.subgroup_report_return(
                    actor=actor, report=report, comments=request.POST.get("comments", "")
                ),
                _("Informe devuelto con observaciones."),
            )
        elif action == "accept":
            attempt(
                request, lambda: services.subgroup_report_accept(actor=actor, report=report), _("Informe consolidado.")
            )
        else:
            raise Http404
        return redirect("workplans:subgroup-report", pk=pk)


class GroupReportView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        roles = access.request_roles(request)
        report = access_group_report(request.user, pk)
        subgroup_reports = list(
            SubgroupReport.objects.filter(evaluation=report.evaluation, subgroup__group=report.group)
            .select_related("subgroup")
            .prefetch_related("progress__line")
            .order_by("subgroup__code")
        )
        return render(
            request,
            "workplans/group_report.html",
            {
                "report": report,
                "evaluation": report.evaluation,
                "plan": report.evaluation.plan,
                "subgroup_reports": subgroup_reports,
                "form": GroupReportForm(instance=report),
                "can_edit": access.can(roles, "group_report.write", report) and report.state == GroupReport.State.DRAFT,
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = access_group_report(request.user, pk, action="group_report.write")
        form = GroupReportForm(request.POST, instance=report)
        if form.is_valid():
            saved = attempt(
                request,
                lambda: services.group_report_save(actor=request.user, report=report, **form.cleaned_data),
                _("Informe del grupo guardado."),
            )
            if saved and request.POST.get("action") == "file":
                attempt(
                    request,
                    lambda: services.group_report_file(actor=request.user, report=report),
                    _("Informe remitido a la Secretaría Técnica."),
                )
        return redirect("workplans:group-report", pk=pk)


class MyReportsView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        roles = access.request_roles(request)
        subgroup_reports = list(
            selectors.subgroup_reports_visible(roles)
            .filter(evaluation__state=Evaluation.State.OPEN)
            .order_by("evaluation__due_date", "subgroup__code")
        )
        group_reports = list(
            selectors.group_reports_visible(roles)
            .filter(evaluation__state=Evaluation.State.OPEN)
            .order_by("evaluation__due_date", "group__number")
        )
        return render(
            request,
            "workplans/my_reports.html",
            {
                "subgroup_reports": subgroup_reports,
                "group_reports": group_reports,
                "roles": roles,
                "today": timezone.localdate(),
            },
        )


class AnnualReportView(View):
    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        plan = access_plan(request.user, year)
        return render(
            request,
            "workplans/annual_report.html",
            {
                "plan": plan,
                "documents": list(plan.documents.filter(kind=ReportDocument.Kind.ANNUAL)),
                "can_manage": _can_manage(request),
                "decision_form": PlenaryDecisionForm(initial={"on": timezone.localdate()}, plan=plan),
            },
        )

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        plan = access_plan(request.user, year, action="plan.manage")
        if request.POST.get("action") == "approve":
            approved = access_document(request.user, request.POST.get("document"), plan=plan)
            form = PlenaryDecisionForm(request.POST, plan=plan)
            if form.is_valid():
                attempt(
                    request,
                    lambda: services.annual_report_approve(
                        actor=request.user,
                        document=approved,
                        approved_on=form.cleaned_data["on"],
                        session=form.cleaned_data["session"],
                        agreement=form.cleaned_data["agreement"],
                    ),
                    _("Aprobación de la memoria registrada; el PDF queda archivado."),
                )
            return redirect("workplans:annual", year=year)
        throttle(request, "render")
        document = attempt(
            request,
            lambda: services.document_request(actor=request.user, plan=plan, kind=ReportDocument.Kind.ANNUAL),
            _("La memoria anual se está generando."),
        )
        if document:
            return redirect("workplans:document", pk=document.pk)
        return redirect("workplans:annual", year=year)


class DocumentView(View):
    def get(self, request: HtmxHttpRequest, pk: int) -> HttpResponse:
        document = access_document(request.user, pk)
        template = "workplans/_document_status.html" if request.htmx else "workplans/document.html"
        return render(request, template, {"document": document, "plan": document.plan})


class DocumentFileView(ProtectedFileView):
    """The PDF itself, to whom may see the document."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        document = access_document(request.user, pk)
        return file_download(request, document.file, inline=True)
