"""Leader contact and requests pages. The API lives in `rencai.engagement.api.urls`."""

from django.urls import URLPattern

app_name = "engagement"

urlpatterns: list[URLPattern] = []
