from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("votaciones/", views.MyBallotsView.as_view(), name="my-ballots"),
    path("acuerdo/<int:pk>/", views.AgreementEditView.as_view(), name="agreement"),
    path("sesion/<int:pk>/", views.SessionDecisionsView.as_view(), name="session"),
    path("sesion/<int:pk>/abrir-votacion/", views.BallotOpenView.as_view(), name="ballot-open"),
    path("sesion/<int:pk>/consola/", views.ConsoleView.as_view(), name="console"),
    path("sesion/<int:pk>/consenso/", views.ConsensusView.as_view(), name="consensus"),
    path("votacion/<int:pk>/", views.BallotDetailView.as_view(), name="ballot"),
    path("votacion/<int:pk>/en-vivo/", views.BallotLiveView.as_view(), name="ballot-live"),
    path("votacion/<int:pk>/<str:action>/", views.BallotActionView.as_view(), name="ballot-action"),
    path("actas/sesion/<int:session_pk>/", views.MinutesView.as_view(), name="minutes"),
    path("actas/<int:pk>/pdf/", views.MinutesPdfView.as_view(), name="minutes-pdf"),
    path("actas/<int:pk>/estado-pdf/", views.MinutesPdfStatusView.as_view(), name="minutes-pdf-status"),
    path("solicitudes/", views.ApplicationListView.as_view(), name="applications"),
    path("solicitudes/nueva/", views.ApplicationCreateView.as_view(), name="application-new"),
    path("solicitudes/<int:pk>/", views.ApplicationDetailView.as_view(), name="application"),
]
