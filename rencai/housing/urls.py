"""Housing pages: the bureau's (/housing/…) and the talent's (/my/housing/…). The API lives
in `rencai.housing.api.urls`."""

from django.urls import path

from .views import officer, selfservice

urlpatterns = [
    path("housing/apartments/", officer.unit_list, name="housing-unit-list"),
    path("housing/apartments/new/", officer.unit_add, name="housing-unit-add"),
    path("housing/apartments/<int:pk>/", officer.unit_detail, name="housing-unit-detail"),
    path("housing/apartments/<int:pk>/state/", officer.unit_state, name="housing-unit-state"),
    path("housing/applications/", officer.application_list, name="housing-application-list"),
    path(
        "housing/applications/<int:pk>/",
        officer.application_detail,
        name="housing-application-detail",
    ),
    path(
        "housing/applications/<int:pk>/refresh/",
        officer.application_action,
        {"action": "refresh"},
        name="housing-application-refresh",
    ),
    path(
        "housing/applications/<int:pk>/withdraw/",
        officer.application_action,
        {"action": "withdraw"},
        name="housing-application-withdraw",
    ),
    path("housing/rounds/", officer.round_list, name="housing-round-list"),
    path("housing/rounds/open/", officer.round_open, name="housing-round-open"),
    path("housing/rounds/<int:pk>/", officer.round_detail, name="housing-round-detail"),
    path(
        "housing/rounds/<int:pk>/close/",
        officer.round_action,
        {"action": "close"},
        name="housing-round-close",
    ),
    path(
        "housing/rounds/<int:pk>/allocate/",
        officer.round_action,
        {"action": "allocate"},
        name="housing-round-allocate",
    ),
    path("housing/rounds/<int:pk>/results/", officer.round_results, name="housing-round-results"),
    path(
        "housing/offers/<int:pk>/<slug:action>/", officer.offer_answer, name="housing-offer-answer"
    ),
    path("housing/tenancies/", officer.tenancy_list, name="housing-tenancy-list"),
    path("housing/tenancies/<int:pk>/", officer.tenancy_detail, name="housing-tenancy-detail"),
    path(
        "housing/tenancies/<int:pk>/renew/",
        officer.tenancy_action,
        {"action": "renew"},
        name="housing-tenancy-renew",
    ),
    path(
        "housing/tenancies/<int:pk>/move-out/",
        officer.tenancy_action,
        {"action": "move-out"},
        name="housing-tenancy-move-out",
    ),
    path(
        "housing/tenancies/<int:pk>/move-in/",
        officer.tenancy_action,
        {"action": "move-in"},
        name="housing-tenancy-move-in",
    ),
    path("my/housing/", selfservice.my_housing, name="housing-mine"),
    path("my/housing/apply/", selfservice.my_apply, name="housing-apply"),
]
