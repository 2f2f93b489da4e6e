"""Registering, editing, finding and revealing talents: one function per use case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from rencai.core import audit, clock
from rencai.core.choices import DivisionLevel, OrganisationKind, Role
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.models import Organisation
from rencai.core.permissions import roles_of
from rencai.core.validators import normalise_mobile, validate_mobile

from .. import hooks, permissions
from ..choices import CHECKSUMMED_ID_TYPES, IdType, Relation
from ..identity import parse_id
from ..models import FamilyMember, Talent, WindowVisit
from . import finding

# The fields a person edits; birth date and sex are derived for checksummed documents.
TALENT_FIELDS = [
    "name",
    "id_type",
    "id_number",
    "id_country",
    "birth_date",
    "sex",
    "mobile",
    "county",
    "degree",
    "school",
    "major",
    "graduation_date",
    "title",
    "employer",
    "tier",
    "arrival_date",
]
AUDITED_FIELDS = [*TALENT_FIELDS, "tags"]
DUPLICATE_MESSAGE = _("A talent with this identity document already exists.")


def validate_talent(
    fields: dict[str, Any], *, instance: Talent | None = None, today: date | None = None
) -> dict[str, Any]:
    """Check and normalise a talent's fields; raise ValidationError keyed by field.

    Forms, the API and the importer all call this, so every entry point gives the same
    per-field messages. Missing keys take the instance's current values.
    """
    today = today or clock.today()
    data = {name: getattr(instance, name) for name in TALENT_FIELDS} if instance else {}
    data.update({k: v for k, v in fields.items() if k in TALENT_FIELDS or k == "tags"})
    errors: dict[str, list] = {}

    def err(field: str, message) -> None:
        errors.setdefault(field, []).append(message)

    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        err("name", _("Enter the talent's name."))
    data["id_type"] = data.get("id_type") or IdType.RIC
    try:
        parsed = parse_id(data["id_type"], data.get("id_number") or "", today=today)
    except ValidationError as exc:
        err("id_number", exc.messages[0])
        parsed = None
    if parsed is not None:
        data["id_number"] = parsed.number
        if data["id_type"] in CHECKSUMMED_ID_TYPES:
            data["birth_date"], data["sex"] = parsed.birth_date, parsed.sex
        if (
            Talent.objects.filter(id_type=data["id_type"], id_number=parsed.number)
            .exclude(pk=getattr(instance, "pk", None))
            .exists()
        ):
            err("id_number", DUPLICATE_MESSAGE)
    if data["id_type"] == IdType.PASSPORT and not (data.get("id_country") or "").strip():
        err("id_country", _("Enter the country that issued the passport."))
    birth = data.get("birth_date")
    if not birth:
        if data["id_type"] not in CHECKSUMMED_ID_TYPES:
            err("birth_date", _("Enter the birth date."))
    elif birth > today:
        err("birth_date", _("The birth date cannot be in the future."))
    elif birth.year < 1900:
        err("birth_date", _("The birth date cannot be before 1900."))
    data["sex"] = data.get("sex") or ""
    data["mobile"] = normalise_mobile(data.get("mobile") or "")
    if not data["mobile"]:
        err("mobile", _("Enter the mobile number."))
    else:
        try:
            validate_mobile(data["mobile"])
        except ValidationError as exc:
            err("mobile", exc.messages[0])
    county = data.get("county")
    if county is None:
        err("county", _("Choose the county."))
    elif county.level != DivisionLevel.COUNTY:
        err("county", _("Choose a county-level division, not the city."))
    for name, label in (
        ("graduation_date", _("The graduation date cannot be in the future.")),
        ("arrival_date", _("The date of arrival cannot be in the future.")),
    ):
        if data.get(name) and data[name] > today:
            err(name, label)
    for name in ("id_country", "school", "major"):
        data[name] = (data.get(name) or "").strip()
    if errors:
        raise ValidationError(errors)
    return data


def _save_talent(talent: Talent, data: dict[str, Any]) -> Talent:
    for name in TALENT_FIELDS:
        if name in data:
            setattr(talent, name, data[name])
    try:
        with transaction.atomic():
            talent.save()
    except IntegrityError as exc:
        # Two clerks registering the same person at once: the constraint decides.
        raise Conflict(
            DUPLICATE_MESSAGE,
            code="duplicate_talent",
            fields={"id_number": [str(DUPLICATE_MESSAGE)]},
        ) from exc
    if "tags" in data:
        talent.tags.set(data["tags"] or [])
    return talent


def register_talent(
    *, actor, fields: dict[str, Any], service_point: Organisation | None = None
) -> Talent:
    """Register a talent: a walk-in at a window, or an officer's entry for their county.

    A clerk's registration opens a window visit, so the clerk can go on serving the talent.
    """
    if not permissions.can_register_talent(actor):
        raise PermissionDenied(_("You may not register talents."))
    data = validate_talent(fields)
    if not permissions.can_register_in_county(actor, data["county"]):
        raise PermissionDenied(
            _("You may register talents only in your own county."),
            fields={"county": [_("Not your county.")]},
        )
    service_point = service_point or _clerk_service_point(actor)
    with transaction.atomic():
        talent = _save_talent(Talent(registered_by=actor, registered_at=service_point), data)
        if service_point is not None:
            WindowVisit.objects.create(service_point=service_point, clerk=actor, talent=talent)
        audit.record(
            actor,
            "talent.create",
            talent,
            changes=audit.diff({}, audit.snapshot(talent, AUDITED_FIELDS)),
        )
        hooks.talent_changed(talent)
    return talent


def update_talent(talent: Talent, *, actor, fields: dict[str, Any]) -> Talent:
    """Edit a talent's record; the audit entry lists each changed field, old → new."""
    if not permissions.can_edit_talent(actor, talent):
        raise PermissionDenied(_("You may not edit this talent."))
    data = validate_talent(fields, instance=talent)
    if data["county"].pk != talent.county_id and not permissions.can_register_in_county(
        actor, data["county"]
    ):
        raise PermissionDenied(
            _("You may move talents only within your own county."),
            fields={"county": [_("Not your county.")]},
        )
    with transaction.atomic():
        locked = Talent.objects.select_for_update().get(pk=talent.pk)
        before = audit.snapshot(locked, AUDITED_FIELDS)
        _save_talent(locked, data)
        changes = audit.diff(before, audit.snapshot(locked, AUDITED_FIELDS))
        if changes:
            audit.record(actor, "talent.update", locked, changes=changes)
        hooks.talent_changed(locked)
    return locked


@dataclass(frozen=True)
class RevealedIdentity:
    id_number: str
    mobile: str
    birth_date: date
    sex: str


def reveal_identity(talent: Talent, *, actor) -> RevealedIdentity:
    """Show one talent's full identity number and mobile: an explicit, audited act."""
    if not Talent.objects.for_actor(actor).filter(pk=talent.pk).exists():
        raise NotFound(_("Not found."))
    if not permissions.can_reveal_identity(actor, talent):
        raise PermissionDenied(_("Your role may not see full identity numbers."))
    audit.record(actor, "talent.reveal", talent, changes={"fields": ["id_number", "mobile"]})
    return RevealedIdentity(talent.id_number, talent.mobile, talent.birth_date, talent.sex)


def _clerk_service_point(actor) -> Organisation | None:
    points = sorted(roles_of(actor).organisation_ids(Role.WINDOW_CLERK))
    if not points:
        return None
    return Organisation.objects.get(pk=points[0], kind=OrganisationKind.SERVICE_POINT)


def find_for_window(
    *,
    actor,
    id_number: str = "",
    mobile: str = "",
    name: str = "",
    birth_date: date | None = None,
    related: tuple[str, ...] | None = None,
) -> list[Talent]:
    """A clerk finds a walk-in by exact identifiers; each match opens a window visit.

    No browsing: without an identity number, a mobile, or a name with a birth date, nothing
    is searched. The search is audited (with masked identifiers) whether or not it matched.
    The window's case of `finding.find_to_serve`, which other roles call too.
    """
    if not permissions.can_find_at_window(actor):
        raise PermissionDenied(_("Only window clerks find talents this way."))
    return finding.find_to_serve(
        actor=actor,
        role=Role.WINDOW_CLERK,
        id_number=id_number,
        mobile=mobile,
        name=name,
        birth_date=birth_date,
        related=related,
    )


def add_family_member(
    talent: Talent,
    *,
    actor,
    relation: str,
    name: str,
    birth_date: date | None = None,
    sex: str = "",
) -> FamilyMember:
    """Record a spouse, child or parent. A child needs a birth date (schooling depends on it)."""
    if not permissions.can_edit_talent(actor, talent) and talent.user_id != getattr(
        actor, "pk", None
    ):
        raise PermissionDenied(_("You may not edit this talent."))
    errors: dict[str, list] = {}
    if not name.strip():
        errors["name"] = [_("Enter the name.")]
    if relation not in Relation.values:
        errors["relation"] = [_("Choose the relation.")]
    if relation == Relation.CHILD and birth_date is None:
        errors["birth_date"] = [_("A child's birth date is required.")]
    if birth_date and birth_date > clock.today():
        errors["birth_date"] = [_("The birth date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        member = FamilyMember.objects.create(
            talent=talent, relation=relation, name=name.strip(), birth_date=birth_date, sex=sex
        )
        audit.record(
            actor, "talent.family_add", talent, changes=audit.diff({}, {"family": str(member)})
        )
        hooks.talent_changed(talent)
    return member


def remove_family_member(member: FamilyMember, *, actor) -> None:
    talent = member.talent
    if not permissions.can_edit_talent(actor, talent) and talent.user_id != getattr(
        actor, "pk", None
    ):
        raise PermissionDenied(_("You may not edit this talent."))
    with transaction.atomic():
        audit.record(
            actor, "talent.family_remove", talent, changes=audit.diff({"family": str(member)}, {})
        )
        member.delete()
