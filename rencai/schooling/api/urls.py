"""/api/v1/enrolments/ and its transitions (review, assign, enrol, not_place)."""

from rest_framework.routers import DefaultRouter

from .views import EnrolmentViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
urlpatterns = router.urls
