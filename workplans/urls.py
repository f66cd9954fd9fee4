from django.urls import path

from . import views

app_name = "workplans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("mis-informes/", views.MyReportsView.as_view(), name="my-reports"),
    path("informes/<int:pk>/", views.SubgroupReportView.as_view(), name="subgroup-report"),
    path("informes-de-grupo/<int:pk>/", views.GroupReportView.as_view(), name="group-report"),
    path("documentos/<int:pk>/", views.DocumentView.as_view(), name="document"),
    path("documentos/<int:pk>/pdf/", views.DocumentFileView.as_view(), name="document-file"),
    path("<int:year>/", views.PlanDetailView.as_view(), name="detail"),
    path("<int:year>/accion/<slug:action>/", views.PlanActionView.as_view(), name="action"),
    path("<int:year>/tablero/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:year>/importar/", views.ImportView.as_view(), name="import"),
    path("<int:year>/memoria/", views.AnnualReportView.as_view(), name="annual"),
    path("<int:year>/versiones/<int:old>/comparar/<int:new>/", views.VersionDiffView.as_view(), name="diff"),
    path("<int:year>/versiones/<int:number>/lineas/nueva/", views.LineEditView.as_view(), name="line-add"),
    path("<int:year>/versiones/<int:number>/lineas/<int:pk>/", views.LineEditView.as_view(), name="line-edit"),
    path("<int:year>/evaluaciones/<slug:period>/", views.EvaluationView.as_view(), name="evaluation"),
]
