from django.urls import URLPattern, URLResolver, path

from . import indicator_views, views

app_name = "compact"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.HomeView.as_view(), name="home"),
    path("puntos-focales/", views.FocalPointListView.as_view(), name="focal-points"),
    path("puntos-focales/entidad/<int:pk>/nuevo/", views.FocalPointAddView.as_view(), name="focal-point-add"),
    path("puntos-focales/<int:pk>/termino/", views.FocalPointEndView.as_view(), name="focal-point-end"),
    path("puntos-focales/cobertura/", views.CoverageView.as_view(), name="coverage"),
    path("consultas/", views.ConsultationListView.as_view(), name="consultations"),
    path("consultas/<int:pk>/", views.ConsultationView.as_view(), name="consultation"),
    path("consultas/<int:pk>/informe-pais/", views.InformeView.as_view(), name="informe"),
    path("consultas/<int:pk>/aportes.xlsx", views.ContributionsXlsxView.as_view(), name="contributions-xlsx"),
    path("aportes/<int:pk>/", views.ContributionView.as_view(), name="contribution"),
    path("aportes/documentos/<int:pk>/", views.ContributionDocumentView.as_view(), name="contribution-document"),
    path("indicadores/", indicator_views.IndicatorListView.as_view(), name="indicators"),
    path("indicadores/<int:pk>/", indicator_views.IndicatorView.as_view(), name="indicator"),
    path(
        "indicadores/valores/<int:pk>/sustento/",
        indicator_views.IndicatorEvidenceView.as_view(),
        name="indicator-evidence",
    ),
    path("indicadores/valores.csv", indicator_views.IndicatorValuesCsvView.as_view(), name="indicator-values-csv"),
    path("indicadores/avance/", indicator_views.ProgressView.as_view(), name="progress"),
]

from . import informe_document_views  # noqa: E402  (the Informe País as files)

urlpatterns += [
    path(
        "consultas/<int:pk>/informe-pais/archivos/",
        informe_document_views.InformeDocumentListView.as_view(),
        name="informe-documents",
    ),
    path("informe-pais/<int:pk>/", informe_document_views.InformeDocumentView.as_view(), name="informe-document"),
    path(
        "informe-pais/<int:pk>/descargar/<slug:fmt>/",
        informe_document_views.InformeDocumentFileView.as_view(),
        name="informe-document-file",
    ),
]
