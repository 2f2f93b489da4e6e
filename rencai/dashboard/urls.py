"""Dashboard pages. The API lives in `rencai.dashboard.api.urls`."""

from django.urls import URLPattern

app_name = "dashboard"

urlpatterns: list[URLPattern] = []
