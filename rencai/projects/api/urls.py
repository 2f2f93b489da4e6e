"""Tech projects: API routes under /api/v1/ — /tech-projects/, /match-proposals/."""

from rest_framework.routers import DefaultRouter

from .views import ProposalViewSet, TechProjectViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("tech-projects", TechProjectViewSet, basename="tech-project")
router.register("match-proposals", ProposalViewSet, basename="match-proposal")
urlpatterns = router.urls
