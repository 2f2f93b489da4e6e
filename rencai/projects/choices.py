"""Tech projects' choices: fields, project and proposal states, answers, outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# "Accepted", "Declined" and "Closed" mean other things on a desk case: a context of their own.
CTX = "tech project"


class ProjectField(models.TextChoices):
    """The small catalogue of fields the science bureau files projects under."""

    SMART_EQUIPMENT = "smart_equipment", _("Smart equipment")
    BIOMEDICINE = "biomedicine", _("Biomedicine")
    NEW_MATERIALS = "new_materials", _("New materials")
    AGRICULTURE = "agriculture", _("Modern agriculture")
    TCM = "tcm", _("Traditional Chinese medicine")
    ELECTRONICS = "electronics", _("Electronics and information")
    ENVIRONMENT = "environment", _("Energy saving and environment")
    CIVIL = "civil", _("Construction and building materials")


class ProjectStatus(models.TextChoices):
    OPEN = "open", _("Seeking talents")
    CLOSED = "closed", pgettext_lazy(CTX, "Closed")


class ProposalStatus(models.TextChoices):
    """A proposal is live while proposed or accepted; declined and withdrawn ones are history."""

    PROPOSED = "proposed", _("Awaiting answers")
    ACCEPTED = "accepted", _("Accepted by both sides")
    DECLINED = "declined", pgettext_lazy(CTX, "Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_STATES = (ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED)


class Answer(models.TextChoices):
    PENDING = "pending", _("Not answered")
    ACCEPTED = "accepted", pgettext_lazy(CTX, "Accepted")
    DECLINED = "declined", pgettext_lazy(CTX, "Declined")


class Side(models.TextChoices):
    TALENT = "talent", _("Talent")
    ENTERPRISE = "enterprise", _("Enterprise")


class OutcomeKind(models.TextChoices):
    CONTRACT = "contract", _("Contract signed")
    COOPERATION = "cooperation", _("Cooperation under way")
