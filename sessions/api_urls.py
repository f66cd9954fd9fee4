from rest_framework.routers import SimpleRouter

from .api import SessionRequestViewSet, SessionViewSet

router = SimpleRouter()
router.register("sessions", SessionViewSet, basename="session")
router.register("session-requests", SessionRequestViewSet, basename="session-request")

urlpatterns = router.urls
