"""Engagement's link where an officer serves a talent (`talents.actions`): record a request
for them, for the officers and window clerks the request page allows."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rencai.talents.actions import TalentAction

from . import permissions


def record_request(actor, talent) -> TalentAction | None:
    if not permissions.can_record_for(actor):
        return None
    url = reverse("engagement:talent-request", args=[talent.pk])
    return TalentAction("record-request", _("Record a request"), url)


def register() -> None:
    from rencai.talents import actions

    actions.register_action("engagement.record_request", record_request, order=50)
