from django.urls import path

from . import views

app_name = "sessions"
urlpatterns = [
    path("", views.SessionListView.as_view(), name="list"),
    path("nueva/", views.SessionCreateView.as_view(), name="create"),
    path("cumplimiento/", views.ComplianceView.as_view(), name="compliance"),
    path("pedidos/", views.RequestListView.as_view(), name="requests"),
    path("calendarios/", views.FeedInfoView.as_view(), name="feeds"),
    path("calendario.ics", views.PublicFeedView.as_view(), name="public-feed"),
    path("calendario/<str:token>.ics", views.PersonalFeedView.as_view(), name="personal-feed"),
    path("<int:pk>/", views.SessionDetailView.as_view(), name="detail"),
    path("<int:pk>/editar/", views.SessionEditView.as_view(), name="edit"),
    path("<int:pk>/quorum/", views.QuorumPanelView.as_view(), name="quorum"),
    path("<int:pk>/mensajes/", views.SessionMessagesView.as_view(), name="messages"),
    path("<int:pk>/citacion.pdf", views.CallPdfView.as_view(), name="call-pdf"),
    path("<int:pk>/sesion.ics", views.SessionIcsView.as_view(), name="ics"),
    path("documentos/<int:pk>/", views.AgendaDocumentView.as_view(), name="document"),
    path("<int:pk>/<slug:action>/", views.SessionActionView.as_view(), name="action"),
]
