"""Events: API routes under /api/v1/."""

from rest_framework.routers import DefaultRouter

from .views import EventViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("events", EventViewSet, basename="event")
urlpatterns = router.urls
