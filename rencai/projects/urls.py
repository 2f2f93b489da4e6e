"""Tech projects pages. The API lives in `rencai.projects.api.urls`."""

from django.urls import URLPattern

app_name = "projects"

urlpatterns: list[URLPattern] = []
