"""The events' vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    JOB_FAIR = "job_fair", _("Job fair")
    MIXER = "mixer", _("Mixer")
    FORUM = "forum", _("Forum")
    CONTEST = "contest", _("Contest")
    LIVE_STREAM = "live_stream", _("Live-stream")
    TRAINING = "training", _("Training")


class EventStatus(models.TextChoices):
    """draft → published → closed; draft or published → cancelled."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    CLOSED = "closed", _("Ended")


class RegistrationStatus(models.TextChoices):
    """registered (holds a place) | waitlisted → offered (holds the freed place until the
    offer expires) → registered | expired; any live one → cancelled."""

    REGISTERED = "registered", _("Registered (place held)")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Offered a place")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")


class RegistrationSource(models.TextChoices):
    ONLINE = "online", _("Online sign-up")
    IMPORT = "import", _("Imported")
    WALK_IN = "walk_in", _("Walk-in at the door")
    ORGANISER = "organiser", _("Entered by the organiser")


class CheckInMethod(models.TextChoices):
    TYPED = "typed", _("Typed or handheld scanner")
    CAMERA = "camera", _("Camera")
    OFFLINE = "offline", _("Uploaded after an offline scan")


# Registrations that are still in play (one per talent and event).
LIVE_STATUSES = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.OFFERED,
)
# Registrations that hold one of the event's places.
PLACE_HOLDING_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)
