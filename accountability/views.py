"""Pages of the reports to the PCM: the list and request form, a report's progress and files, and
an HTML preview of a year's content. Thin: access helpers, the selector and the service decide."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from mtigm.core import access, audit
from mtigm.core.files import ProtectedFileView, file_download
from mtigm.core.views import HtmxHttpRequest, add_form_errors, throttle

from . import services
from .access import access_pcm_report
from .forms import ReportRequestForm
from .models import PcmReport
from .selectors import report_content


def _list(request: HttpRequest, form: ReportRequestForm, *, status: int = 200) -> HttpResponse:
    roles = access.request_roles(request)
    reports = list(access.scope_visible(PcmReport.objects.all(), roles, "pcm_report"))
    return render(
        request,
        "accountability/list.html",
        {"reports": reports, "form": form, "can_manage": access.can(roles, "pcm_report.manage")},
        status=status,
    )


class ReportListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return _list(request, ReportRequestForm(initial={"year": timezone.localdate().year - 1}))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReportRequestForm(request.POST)
        if not form.is_valid():
            return _list(request, form, status=400)
        throttle(request, "render")
        try:
            report = services.pcm_report_request(actor=request.user, year=form.cleaned_data["year"])
        except ValidationError as exc:
            add_form_errors(form, exc)
            return _list(request, form, status=400)
        return redirect("accountability:report", pk=report.pk)


class ReportView(View):
    def get(self, request: HtmxHttpRequest, pk: int) -> HttpResponse:
        report = access_pcm_report(request.user, pk)
        template = "accountability/_status.html" if request.htmx else "accountability/report.html"
        return render(request, template, {"report": report})


FORMATS = {"pdf", "xlsx", "json"}


class ReportFileView(ProtectedFileView):
    """The report's PDF, XLSX or JSON, to whom may see the report."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
        report = access_pcm_report(request.user, pk)
        if fmt not in FORMATS or report.status != PcmReport.Status.DONE:
            raise Http404
        if fmt == "json":
            filename = f"informe-pcm-{report.year}-{report.pk}.json"
            response = HttpResponse(
                json.dumps(report.content, ensure_ascii=False, indent=2), content_type="application/json"
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["Cache-Control"] = "private, no-store"
            # The JSON is the report's whole content, built here rather than served by file_download:
            # it goes into the security log as the PDF and XLSX do.
            audit.record(audit.Kind.DOWNLOAD, request=request, detail=filename)
            return response
        return file_download(request, report.pdf if fmt == "pdf" else report.xlsx, inline=fmt == "pdf")


class PreviewView(View):
    """The content of a year as the report would show it now (no file is written)."""

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        try:
            value = services.check_year(year)
        except ValidationError as exc:
            return render(
                request, "accountability/preview.html", {"year": year, "errors": exc.messages, "c": None}, status=400
            )
        return render(request, "accountability/preview.html", {"year": value, "c": report_content(value)})
