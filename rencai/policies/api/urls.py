"""/api/v1/policies/, /api/v1/benefits/, /api/v1/entitlements/."""

from rest_framework.routers import DefaultRouter

from .views import BenefitViewSet, EntitlementViewSet, PolicyViewSet

# No root view of its own: /api/v1/ gathers several apps' routers (config/api_urls.py).
router = DefaultRouter()
router.include_root_view = False
router.register("policies", PolicyViewSet, basename="policy")
router.register("benefits", BenefitViewSet, basename="benefit")
router.register("entitlements", EntitlementViewSet, basename="entitlement")
urlpatterns = router.urls
