from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("ballots", api.BallotViewSet, basename="ballot")
router.register("agreements", api.AgreementViewSet, basename="agreement")
router.register("minutes", api.MinutesViewSet, basename="minutes")
router.register("applications", api.ApplicationViewSet, basename="application")

urlpatterns = router.urls
