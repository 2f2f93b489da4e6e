from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    CITY = "city", _("City-wide special action")
    LOCAL = "local", _("Local innovation (N action)")


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from the records")
    REPORTED = "reported", _("Reported by the unit")


class Pace(models.TextChoices):
    """Red / amber / green against the share of the period elapsed (thresholds are data)."""

    GREEN = "green", _("On pace")
    AMBER = "amber", _("Slightly behind")
    RED = "red", _("Behind pace")


class DayCount(models.TextChoices):
    CALENDAR = "calendar", _("Calendar days")
    WORKING = "working", _("Working days")


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Sent back")
