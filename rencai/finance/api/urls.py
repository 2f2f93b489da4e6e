"""/api/v1/banks/, /api/v1/loan-products/, /api/v1/loans/."""

from rest_framework.routers import DefaultRouter

from .views import BankViewSet, LoanProductViewSet, LoanViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("banks", BankViewSet, basename="bank")
router.register("loan-products", LoanProductViewSet, basename="loan-product")
router.register("loans", LoanViewSet, basename="loan")
urlpatterns = router.urls
