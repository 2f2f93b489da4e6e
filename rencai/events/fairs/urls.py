"""Job fairs pages. The API lives in `rencai.events.fairs.api.urls`."""

from django.urls import URLPattern

app_name = "fairs"

urlpatterns: list[URLPattern] = []
