from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("pcm-reports", api.PcmReportViewSet, basename="pcm-report")
urlpatterns = router.urls
