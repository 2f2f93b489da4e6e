"""/api/v1/apartments/, /api/v1/housing-applications/, /api/v1/tenancies/."""

from rest_framework.routers import DefaultRouter

from .views import ApartmentViewSet, HousingApplicationViewSet, TenancyViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("apartments", ApartmentViewSet, basename="apartment")
router.register("housing-applications", HousingApplicationViewSet, basename="housing-application")
router.register("tenancies", TenancyViewSet, basename="tenancy")
urlpatterns = router.urls
