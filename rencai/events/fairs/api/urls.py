"""/api/v1/fair-enterprises/, /api/v1/positions/, /api/v1/employment-intents/."""

from rest_framework.routers import DefaultRouter

from .views import EmploymentIntentViewSet, FairEnterpriseViewSet, PositionViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("fair-enterprises", FairEnterpriseViewSet, basename="fair-enterprise")
router.register("positions", PositionViewSet, basename="position")
router.register("employment-intents", EmploymentIntentViewSet, basename="employment-intent")
urlpatterns = router.urls
