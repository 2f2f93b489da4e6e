"""A talent's expertise profile, edited on the phone."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.errors import PermissionDenied

from ..models import Expertise

FIELDS = ["profile", "open_to_projects", "share_profile", "share_education", "share_employer"]


def save_expertise(talent, *, actor, **values) -> Expertise:
    """Save what the talent writes about their expertise and what they share; only the talent
    themself (or the system) edits it."""
    if actor is not None and talent.user_id != actor.pk:
        raise PermissionDenied(_("Only the talent edits their expertise profile."))
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown expertise fields: {sorted(unknown)}")
    with transaction.atomic():
        expertise, _created = Expertise.objects.select_for_update().get_or_create(talent=talent)
        before = audit.snapshot(expertise, FIELDS)
        for name, value in values.items():
            setattr(expertise, name, value.strip() if isinstance(value, str) else value)
        expertise.full_clean()
        expertise.save()
        audit.record(
            actor,
            "projects.expertise_saved",
            expertise,
            changes=audit.diff(before, audit.snapshot(expertise, FIELDS)),
        )
    return expertise
