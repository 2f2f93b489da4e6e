from rest_framework.routers import SimpleRouter

from .views import CardViewSet, TalentViewSet

router = SimpleRouter()
router.register("talents", TalentViewSet, basename="talent")
router.register("cards", CardViewSet, basename="card")
urlpatterns = router.urls
