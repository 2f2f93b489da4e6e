"""Job fairs pages. The API lives in `rencai.events.fairs.api.urls`."""

from django.urls import path

from . import selectors, views

app_name = "fairs"

urlpatterns = [
    path("fairs/", views.fair_list, name="fair-list"),
    path("fairs/<int:pk>/", views.fair_detail, name="fair-detail"),
    path("fairs/<int:pk>/enterprises/", views.fair_add_enterprise, name="fair-add-enterprise"),
    path("fairs/<int:pk>/import/", views.fair_import, name="fair-import"),
    path("fairs/<int:pk>/desk/", views.desk, name="desk"),
    path("fairs/<int:pk>/desk/propose/", views.desk_propose, name="desk-propose"),
    path("fairs/enterprises/", views.enterprise_list, name="enterprise-list"),
    path("fairs/positions/", views.position_list, name="position-list"),
    path("fairs/positions/open/", views.position_list, {"open_only": True}, name="open-positions"),
    path(
        "fairs/seekers/checked-in/",
        views.seeker_list,
        {"which": selectors.SEEKERS_CHECKED_IN},
        name="seekers-checked-in",
    ),
    path(
        "fairs/seekers/with-intent/",
        views.seeker_list,
        {"which": selectors.SEEKERS_WITH_INTENT},
        name="seekers-with-intent",
    ),
    path("fairs/positions/new/", views.position_form, name="position-new"),
    path("fairs/positions/mine/", views.my_positions, name="my-positions"),
    path("fairs/positions/<int:pk>/", views.position_detail, name="position-detail"),
    path("fairs/positions/<int:pk>/edit/", views.position_form, name="position-edit"),
    path("fairs/positions/<int:pk>/propose/", views.position_propose, name="position-propose"),
    path("fairs/intents/", views.intent_list, name="intent-list"),
    path("fairs/intents/<int:pk>/<slug:action>/", views.intent_action, name="intent-action"),
]
