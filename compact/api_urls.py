from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from . import api, indicator_api

router = SimpleRouter()
router.register("compact/objectives", api.ObjectiveViewSet, basename="compact-objective")
router.register("compact/areas", api.AreaViewSet, basename="compact-area")
router.register("compact/reference", api.ReferenceItemViewSet, basename="compact-reference-item")
router.register("compact/focal-points", api.FocalPointViewSet, basename="compact-focal-point")
router.register("compact/consultations", api.ConsultationViewSet, basename="compact-consultation")
router.register("compact/contributions", api.ContributionViewSet, basename="compact-contribution")
router.register("compact/indicators", indicator_api.IndicatorViewSet, basename="compact-indicator")
router.register("compact/indicator-values", indicator_api.IndicatorValueViewSet, basename="compact-indicator-value")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)

from . import informe_document_api  # noqa: E402  (the Informe País as files)

router.register(
    "compact/informe-documents", informe_document_api.InformeDocumentViewSet, basename="compact-informe-document"
)
urlpatterns = list(router.urls)
