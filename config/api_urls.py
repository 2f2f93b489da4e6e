"""/api/v1/: every app's API routes, gathered in one place."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("rencai.core.api.urls")),
    path("", include("rencai.talents.api.urls")),
]
