"""Leader contact and requests: API routes under /api/v1/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
router.include_root_view = False
urlpatterns = router.urls
