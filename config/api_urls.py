"""/api/v1/: every app's API routes, gathered in one place."""

from django.urls import include, path

from rencai.core.api.views import TokenView

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include("rencai.core.api.urls")),
    path("", include("rencai.talents.api.urls")),
    path("", include("rencai.policies.api.urls")),
    path("", include("rencai.desk.api.urls")),
    path("", include("rencai.medical.api.urls")),
    path("", include("rencai.schooling.api.urls")),
    path("", include("rencai.housing.api.urls")),
    path("", include("rencai.finance.api.urls")),
    path("", include("rencai.events.api.urls")),
    path("", include("rencai.events.fairs.api.urls")),
    path("", include("rencai.engagement.api.urls")),
    path("", include("rencai.projects.api.urls")),
    path("", include("rencai.campaigns.api.urls")),
    path("", include("rencai.dashboard.api.urls")),
]
