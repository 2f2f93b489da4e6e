"""/api/v1/campaigns/, /api/v1/targets/."""

from rest_framework.routers import DefaultRouter

from .views import CampaignViewSet, TargetViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("targets", TargetViewSet, basename="target")
urlpatterns = router.urls
