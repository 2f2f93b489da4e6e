"""/api/v1/applications/, /api/v1/disbursements/, /api/v1/budgets/, /api/v1/service-points/."""

from rest_framework.routers import DefaultRouter

from .network import ServicePointViewSet
from .payments import BudgetViewSet, DisbursementViewSet
from .views import ApplicationViewSet

# No root view of its own: /api/v1/ gathers several apps' routers (config/api_urls.py).
router = DefaultRouter()
router.include_root_view = False
router.register("applications", ApplicationViewSet, basename="application")
router.register("disbursements", DisbursementViewSet, basename="disbursement")
router.register("budgets", BudgetViewSet, basename="budget")
router.register("service-points", ServicePointViewSet, basename="service-point")
urlpatterns = router.urls
