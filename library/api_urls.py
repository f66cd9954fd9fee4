from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("library/documents", api.DocumentViewSet, basename="library-document")
urlpatterns = router.urls
