"""The service-point directory: a point's address, hours, telephone and services, kept by the
desk beside the `core.Organisation` the point is. Edited by the city administrator; audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.choices import OrganisationKind
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.models import Organisation
from rencai.policies.models import Benefit

from .. import permissions
from ..models import ServicePointEntry

FIELDS = ("address", "hours", "telephone", "services", "illustrative")


def _snapshot(entry: ServicePointEntry) -> dict[str, Any]:
    data = {name: getattr(entry, name) for name in FIELDS}
    data["benefits"] = sorted(entry.benefits.values_list("code", flat=True)) if entry.pk else []
    return data


def save_directory_entry(
    organisation: Organisation,
    *,
    actor,
    benefits: Iterable[Benefit] | None = None,
    **values: Any,
) -> ServicePointEntry:
    """Create or change a service point's directory entry (only the fields given)."""
    if not permissions.can_edit_directory(actor):
        raise PermissionDenied(_("You may not edit the service-point directory."))
    if organisation.kind != OrganisationKind.SERVICE_POINT:
        message = _("Only service points have a directory entry.")
        raise DomainError(message, code="not_a_service_point", fields={"organisation": [message]})
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        entry = (
            ServicePointEntry.objects.select_for_update().filter(organisation=organisation).first()
        )
        created = entry is None
        if entry is None:
            entry = ServicePointEntry(organisation=organisation)
        before = {} if created else _snapshot(entry)
        for name, value in values.items():
            setattr(entry, name, value)
        if isinstance(entry.services, list):
            entry.services = [str(s).strip() for s in entry.services if str(s).strip()]
        entry.full_clean(exclude=["organisation"])
        entry.save()
        if benefits is not None:
            entry.benefits.set(list(benefits))
        audit.record(
            actor,
            "service_point.directory_create" if created else "service_point.directory_change",
            organisation,
            changes=audit.diff(before, _snapshot(entry)),
        )
    return entry
