"""Events pages. The API lives in `rencai.events.api.urls`."""

from django.urls import path

from . import selectors
from .choices import RegistrationStatus
from .views import door, events, mixers, registrations

app_name = "events"

urlpatterns = [
    path("events/", events.event_list, name="list"),
    path("events/new/", events.event_create, name="create"),
    path("events/registrations/", registrations.registration_search, name="registration-search"),
    path(
        "events/registrations/places-held/",
        registrations.registration_search,
        {"status": RegistrationStatus.REGISTERED},
        name="places-held",
    ),
    path(
        "events/mixers/pairs/",
        registrations.mixer_rows,
        {"which": selectors.PAIRS},
        name="mixer-pairs",
    ),
    path(
        "events/mixers/people-paired/",
        registrations.mixer_rows,
        {"which": selectors.PEOPLE_PAIRED},
        name="people-paired",
    ),
    path("events/<int:pk>/", events.event_detail, name="detail"),
    path("events/<int:pk>/action/", events.event_action, name="action"),
    path("events/<int:pk>/register/", events.register, name="register"),
    path("events/<int:pk>/qr.svg", events.registration_qr, name="qr"),
    path("events/<int:pk>/registrations/", door.registration_list, name="registrations"),
    path("events/<int:pk>/walk-in/", door.walk_in, name="walk-in"),
    path("events/<int:pk>/check-in/", door.check_in, name="check-in"),
    path("events/<int:pk>/picks/", mixers.picks, name="picks"),
    path("events/<int:pk>/matches/", mixers.matches, name="matches"),
]
