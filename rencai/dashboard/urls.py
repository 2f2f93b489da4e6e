"""Dashboard pages. The API lives in `rencai.dashboard.api.urls`."""

from django.urls import URLPattern, path

from . import retention_views, views

app_name = "dashboard"

urlpatterns: list[URLPattern] = [
    path("dashboard/", views.index, name="index"),
    path("dashboard/retention/", retention_views.retention, name="retention"),
]
