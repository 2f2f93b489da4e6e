"""Job fairs' vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rencai.events.choices import EventKind


class Side(models.TextChoices):
    """The two sides of an employment intent."""

    SEEKER = "seeker", _("Job seeker")
    ENTERPRISE = "enterprise", _("Enterprise")


class IntentStatus(models.TextChoices):
    """proposed → confirmed (both sides have confirmed) | declined (either side said no)."""

    PROPOSED = "proposed", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed by both")
    DECLINED = "declined", _("Declined")


# The organisation kinds that take part in a fair (ROLES.md: "one enterprise or institute").
PARTICIPANT_KINDS = ("enterprise", "institution")
# The events app's kind for a job fair (GLOSSARY: job_fair).
JOB_FAIR = EventKind.JOB_FAIR
