from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyCategory(models.TextChoices):
    HOUSING = "housing", _("Housing")
    LIVING = "living", _("Living allowance")
    MEDICAL = "medical", _("Medical care")
    EDUCATION = "education", _("Children's education")
    FINANCE = "finance", _("Finance and start-up")
    CAREER = "career", _("Career development")
    OTHER = "other", _("Other")


class Periodicity(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    MONTHLY = "monthly", _("Monthly")


class TimeUnit(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    WORKING_DAYS = "working_days", _("Working days")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class EntitlementState(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    PAID = "paid", _("Paid")
    ENDED = "ended", _("Ended")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An entitlement in any other state is "live": it blocks a second one (ARCHITECTURE.md).
DEAD_STATES = (EntitlementState.REJECTED, EntitlementState.WITHDRAWN)


class EntitlementSource(models.TextChoices):
    OFFICER = "officer", _("Recorded by an officer")
    IMPORT = "import", _("Imported")
    OUTREACH = "outreach", _("Found by outreach")
    DESK = "desk", _("Service desk application")


class OutreachTrigger(models.TextChoices):
    MANUAL = "manual", _("Started by an officer")
    SCHEDULE = "schedule", _("Scheduled")
    PUBLISH = "publish", _("Benefit published")
    TALENT_CHANGE = "talent_change", _("Talent registered or changed")
    SUBJECT = "subject", _("Subject published")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class EligibilityOutcome(models.TextChoices):
    """What a talent's eligibility for a benefit comes to — one vocabulary for the pack, the
    eligibility API, the window and the desk (which answers only the first four)."""

    ELIGIBLE = "eligible", _("Eligible")
    TO_CONFIRM = "to_confirm", _("Eligible once confirmed")
    UNKNOWN = "unknown", _("We need more information")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    HELD = "held", _("Already held or applied for")
    EXCLUDED = "excluded", _("Cannot be combined with a benefit held")


# The order benefits are listed in by outcome (the pack, the window's suggestions).
OUTCOME_ORDER = [
    EligibilityOutcome.ELIGIBLE,
    EligibilityOutcome.TO_CONFIRM,
    EligibilityOutcome.UNKNOWN,
    EligibilityOutcome.HELD,
    EligibilityOutcome.EXCLUDED,
    EligibilityOutcome.NOT_ELIGIBLE,
]
