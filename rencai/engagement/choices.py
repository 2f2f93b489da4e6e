from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactKind(models.TextChoices):
    """How a contact leader was in touch with a talent."""

    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")
    POLICY_PACK = "policy_pack", _("Policy pack delivered")


class RequestCategory(models.TextChoices):
    HOUSING = "housing", _("Housing")
    SCHOOLING = "schooling", _("Schooling")
    FUNDING = "funding", _("Funding")
    PERMIT = "permit", _("Permit")
    EMPLOYMENT = "employment", _("Employment")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    """Who recorded a request."""

    LEADER = "leader", _("Contact leader")
    OFFICER = "officer", _("Officer")
    CLERK = "clerk", _("Window clerk")
    TALENT = "talent", _("The talent, online")


class RequestState(models.TextChoices):
    RAISED = "raised", _("Raised")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class RateCode(models.TextChoices):
    RESPONSE = "response_rate", _("Response rate")
    RESOLUTION = "resolution_rate", _("Resolution rate")
    SATISFACTION = "satisfaction_rate", _("Satisfaction rate")
