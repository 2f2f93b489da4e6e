"""/api/v1/policies/, /api/v1/benefits/ (with simulate/), /api/v1/entitlements/,
/api/v1/outreach-runs/ and /api/v1/talents/{id}/eligibility/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .eligibility import BenefitSimulationView, TalentEligibilityView
from .outreach import OutreachRunViewSet
from .views import BenefitViewSet, EntitlementViewSet, PolicyViewSet

# No root view of its own: /api/v1/ gathers several apps' routers (config/api_urls.py).
router = DefaultRouter()
router.include_root_view = False
router.register("policies", PolicyViewSet, basename="policy")
router.register("benefits", BenefitViewSet, basename="benefit")
router.register("entitlements", EntitlementViewSet, basename="entitlement")
router.register("outreach-runs", OutreachRunViewSet, basename="outreach-run")
urlpatterns = [
    path("benefits/<int:pk>/simulate/", BenefitSimulationView.as_view(), name="benefit-simulate"),
    path(
        "talents/<int:pk>/eligibility/",
        TalentEligibilityView.as_view(),
        name="talent-eligibility",
    ),
    *router.urls,
]
