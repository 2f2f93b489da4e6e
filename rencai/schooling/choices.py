from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The school stage a child is to be enrolled in."""

    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR_SECONDARY = "junior", _("Junior secondary school")


class EnrolmentState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    REVIEWED = "reviewed", _("Reviewed")
    ASSIGNED = "assigned", _("School assigned")
    ENROLLED = "enrolled", _("Enrolled")
    NOT_PLACED = "not_placed", _("Not placed")
