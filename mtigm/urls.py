from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken

from mtigm.core.api import MatrixPermission
from mtigm.core.views import HomeView, OutboxListView, OutboxResendView


class TokenView(ObtainAuthToken):
    """The API token for a username and password; gated by the access matrix like every route."""

    permission_classes = [MatrixPermission]


api_v1: list[URLPattern | URLResolver] = [
    path("", include("directives.api_urls")),
    path("", include("members.api_urls")),
    path("", include("sessions.api_urls")),
    path("", include("decisions.api_urls")),
    path("", include("workplans.api_urls")),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("cuenta/ingresar/", auth_views.LoginView.as_view(), name="login"),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("mensajes/", OutboxListView.as_view(), name="outbox"),
    path("mensajes/<int:pk>/reenviar/", OutboxResendView.as_view(), name="outbox-resend"),
    path("correo-local/", include("mtigm.core.local_outbox")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("normas/", include("directives.urls")),
    path("registro/", include("members.urls")),
    path("sesiones/", include("sessions.urls")),
    path("acuerdos/", include("decisions.urls")),
    path("planes/", include("workplans.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("admin/", admin.site.urls),
]
