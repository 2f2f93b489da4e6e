from rest_framework.routers import SimpleRouter

from .views import DivisionViewSet, OrganisationViewSet

router = SimpleRouter()
router.register("divisions", DivisionViewSet, basename="division")
router.register("organisations", OrganisationViewSet, basename="organisation")
urlpatterns = router.urls
