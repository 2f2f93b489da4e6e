"""Walk-ins at the door: someone who did not register online gives the window's five fields
(document type and number, name, mobile, county); they become a talent (or are found, when
the document is already registered), are registered for the event and checked in.

The fields are checked by the talents registry's own `validate_talent`, so the door and the
window refuse the same things with the same messages.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.errors import Conflict, PermissionDenied
from rencai.talents import hooks
from rencai.talents.identity import parse_id
from rencai.talents.models import Talent
from rencai.talents.services.registry import AUDITED_FIELDS, TALENT_FIELDS, validate_talent

from .. import permissions
from ..choices import CheckInMethod, RegistrationSource
from ..models import Registration
from .check_in import check_in
from .registration import register

WALK_IN_FIELDS = ("id_type", "id_number", "name", "mobile", "county")


def _existing(fields: dict[str, Any]) -> Talent | None:
    try:
        parsed = parse_id(fields.get("id_type") or "ric", fields.get("id_number") or "")
    except ValidationError:  # validate_talent reports it
        return None
    return Talent.objects.filter(
        id_type=fields.get("id_type") or "ric", id_number=parsed.number
    ).first()


def _new_talent(actor, fields: dict[str, Any]) -> Talent:
    data = validate_talent({name: fields.get(name) for name in WALK_IN_FIELDS})
    talent = Talent(registered_by=audit.acting_user(actor))
    for name in TALENT_FIELDS:
        if name in data:
            setattr(talent, name, data[name])
    try:
        with transaction.atomic():
            talent.save()
    except IntegrityError as exc:
        raise Conflict(_("A talent with this identity document already exists.")) from exc
    audit.record(
        actor,
        "talent.create",
        talent,
        changes=audit.diff({}, audit.snapshot(talent, AUDITED_FIELDS)),
    )
    hooks.talent_changed(talent)
    return talent


def register_walk_in(event, *, actor, fields: dict[str, Any]) -> Registration:
    """Register (if need be) and check in a walk-in; returns their registration."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You do not organise this event."))
    with transaction.atomic():
        talent = _existing(fields) or _new_talent(actor, fields)
        registration = Registration.objects.live().filter(
            event=event, talent=talent
        ).first() or register(event, actor=actor, talent=talent, source=RegistrationSource.WALK_IN)
        if not hasattr(registration, "check_in"):
            check_in(
                event,
                actor=actor,
                code=registration.code,
                scan_id=f"walk-in-{uuid.uuid4().hex}",
                method=CheckInMethod.TYPED,
            )
    return registration
