"""Events pages. The API lives in `rencai.events.api.urls`."""

from django.urls import URLPattern

app_name = "events"

urlpatterns: list[URLPattern] = []
