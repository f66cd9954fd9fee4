from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("entities", api.EntityViewSet, basename="entity")
router.register("designations", api.DesignationViewSet, basename="designation")
router.register("groups", api.WorkingGroupViewSet, basename="group")
router.register("subgroups", api.SubgroupViewSet, basename="subgroup")
router.register("cso-registry", api.CsoRegistryViewSet, basename="cso-registration")

urlpatterns = [
    path("", include(router.urls)),
    path("composition/", api.CompositionView.as_view(), name="composition"),
]
