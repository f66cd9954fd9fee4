from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from mtigm.core import security_api, security_views
from mtigm.core.views import HomeView, OutboxListView, OutboxResendView
from portal.sitemaps import SITEMAPS

api_v1: list[URLPattern | URLResolver] = [
    path("", include("directives.api_urls")),
    path("", include("members.api_urls")),
    path("", include("sessions.api_urls")),
    path("", include("decisions.api_urls")),
    path("", include("workplans.api_urls")),
    path("", include("library.api_urls")),
    path("", include("compact.api_urls")),
    path("", include("accountability.api_urls")),
    path("auth/token/", security_api.TokenView.as_view(), name="api-token"),
    path("auth/tokens/", security_api.TokenListView.as_view(), name="api-token-list"),
    path("auth/tokens/<str:token_key>/", security_api.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("security-events/", security_api.SecurityEventListView.as_view(), name="security-event-list"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, so no inline script is needed.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("cuenta/ingresar/", auth_views.LoginView.as_view(), name="login"),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("mensajes/", OutboxListView.as_view(), name="outbox"),
    path("mensajes/<int:pk>/reenviar/", OutboxResendView.as_view(), name="outbox-resend"),
    path("seguridad/", security_views.SecurityLogView.as_view(), name="security-log"),
    path("seguridad/bloqueos/", security_views.LockoutListView.as_view(), name="security-lockouts"),
    path(
        "seguridad/bloqueos/<int:pk>/levantar/", security_views.LockoutLiftView.as_view(), name="security-lockout-lift"
    ),
    path("privacidad/", security_views.PrivacyView.as_view(), name="privacy"),
    path("correo-local/", include("mtigm.core.local_outbox")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("normas/", include("directives.urls")),
    path("registro/", include("members.urls")),
    path("sesiones/", include("sessions.urls")),
    path("acuerdos/", include("decisions.urls")),
    path("planes/", include("workplans.urls")),
    path("espacios/", include("library.urls")),
    path("pacto-mundial/", include("compact.urls")),
    path("informes-pcm/", include("accountability.urls")),
    # The public portal: read-only pages for anyone, without a login (the login page links to it).
    path("publico/", include("portal.urls")),
    # Its open data (OParl 1.1 JSON and CSV), under the same permissions as the pages that show it.
    path("publico/", include("portal.oparl_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("admin/", admin.site.urls),
]
