"""Dashboard and open statistics: API routes under /api/v1/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

# Open statistics (public): /api/v1/stats/ and /api/v1/stats/{figure}/.
from .stats_urls import urlpatterns as stats_urlpatterns  # noqa: E402

urlpatterns += stats_urlpatterns
