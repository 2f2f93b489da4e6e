"""/api/v1/hospitals/, /api/v1/slots/, /api/v1/appointments/, /api/v1/health-records/."""

from rest_framework.routers import DefaultRouter

from .views import AppointmentViewSet, HealthRecordViewSet, HospitalViewSet, SlotViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("hospitals", HospitalViewSet, basename="hospital")
router.register("slots", SlotViewSet, basename="slot")
router.register("appointments", AppointmentViewSet, basename="appointment")
router.register("health-records", HealthRecordViewSet, basename="health-record")
urlpatterns = router.urls
