from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WINDOW = "window", _("Service centre window")
    STATION = "station", _("Talent station")
    ONLINE = "online", _("Online")
    OUTREACH = "outreach", _("Without application (免申即享)")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DISBURSED = "disbursed", _("Disbursed")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A case in one of these states no longer blocks a new application for the same benefit.
ENDED_STATES = (ApplicationState.REJECTED, ApplicationState.WITHDRAWN)
DECIDED_STATES = (
    ApplicationState.APPROVED,
    ApplicationState.REJECTED,
    ApplicationState.DISBURSED,
    ApplicationState.CLOSED,
)


class StepDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
