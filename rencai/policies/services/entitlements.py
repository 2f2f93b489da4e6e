"""Entitlements: that a talent holds, or has applied for, a benefit — and its life.

An entitlement records the benefit version in force when it was granted (or today), and the
benefit's exclusivity group at that moment; two partial unique indexes allow at most one live
entitlement (any state but rejected or withdrawn) per talent and benefit, and per talent and
group. Its life is one table, `TRANSITIONS`:

    pending  → granted | rejected | withdrawn
    granted  → paid | ended | withdrawn
    paid     → ended
    ended, rejected, withdrawn: final

`pending` is an application (or an outreach find) not yet decided; `granted` is decided
but not (yet) paid — or a benefit in kind (an apartment, the green channel); `paid` is money
paid (periodic benefits: paid at least once); `ended` is a benefit run its course (the term
is over, the tenancy has ended). Dead entitlements never come back to life: a new
application is a new entitlement, so the history stays as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from rencai.core import audit, clock
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.money import MAX_FEN
from rencai.talents.models import FamilyMember, Talent

from .. import permissions, selectors
from ..choices import DEAD_STATES, EntitlementSource, EntitlementState
from ..models import Benefit, BenefitVersion, Entitlement

S = EntitlementState
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.GRANTED, S.REJECTED, S.WITHDRAWN}),
    S.GRANTED: frozenset({S.PAID, S.ENDED, S.WITHDRAWN}),
    S.PAID: frozenset({S.ENDED}),
    S.ENDED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
# States that mean the benefit was given: they carry the date it was granted.
GIVEN_STATES = frozenset({S.GRANTED, S.PAID, S.ENDED})

DUPLICATE_BENEFIT = _("This talent already holds or has applied for this benefit.")
DUPLICATE_GROUP = _(
    "This talent already holds or has applied for %(benefit)s, which cannot be combined "
    "with this benefit."
)
NO_VERSION = _("No published version of this benefit was in force on that date.")
AUDITED_FIELDS = ["state", "amount_fen", "granted_on", "ended_on", "note"]


def allowed_transitions(state: str) -> frozenset[str]:
    return TRANSITIONS.get(state, frozenset())


def live_conflict(
    talent: Talent,
    benefit: Benefit,
    *,
    group: str | None = None,
    beneficiary: FamilyMember | None = None,
) -> str | None:
    """The message explaining why a new live entitlement would be refused, or None.

    Live entitlements are counted per beneficiary: the talent, or one family member.
    """
    live = Entitlement.objects.live().filter(talent=talent, beneficiary=beneficiary)
    if live.filter(benefit=benefit).exists():
        return str(DUPLICATE_BENEFIT)
    group = benefit.exclusivity_group if group is None else group
    if group:
        other = live.filter(exclusivity_group=group).select_related("benefit").first()
        if other is not None:
            return str(DUPLICATE_GROUP % {"benefit": other.benefit.name})
    return None


def plain_explanation(explanation: Any, text: Callable[[Any], str] = str) -> dict[str, Any]:
    """An `Explanation` (or its dict) as plain JSON: labels may be lazy translations.
    `text` turns a label into str (`translated_text()`: each lazy label translated once)."""
    if explanation is None:
        return {}
    if hasattr(explanation, "to_dict"):
        return explanation.to_dict(text)  # plain JSON data already
    return json.loads(json.dumps(explanation, cls=DjangoJSONEncoder, ensure_ascii=False))


def translated_text() -> Callable[[Any], str]:
    """`str` for labels, remembering each lazy translation's text: for one response that
    shows many explanations of the same facts (the labels are the same few objects)."""
    memo: dict[int, tuple[Any, str]] = {}

    def text(value: Any) -> str:
        if type(value) is str:
            return value
        key = id(value)
        if key not in memo:
            memo[key] = (value, str(value))  # the value is kept: its id is not reused
        return memo[key][1]

    return text


def version_on(benefit: Benefit, day: date) -> BenefitVersion:
    """The version in force on `day`; ValidationError if none was."""
    version = selectors.current_version(benefit, day)
    if version is None:
        raise ValidationError({"granted_on": [NO_VERSION]})
    return version


def _visible(actor, talent: Talent) -> bool:
    return actor is None or Talent.objects.for_actor(actor).filter(pk=talent.pk).exists()


def record_entitlement(
    talent: Talent,
    benefit: Benefit,
    *,
    actor,
    state: str = EntitlementState.PENDING,
    source: str = EntitlementSource.OFFICER,
    amount_fen: int | None = None,
    granted_on: date | None = None,
    ended_on: date | None = None,
    note: str = "",
    explanation: Any = None,
    beneficiary: FamilyMember | None = None,
) -> Entitlement:
    """Record that `talent` holds (or has applied for) `benefit`.

    `beneficiary` names the family member it is delivered to (None: the talent), for a
    benefit that covers family.

    Officers record benefits given before Rencai (source officer or import); the desk and
    outreach record applications and finds (source desk / outreach, actor None for system
    jobs), with the `Explanation` of the eligibility decision where there is one. The version
    is the one in force on `granted_on` (today when not given), and the exclusivity group is
    copied from the benefit. A second live entitlement of the same
    benefit or group raises Conflict (409).
    """
    if not _visible(actor, talent):
        raise NotFound(_("Not found."))
    if not permissions.can_record_entitlement(actor, talent, benefit):
        raise PermissionDenied(_("You may not record this benefit for this talent."))
    entitlement = build_entitlement(
        talent,
        benefit,
        state=state,
        source=source,
        amount_fen=amount_fen,
        granted_on=granted_on,
        ended_on=ended_on,
        note=note,
        explanation=explanation,
        actor=actor,
        beneficiary=beneficiary,
    )
    with transaction.atomic():
        save_new(entitlement)
        audit.record(
            actor,
            "entitlement.record",
            entitlement,
            changes=audit.diff(
                {},
                {
                    "benefit": benefit.code,
                    "version": entitlement.version.number,
                    **audit.snapshot(entitlement, AUDITED_FIELDS),
                },
            ),
        )
    return entitlement


def build_entitlement(
    talent: Talent,
    benefit: Benefit,
    *,
    state: str,
    source: str,
    amount_fen: int | None = None,
    granted_on: date | None = None,
    ended_on: date | None = None,
    note: str = "",
    explanation: Any = None,
    actor=None,
    version: BenefitVersion | None = None,
    beneficiary: FamilyMember | None = None,
) -> Entitlement:
    """A checked, unsaved entitlement (the importer builds many before saving any).

    `version` is the version in force on the grant date (today), looked up when not given.
    """
    errors: dict[str, list] = {}
    if state not in EntitlementState.values:
        errors["state"] = [_("Unknown state.")]
    if source not in EntitlementSource.values:
        errors["source"] = [_("Unknown source.")]
    if amount_fen is not None and amount_fen < 0:
        errors["amount"] = [_("The amount cannot be negative.")]
    if amount_fen is not None and amount_fen > MAX_FEN:
        errors["amount"] = [_("The amount is too large.")]
    today = clock.today()
    if granted_on is None and state in GIVEN_STATES:
        granted_on = today
    if granted_on is not None and granted_on > today:
        errors["granted_on"] = [_("The date cannot be in the future.")]
    if state == S.ENDED and ended_on is None:
        ended_on = today
    if ended_on is not None and granted_on is not None and ended_on < granted_on:
        errors["ended_on"] = [_("A benefit cannot end before it was granted.")]
    if len(note or "") > 200:
        errors["note"] = [_("At most 200 characters.")]
    if beneficiary is not None and beneficiary.talent_id != talent.pk:
        errors["beneficiary"] = [_("The beneficiary must be a family member of the talent.")]
    elif beneficiary is not None and not benefit.covers_family:
        errors["beneficiary"] = [_("This benefit does not cover family members.")]
    if errors:
        raise ValidationError(errors)
    version = version or version_on(benefit, granted_on or today)
    return Entitlement(
        talent=talent,
        beneficiary=beneficiary,
        benefit=benefit,
        version=version,
        exclusivity_group=benefit.exclusivity_group,
        state=state,
        source=source,
        amount_fen=amount_fen,
        explanation=plain_explanation(explanation),
        granted_on=granted_on,
        ended_on=ended_on,
        note=(note or "").strip(),
        recorded_by=audit.acting_user(actor),
    )


def save_new(entitlement: Entitlement) -> None:
    """Insert; the partial unique indexes decide races, answered as Conflict (409)."""
    if entitlement.state not in DEAD_STATES:
        message = live_conflict(
            entitlement.talent,
            entitlement.benefit,
            group=entitlement.exclusivity_group,
            beneficiary=entitlement.beneficiary,
        )
        if message:
            raise Conflict(message, code="entitlement_exists")
    try:
        with transaction.atomic():
            entitlement.save()
    except IntegrityError:
        message = live_conflict(
            entitlement.talent,
            entitlement.benefit,
            group=entitlement.exclusivity_group,
            beneficiary=entitlement.beneficiary,
        )
        raise Conflict(message or DUPLICATE_BENEFIT, code="entitlement_exists") from None


def transition_entitlement(
    entitlement: Entitlement,
    *,
    actor,
    to_state: str,
    on: date | None = None,
    amount_fen: int | None = None,
    note: str = "",
) -> Entitlement:
    """Move an entitlement to `to_state` if `TRANSITIONS` allows it; audited.

    Granting sets the grant date (today unless `on`), ending sets the end date; an amount
    may be set on granting or paying.
    """
    if not _visible(actor, entitlement.talent):
        raise NotFound(_("Not found."))
    if not permissions.can_change_entitlement(actor, entitlement):
        raise PermissionDenied(_("You may not change this entitlement."))
    day = on or clock.today()
    with transaction.atomic():
        locked = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
        if to_state not in allowed_transitions(locked.state):
            raise ValidationError(
                {
                    "to_state": [
                        _("An entitlement cannot go from %(from)s to %(to)s.")
                        % {
                            "from": EntitlementState(locked.state).label,
                            "to": EntitlementState(to_state).label
                            if to_state in EntitlementState.values
                            else to_state,
                        }
                    ]
                }
            )
        before = audit.snapshot(locked, AUDITED_FIELDS)
        locked.state = to_state
        if to_state == S.GRANTED and locked.granted_on is None:
            locked.granted_on = day
        if to_state == S.ENDED:
            locked.ended_on = day
        if amount_fen is not None and to_state in (S.GRANTED, S.PAID):
            if amount_fen < 0:
                raise ValidationError({"amount": [_("The amount cannot be negative.")]})
            locked.amount_fen = amount_fen
        if note:
            locked.note = note.strip()[:200]
        locked.save(update_fields=[*AUDITED_FIELDS, "updated_at"])
        audit.record(
            actor,
            "entitlement.transition",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, AUDITED_FIELDS)),
        )
    return locked
