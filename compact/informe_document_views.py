"""Pages of the Informe País as files: the list and request of a consultation's documents, a
document's progress (htmx polling, a link without JS) and its protected downloads. Thin: the access
helpers, the service and the task decide."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views import View

from mtigm.core import access
from mtigm.core.files import ProtectedFileView, file_download
from mtigm.core.views import HtmxHttpRequest, throttle

from .access import access_consultation
from .informe_documents import informe_document_request
from .models import Consultation, InformeDocument


def access_informe_document(user: Any, pk: Any) -> InformeDocument:
    queryset = InformeDocument.objects.select_related("consultation", "requested_by")
    return access.fetch(user, "informe_document", queryset, pk=pk)


def _list(request: HttpRequest, consultation: Consultation, *, errors: list[str] | None = None) -> HttpResponse:
    roles = access.request_roles(request)
    documents = access.scope_visible(consultation.informe_documents.all(), roles, "informe_document")
    context = {
        "consultation": consultation,
        "documents": list(documents),
        "can_request": access.can(roles, "informe_document.request", consultation),
        "errors": errors or [],
    }
    return render(request, "compact/informe_documents.html", context, status=400 if errors else 200)


class InformeDocumentListView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _list(request, access_consultation(request.user, pk, action="consultation.report"))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        consultation = access_consultation(request.user, pk, action="informe_document.request")
        throttle(request, "render")
        try:
            document = informe_document_request(actor=request.user, consultation=consultation)
        except ValidationError as exc:
            return _list(request, consultation, errors=exc.messages)
        return redirect("compact:informe-document", pk=document.pk)


class InformeDocumentView(View):
    def get(self, request: HtmxHttpRequest, pk: int) -> HttpResponse:
        document = access_informe_document(request.user, pk)
        template = "compact/_informe_document_status.html" if request.htmx else "compact/informe_document.html"
        return render(request, template, {"document": document})


class InformeDocumentFileView(ProtectedFileView):
    """The document's PDF or ODT, to whom may see the consultation's Informe País."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
        document = access_informe_document(request.user, pk)
        if fmt not in ("pdf", "odt") or document.status != InformeDocument.Status.DONE:
            raise Http404
        return file_download(request, document.pdf if fmt == "pdf" else document.odt, inline=fmt == "pdf")
