from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sesiones/", views.SessionListView.as_view(), name="sessions"),
    path("sesiones/<int:pk>/", views.SessionDetailView.as_view(), name="session"),
    path("actas/<int:pk>/acta.pdf", views.MinutesPdfView.as_view(), name="minutes-pdf"),
    path("acuerdos/", views.AgreementListView.as_view(), name="agreements"),
    path("integrantes/", views.MemberListView.as_view(), name="members"),
    path("normas/", views.NormListView.as_view(), name="norms"),
    path("normas/<slug:code>/", views.NormDetailView.as_view(), name="norm"),
    path("grupos/", views.GroupListView.as_view(), name="groups"),
    path("grupos/<int:number>/", views.GroupDetailView.as_view(), name="group"),
]
