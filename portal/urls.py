from django.urls import path

from . import subscription_views, views
from .feeds import NewsFeed

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
    path("documentos/", views.DocumentListView.as_view(), name="documents"),
    path("documentos/<int:pk>/", views.DocumentDetailView.as_view(), name="document"),
    path("documentos/<int:pk>/archivo/", views.DocumentFileView.as_view(), name="document-file"),
    path("noticias/", views.NewsListView.as_view(), name="news"),
    path("noticias/feed.atom", NewsFeed(), name="news-feed"),
    # The ST's pages come before the items' addresses; services never give an item the slug "gestionar".
    path("noticias/gestionar/", views.NewsManageView.as_view(), name="news-manage"),
    path("noticias/gestionar/nueva/", views.NewsCreateView.as_view(), name="news-create"),
    path("noticias/gestionar/<int:pk>/", views.NewsEditView.as_view(), name="news-edit"),
    path("noticias/gestionar/<int:pk>/<slug:action>/", views.NewsActionView.as_view(), name="news-action"),
    path("noticias/<slug:slug>/", views.NewsDetailView.as_view(), name="news-detail"),
    path("noticias/<slug:slug>/imagen/", views.NewsImageView.as_view(), name="news-image"),
    path("contacto/", views.ContactView.as_view(), name="contact"),
    path("contacto/gracias/", views.ContactThanksView.as_view(), name="contact-thanks"),
    path("suscripcion/", subscription_views.SubscribeView.as_view(), name="subscribe"),
    path("suscripcion/revise-su-correo/", subscription_views.SubscribeSentView.as_view(), name="subscribe-sent"),
    path("suscripcion/confirmada/", subscription_views.ConfirmedView.as_view(), name="subscribe-confirmed"),
    path("suscripcion/confirmar/<str:token>/", subscription_views.ConfirmView.as_view(), name="subscribe-confirm"),
    path("suscripcion/baja/<str:token>/", subscription_views.UnsubscribeView.as_view(), name="unsubscribe"),
]
