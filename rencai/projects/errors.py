"""Tech projects' error codes (stable, for the API)."""

from django.db import models


class ProjectError(models.TextChoices):
    ALREADY_PROPOSED = "already_proposed"
    PROJECT_CLOSED = "project_closed"
    NOT_LIVE = "proposal_not_live"
    ALREADY_ANSWERED = "already_answered"
    NOT_ACCEPTED = "proposal_not_accepted"
    OUTCOME_RECORDED = "outcome_recorded"
    NOT_A_CANDIDATE = "not_a_candidate"
