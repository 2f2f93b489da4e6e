from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The role codes of ROLES.md: one enum, used everywhere."""

    CITY_ADMIN = "city_admin", _("City administrator")
    TASK_FORCE = "task_force", _("Task force")
    COUNTY_OFFICER = "county_officer", _("County officer")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    WINDOW_CLERK = "window_clerk", _("Window clerk")
    HOSPITAL_LIAISON = "hospital_liaison", _("Hospital liaison")
    BANK_OFFICER = "bank_officer", _("Bank officer")
    SCHOOL_CONTACT = "school_contact", _("School contact")
    CONTACT_LEADER = "contact_leader", _("Contact leader")
    TALENT = "talent", _("Talent")
    ENTERPRISE_CONTACT = "enterprise_contact", _("Enterprise contact")


# Roles whose scope is a division, an organisation, or nothing (the whole city, or themself).
CITY_ROLES = frozenset({Role.CITY_ADMIN, Role.TASK_FORCE})
DIVISION_ROLES = frozenset({Role.COUNTY_OFFICER})
ORGANISATION_ROLES = frozenset(
    {
        Role.DEPARTMENT_OFFICER,
        Role.WINDOW_CLERK,
        Role.HOSPITAL_LIAISON,
        Role.BANK_OFFICER,
        Role.SCHOOL_CONTACT,
        Role.ENTERPRISE_CONTACT,
    }
)
UNSCOPED_ROLES = frozenset({Role.CONTACT_LEADER, Role.TALENT})

# The organisation kind each organisation-scoped role must point at.
ROLE_ORGANISATION_KIND = {
    Role.DEPARTMENT_OFFICER: "department",
    Role.WINDOW_CLERK: "service_point",
    Role.HOSPITAL_LIAISON: "hospital",
    Role.BANK_OFFICER: "bank",
    Role.SCHOOL_CONTACT: "school",
    # An enterprise or an institute; factories make an enterprise.
    Role.ENTERPRISE_CONTACT: "enterprise",
}


class DivisionLevel(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("Government department")
    ENTERPRISE = "enterprise", _("Enterprise")
    INSTITUTION = "institution", _("Public institution")
    HOSPITAL = "hospital", _("Hospital")
    BANK = "bank", _("Bank")
    SCHOOL = "school", _("School")
    SERVICE_POINT = "service_point", _("Service point")


class ServicePointKind(models.TextChoices):
    WINDOW = "window", _("Service centre window")
    TALENT_STATION = "talent_station", _("Talent station")


class ScheduledRunStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed (retried)")


class MessageState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (gave up)")
