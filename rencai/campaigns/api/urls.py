"""/api/v1/campaigns/, /api/v1/targets/, /api/v1/supervision-visits/."""

from rest_framework.routers import DefaultRouter

from .views import CampaignViewSet, SupervisionVisitViewSet, TargetViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("targets", TargetViewSet, basename="target")
router.register("supervision-visits", SupervisionVisitViewSet, basename="supervision-visit")
urlpatterns = router.urls
