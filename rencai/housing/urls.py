"""Housing pages: the bureau's (/housing/…) and the talent's (/my/housing/…). The API lives
in `rencai.housing.api.urls`."""

from django.urls import path

from .views import officer, selfservice

app_name = "housing"

urlpatterns = [
    path("housing/apartments/", officer.unit_list, name="unit-list"),
    path("housing/apartments/new/", officer.unit_add, name="unit-add"),
    path("housing/apartments/<int:pk>/", officer.unit_detail, name="unit-detail"),
    path("housing/apartments/<int:pk>/state/", officer.unit_state, name="unit-state"),
    path("housing/applications/", officer.application_list, name="application-list"),
    path(
        "housing/applications/<int:pk>/",
        officer.application_detail,
        name="application-detail",
    ),
    path(
        "housing/applications/<int:pk>/refresh/",
        officer.application_action,
        {"action": "refresh"},
        name="application-refresh",
    ),
    path(
        "housing/applications/<int:pk>/withdraw/",
        officer.application_action,
        {"action": "withdraw"},
        name="application-withdraw",
    ),
    path("housing/rounds/", officer.round_list, name="round-list"),
    path("housing/rounds/open/", officer.round_open, name="round-open"),
    path("housing/rounds/<int:pk>/", officer.round_detail, name="round-detail"),
    path(
        "housing/rounds/<int:pk>/close/",
        officer.round_action,
        {"action": "close"},
        name="round-close",
    ),
    path(
        "housing/rounds/<int:pk>/allocate/",
        officer.round_action,
        {"action": "allocate"},
        name="round-allocate",
    ),
    path("housing/rounds/<int:pk>/results/", officer.round_results, name="round-results"),
    path("housing/offers/<int:pk>/<slug:action>/", officer.offer_answer, name="offer-answer"),
    path("housing/tenancies/", officer.tenancy_list, name="tenancy-list"),
    path("housing/tenancies/<int:pk>/", officer.tenancy_detail, name="tenancy-detail"),
    path(
        "housing/tenancies/<int:pk>/renew/",
        officer.tenancy_action,
        {"action": "renew"},
        name="tenancy-renew",
    ),
    path(
        "housing/tenancies/<int:pk>/move-out/",
        officer.tenancy_action,
        {"action": "move-out"},
        name="tenancy-move-out",
    ),
    path(
        "housing/tenancies/<int:pk>/move-in/",
        officer.tenancy_action,
        {"action": "move-in"},
        name="tenancy-move-in",
    ),
    path("my/housing/", selfservice.my_housing, name="mine"),
    path("my/housing/apply/", selfservice.my_apply, name="apply"),
]
