"""Leader contact and requests: /api/v1/contact-pairings/, /contact-logs/, /requests/ (with
the transitions assign, respond, answer, feedback, exclude)."""

from rest_framework.routers import DefaultRouter

from .views import ContactLogViewSet, ContactPairingViewSet, RequestViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("contact-pairings", ContactPairingViewSet, basename="contact-pairing")
router.register("contact-logs", ContactLogViewSet, basename="contact-log")
router.register("requests", RequestViewSet, basename="request")
urlpatterns = router.urls
