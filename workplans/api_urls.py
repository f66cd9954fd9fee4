from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("workplans/plans", api.PlanViewSet, basename="workplans-plan")
router.register("workplans/evaluations", api.EvaluationViewSet, basename="workplans-evaluation")
router.register("workplans/subgroup-reports", api.SubgroupReportViewSet, basename="workplans-subgroup-report")
router.register("workplans/group-reports", api.GroupReportViewSet, basename="workplans-group-report")
urlpatterns = router.urls
