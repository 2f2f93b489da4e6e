"""/api/v1/stats/ and /api/v1/stats/{figure}/: open statistics, public."""

from django.urls import path

from .views import StatisticsCatalogueView, StatisticView

urlpatterns = [
    path("stats/", StatisticsCatalogueView.as_view(), name="stats-list"),
    path("stats/<str:figure>/", StatisticView.as_view(), name="stats-detail"),
]
