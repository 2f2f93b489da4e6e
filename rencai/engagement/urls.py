"""Leader contact and requests pages (/engagement/…) and the talent's own (/my/requests/).
The API lives in `rencai.engagement.api.urls`."""

from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("engagement/pairings/", views.pairing_list, name="pairing-list"),
    path("engagement/pairings/export.xlsx", views.pairing_export, name="pairing-export"),
    path("engagement/pairings/<int:pk>/", views.pairing_detail, name="pairing-detail"),
    path("engagement/pairings/<int:pk>/tick/", views.pairing_tick, name="pairing-tick"),
    path("engagement/pairings/<int:pk>/log/", views.pairing_log, name="pairing-log"),
    path("engagement/pairings/<int:pk>/request/", views.pairing_request, name="pairing-request"),
    path("engagement/requests/", views.request_list, name="request-list"),
    path("engagement/requests/export.xlsx", views.request_export, name="request-export"),
    path("engagement/requests/<int:pk>/", views.request_detail, name="request-detail"),
    path(
        "engagement/requests/<int:pk>/do/<slug:action>/",
        views.request_action,
        name="request-action",
    ),
    path("engagement/rates/", views.rates_page, name="rates"),
    path("my/requests/", views.my_requests, name="my-requests"),
]
