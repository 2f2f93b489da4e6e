"""Dashboard pages. The API lives in `rencai.dashboard.api.urls`."""

from django.urls import URLPattern, path

from . import views

app_name = "dashboard"

urlpatterns: list[URLPattern] = []
urlpatterns += [path("dashboard/", views.index, name="index")]
