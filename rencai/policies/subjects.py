"""Outreach subjects: anything with an audience of talents that outreach tells once per version.

A benefit version is one kind of subject (`BENEFIT_KIND`, built in: its audience is its rule
less the talents holding it, and a 免申即享 benefit also records pending entitlements). A
service app adds its own kinds from its `AppConfig.ready()`, without `policies` importing it:

    register_outreach_subject(
        "events.event",
        model=Event,
        label=_("Event"),
        audience=lambda event: event.audience_q(),   # a Q over Talent, a Talent queryset,
                                                     # or a compiled rule (its `true_q`)
        version=lambda event: event.revision,        # a changed subject is told again
        message=lambda event: (event.title, _("…")), # (title, body), the same for everyone
        url=lambda event: event.get_absolute_url(),
        department=lambda event: event.organiser_id, # optional: the subject's department
    )

and calls `rencai.policies.services.outreach_subject("events.event", event, actor=…)` when the
subject is published. Outreach then records one `OutreachNotice` per (talent, kind, subject,
version) — never twice, however often it is published — and gives each talent told an in-app
`core.Notification` with the subject's link (addressed to the talent's record, so a talent
without an account receives it on claiming it), SMS and e-mail after commit where configured.

The message is one text per subject, not per talent: outreach writes the notifications of a
whole audience with one INSERT … SELECT (docs/decisions/0007-outreach-subjects.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.functional import Promise

from rencai.core.registry import Registry
from rencai.talents.models import Talent

BENEFIT_KIND = "policies.benefit"


def no_department(subject: Any) -> None:
    return None


@dataclass(frozen=True)
class OutreachSubject:
    kind: str
    model: type[Model]
    label: Promise | str
    audience: Callable[[Any], Any]
    version: Callable[[Any], int]
    message: Callable[[Any], tuple[str, str]]
    url: Callable[[Any], str]
    # the subject's department (an organisation's id, or None): copied onto each notice, so
    # the notices count by department (the dashboard's department filter)
    department: Callable[[Any], int | None]

    def load(self, pk: int) -> Any:
        return self.model._default_manager.get(pk=pk)

    def talents(self, subject: Any) -> QuerySet[Talent]:
        """The talents the subject's audience admits, as a queryset."""
        return audience_talents(self.audience(subject))


_subjects: Registry[OutreachSubject] = Registry("outreach subject")


def register_outreach_subject(
    kind: str,
    *,
    model: type[Model],
    label: Promise | str,
    audience: Callable[[Any], Any],
    version: Callable[[Any], int],
    message: Callable[[Any], tuple[str, str]],
    url: Callable[[Any], str],
    department: Callable[[Any], int | None] | None = None,
) -> OutreachSubject:
    """Register (or replace) a kind of subject; `kind` is a dotted name ("events.event")."""
    if kind == BENEFIT_KIND:
        raise ValueError(f"{BENEFIT_KIND!r} is outreach's own kind")
    if len(kind) > 40:
        raise ValueError("an outreach subject kind has at most 40 characters")
    entry = OutreachSubject(
        kind, model, label, audience, version, message, url, department or no_department
    )
    return _subjects.register(kind, entry)


def unregister_outreach_subject(kind: str) -> None:
    _subjects.unregister(kind)


def subject_kind(kind: str) -> OutreachSubject:
    """The registered kind (LookupError when none is)."""
    return _subjects.get(kind)


def subject_kinds() -> list[str]:
    return [BENEFIT_KIND, *_subjects.names()]


def audience_talents(audience: Any) -> QuerySet[Talent]:
    """A Q over Talent, a Talent queryset, or a compiled rule (its TRUE predicate)."""
    if isinstance(audience, QuerySet):
        return audience
    if isinstance(audience, Q):
        return Talent.objects.filter(audience)
    true_q = getattr(audience, "true_q", None)
    if isinstance(true_q, Q):
        return Talent.objects.filter(true_q)
    raise TypeError(f"an outreach audience is a Q, a Talent queryset or a rule: {audience!r}")
