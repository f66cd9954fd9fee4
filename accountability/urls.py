from django.urls import path

from . import views

app_name = "accountability"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("<int:pk>/", views.ReportView.as_view(), name="report"),
    path("<int:pk>/descargar/<slug:fmt>/", views.ReportFileView.as_view(), name="file"),
    path("vista-previa/<int:year>/", views.PreviewView.as_view(), name="preview"),
]
