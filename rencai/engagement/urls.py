"""Leader contact and requests pages (/engagement/…) and the talent's own (/my/requests/).
The API lives in `rencai.engagement.api.urls`."""

from django.urls import path

from . import views
from .choices import ContactKind

app_name = "engagement"

urlpatterns = [
    path("engagement/pairings/", views.pairing_list, name="pairing-list"),
    path("engagement/pairings/export.xlsx", views.pairing_export, name="pairing-export"),
    path("engagement/pairings/<int:pk>/", views.pairing_detail, name="pairing-detail"),
    path("engagement/pairings/<int:pk>/tick/", views.pairing_tick, name="pairing-tick"),
    path("engagement/pairings/<int:pk>/log/", views.pairing_log, name="pairing-log"),
    path("engagement/pairings/<int:pk>/request/", views.pairing_request, name="pairing-request"),
    path("engagement/contacts/", views.contact_list, name="contact-list"),
    path(
        "engagement/policy-packs/",
        views.contact_list,
        {"kind": ContactKind.POLICY_PACK},
        name="pack-list",
    ),
    path("engagement/contacts/export.xlsx", views.contact_export, name="contact-export"),
    path("engagement/five-ones/", views.tick_list, name="tick-list"),
    path("engagement/five-ones/export.xlsx", views.tick_export, name="tick-export"),
    path("engagement/talents/<int:pk>/request/", views.talent_request, name="talent-request"),
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
