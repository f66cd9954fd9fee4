"""REST API of the Informe País as files: the ST requests a consultation's PDF and ODT; whoever may
see the document follows its progress and gets its download addresses (the protected pages)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from mtigm.core import access

from .access import access_consultation
from .informe_document_views import access_informe_document
from .informe_documents import informe_document_request
from .models import InformeDocument


class InformeDocumentSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="pending, running, done, failed")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    step_label = serializers.CharField(read_only=True, help_text=_("El paso en curso, en el idioma de la solicitud."))
    pdf_download = serializers.SerializerMethodField(help_text=_("Dirección de descarga del PDF (cuando está listo)."))
    odt_download = serializers.SerializerMethodField(help_text=_("Dirección de descarga del ODT (cuando está listo)."))

    class Meta:
        model = InformeDocument
        fields = [
            "id",
            "consultation",
            "status",
            "status_label",
            "progress",
            "step",
            "step_label",
            "sha256",
            "created_at",
            "finished_at",
            "pdf_download",
            "odt_download",
        ]

    def _url(self, document: InformeDocument, fmt: str) -> str | None:
        if document.status != InformeDocument.Status.DONE:
            return None
        return reverse("compact:informe-document-file", args=[document.pk, fmt])

    def get_pdf_download(self, document: InformeDocument) -> str | None:
        return self._url(document, "pdf")

    def get_odt_download(self, document: InformeDocument) -> str | None:
        return self._url(document, "odt")


class InformeDocumentInput(serializers.Serializer):
    consultation = serializers.IntegerField(min_value=1, help_text=_("Identificador de la consulta."))


class InformeDocumentViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The Informe País of a consultation as PDF and ODT files, rendered by a Celery task."""

    serializer_class = InformeDocumentSerializer
    queryset = InformeDocument.objects.none()

    # Set for ``create`` only (get_throttles): a request queues a render, which counts against the
    # same per-user budget as the page's button (THROTTLE_RENDER).
    throttle_scope: str | None = None

    def get_throttles(self) -> list[Any]:
        self.throttle_scope = "render" if self.action == "create" else None
        return super().get_throttles()

    def get_queryset(self) -> Any:
        return access.scope_visible(
            InformeDocument.objects.select_related("consultation"),
            access.request_roles(self.request),
            "informe_document",
        )

    @extend_schema(request=InformeDocumentInput, responses={202: InformeDocumentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = InformeDocumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        consultation = access_consultation(
            request.user, data.validated_data["consultation"], action="informe_document.request"
        )
        document = informe_document_request(actor=request.user, consultation=consultation)
        return Response(InformeDocumentSerializer(document).data, status=202)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(InformeDocumentSerializer(access_informe_document(request.user, kwargs["pk"])).data)
