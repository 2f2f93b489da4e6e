"""Use cases of core reference data: creating and editing organisations (city administrators)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from . import audit
from .choices import OrganisationKind
from .errors import Conflict, PermissionDenied
from .models import Organisation
from .permissions import is_city_admin

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "division",
    "code",
    "credit_code",
    "service_point_kind",
    "parent",
    "is_active",
]
DUPLICATE_CREDIT_CODE = _("An organisation with this credit code exists.")
DUPLICATE_CODE = _("This code is already used in this division.")


def _check_can_manage(actor) -> None:
    if not is_city_admin(actor):
        raise PermissionDenied(_("Only city administrators manage organisations."))


def _apply(organisation: Organisation, fields: dict[str, Any]) -> None:
    for name in ORGANISATION_FIELDS:
        if name in fields:
            setattr(organisation, name, fields[name])
    organisation.name = (organisation.name or "").strip()
    organisation.code = (organisation.code or "").strip()
    organisation.credit_code = uscc.compact(organisation.credit_code or "")
    organisation.service_point_kind = organisation.service_point_kind or ""


def _validate(organisation: Organisation) -> None:
    """Model validators (credit code check character) plus the uniqueness rules, per field."""
    errors: dict[str, list] = {}
    try:
        organisation.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    others = Organisation.objects.exclude(pk=organisation.pk)
    if (
        organisation.credit_code
        and "credit_code" not in errors
        and others.filter(credit_code=organisation.credit_code).exists()
    ):
        errors["credit_code"] = [DUPLICATE_CREDIT_CODE]
    if (
        organisation.code
        and organisation.division_id
        and others.filter(division_id=organisation.division_id, code=organisation.code).exists()
    ):
        errors.setdefault("code", []).append(DUPLICATE_CODE)
    if organisation.kind != OrganisationKind.SERVICE_POINT and organisation.service_point_kind:
        errors.setdefault("service_point_kind", []).append(
            _("Only a service point has a service point kind.")
        )
    if organisation.pk and organisation.parent_id == organisation.pk:
        errors.setdefault("parent", []).append(_("An organisation cannot be its own parent."))
    if errors:
        raise ValidationError(errors)


def _save(organisation: Organisation) -> None:
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:
        # Two administrators saving the same code at once: the constraint decides.
        raise Conflict(_("This organisation conflicts with an existing one.")) from exc


def create_organisation(*, actor, fields: dict[str, Any]) -> Organisation:
    """Add an organisation (department, enterprise, hospital, bank, school, service point)."""
    _check_can_manage(actor)
    organisation = Organisation()
    _apply(organisation, fields)
    _validate(organisation)
    with transaction.atomic():
        _save(organisation)
        audit.record(
            actor,
            "organisation.create",
            organisation,
            changes=audit.diff({}, audit.snapshot(organisation, ORGANISATION_FIELDS)),
        )
    return organisation


def update_organisation(
    organisation: Organisation, *, actor, fields: dict[str, Any]
) -> Organisation:
    """Edit an organisation; the audit entry lists each changed field, old → new."""
    _check_can_manage(actor)
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = audit.snapshot(locked, ORGANISATION_FIELDS)
        _apply(locked, fields)
        _validate(locked)
        _save(locked)
        changes = audit.diff(before, audit.snapshot(locked, ORGANISATION_FIELDS))
        if changes:
            audit.record(actor, "organisation.update", locked, changes=changes)
    return locked
