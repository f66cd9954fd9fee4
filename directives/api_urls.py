from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("norms", api.NormViewSet, basename="norm")
router.register("non-working-days", api.NonWorkingDayViewSet, basename="non-working-day")

urlpatterns = [
    path("rules/", api.RuleListView.as_view(), name="rule-list"),
    path("business-days/", api.BusinessDaysView.as_view(), name="business-days"),
    *router.urls,
]
