"""The policy catalogue: policies, benefits, and their versions (draft → published).

A benefit is the lineage; each `BenefitVersion` is one set of rule, amount and terms. A
benefit has at most one draft. Editing starts a draft (a copy of the latest published
version) when there is none; publishing the draft makes it the version in force from its
effective date, and leaves every earlier version — and the entitlements recorded under
them — as they were. Rules and amounts are checked with the rule language when saved, each
error carrying the path to the offending node.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from rencai.core import audit, clock
from rencai.core.errors import Conflict, PermissionDenied

from .. import permissions, selectors
from ..choices import VersionStatus
from ..evaluation import amount_errors, rule_errors
from ..models import Benefit, BenefitVersion, Policy
from . import outreach

POLICY_FIELDS = [
    "title",
    "issuing_body",
    "document_number",
    "category",
    "effective_from",
    "expires_on",
    "full_text",
    "link",
    "is_example",
]
BENEFIT_FIELDS = [
    "code",
    "name",
    "summary",
    "audience",
    "owning_department",
    "paying_department",
    "exclusivity_group",
    "no_application",
    "covers_family",
    "periodicity",
    "months",
    "documents",
    "time_target",
    "time_unit",
    "is_active",
]
DRAFT_FIELDS = ["rule", "amount", "to_confirm", "effective_from", "note"]
NO_AMOUNT = {"kind": "none"}


def _apply(instance, fields: dict[str, Any], names: list[str]) -> None:
    for name in names:
        if name in fields:
            setattr(instance, name, fields[name])


def _full_clean(instance, *, constraints: bool = True) -> None:
    try:
        instance.full_clean(validate_constraints=constraints)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None


# --- policies -----------------------------------------------------------------------------


def create_policy(*, actor, fields: dict[str, Any]) -> Policy:
    """Add a policy document (task force and city administrators)."""
    if not permissions.can_edit_policy(actor):
        raise PermissionDenied(_("You may not manage the policy catalogue."))
    policy = Policy()
    _apply(policy, fields, POLICY_FIELDS)
    _full_clean(policy)
    with transaction.atomic():
        policy.save()
        audit.record(
            actor,
            "policy.create",
            policy,
            changes=audit.diff({}, audit.snapshot(policy, POLICY_FIELDS)),
        )
    return policy


def update_policy(policy: Policy, *, actor, fields: dict[str, Any]) -> Policy:
    """Edit a policy's title, dates, links; the audit entry lists what changed."""
    if not permissions.can_edit_policy(actor, policy):
        raise PermissionDenied(_("You may not manage the policy catalogue."))
    with transaction.atomic():
        locked = Policy.objects.select_for_update().get(pk=policy.pk)
        before = audit.snapshot(locked, POLICY_FIELDS)
        _apply(locked, fields, POLICY_FIELDS)
        _full_clean(locked)
        locked.save()
        changes = audit.diff(before, audit.snapshot(locked, POLICY_FIELDS))
        if changes:
            audit.record(actor, "policy.update", locked, changes=changes)
    return locked


# --- benefits -----------------------------------------------------------------------------


def _clean_list(values: Any, field: str) -> list[str]:
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = values.splitlines()
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ValidationError({field: [_("Enter a list of texts.")]})
    cleaned = [v.strip() for v in values if v.strip()]
    if any(len(v) > 200 for v in cleaned):
        raise ValidationError({field: [_("Each line may have at most 200 characters.")]})
    return cleaned


def _check_benefit(benefit: Benefit) -> None:
    benefit.documents = _clean_list(benefit.documents, "documents")
    benefit.months = benefit.months if benefit.periodicity == "monthly" else None
    _full_clean(benefit, constraints=False)
    # Checked here too: the database CHECK lets a monthly benefit with no months through
    # (NULL >= 1 is unknown, and a CHECK passes on unknown).
    if benefit.periodicity == "monthly" and not benefit.months:
        raise ValidationError({"months": [_("A monthly benefit needs a number of months.")]})


def create_benefit(
    policy: Policy,
    *,
    actor,
    fields: dict[str, Any],
    draft: dict[str, Any] | None = None,
) -> Benefit:
    """Add a benefit to a policy, with its first draft version (rule and amount checked)."""
    owning = fields.get("owning_department")
    if not permissions.can_create_benefit(actor, getattr(owning, "pk", None)):
        raise PermissionDenied(_("You may add benefits only for your own department."))
    benefit = Benefit(policy=policy)
    _apply(benefit, fields, BENEFIT_FIELDS)
    _check_benefit(benefit)
    version = BenefitVersion(
        number=1,
        status=VersionStatus.DRAFT,
        rule={},
        amount=NO_AMOUNT,
        effective_from=max(policy.effective_from, clock.today()),
        created_by=audit.acting_user(actor),
    )
    _apply_draft(version, draft or {})
    with transaction.atomic():
        try:
            with transaction.atomic():
                benefit.save()
        except IntegrityError:
            raise Conflict(_("A benefit with this code already exists.")) from None
        version.benefit = benefit
        version.save()
        audit.record(
            actor,
            "benefit.create",
            benefit,
            changes=audit.diff({}, audit.snapshot(benefit, BENEFIT_FIELDS)),
        )
    return benefit


def update_benefit(benefit: Benefit, *, actor, fields: dict[str, Any]) -> Benefit:
    """Edit the lineage's terms (name, summary, documents, department, group …).

    Moving a benefit to another department is for catalogue managers only. A changed
    exclusivity group applies to entitlements recorded from now on.
    """
    if not permissions.can_edit_benefit(actor, benefit):
        raise PermissionDenied(_("Only the owning department or the task force edit this."))
    moving = "owning_department" in fields and fields["owning_department"] != (
        benefit.owning_department
    )
    if moving and not permissions.can_manage_catalogue(actor):
        raise PermissionDenied(_("Only the task force moves a benefit to another department."))
    with transaction.atomic():
        locked = Benefit.objects.select_for_update().get(pk=benefit.pk)
        before = audit.snapshot(locked, BENEFIT_FIELDS)
        _apply(locked, fields, BENEFIT_FIELDS)
        _check_benefit(locked)
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise Conflict(_("A benefit with this code already exists.")) from None
        changes = audit.diff(before, audit.snapshot(locked, BENEFIT_FIELDS))
        if changes:
            audit.record(actor, "benefit.update", locked, changes=changes)
    return locked


# --- versions -----------------------------------------------------------------------------


def _apply_draft(version: BenefitVersion, fields: dict[str, Any]) -> None:
    """Set and check the draft's fields; raise ValidationError keyed by field."""
    _apply(version, fields, DRAFT_FIELDS)
    errors: dict[str, list[str]] = {}
    if version.rule is None:
        version.rule = {}
    if version.rule != {}:
        errors.update({"rule": messages} if (messages := rule_errors(version.rule)) else {})
    if version.amount in (None, {}):
        version.amount = dict(NO_AMOUNT)
    if messages := amount_errors(version.amount):
        errors["amount"] = messages
    try:
        version.to_confirm = _clean_list(version.to_confirm, "to_confirm")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    version.note = (version.note or "").strip()
    if len(version.note) > 200:
        errors["note"] = [str(_("At most 200 characters."))]
    if not isinstance(version.effective_from, date):
        errors["effective_from"] = [str(_("Enter a date."))]
    if errors:
        raise ValidationError(errors)


def start_draft(benefit: Benefit, *, actor) -> BenefitVersion:
    """Open the next draft: a copy of the latest published version (or the existing draft)."""
    if not permissions.can_edit_benefit(actor, benefit):
        raise PermissionDenied(_("Only the owning department or the task force edit this."))
    with transaction.atomic():
        Benefit.objects.select_for_update().get(pk=benefit.pk)
        existing = selectors.draft_of(benefit)
        if existing is not None:
            return existing
        latest = selectors.latest_published(benefit)
        number = (benefit.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        today = clock.today()
        draft = BenefitVersion.objects.create(
            benefit=benefit,
            number=number,
            status=VersionStatus.DRAFT,
            rule=latest.rule if latest else {},
            amount=latest.amount if latest else dict(NO_AMOUNT),
            to_confirm=list(latest.to_confirm) if latest else [],
            effective_from=max(today, latest.effective_from) if latest else today,
            created_by=audit.acting_user(actor),
        )
        audit.record(
            actor,
            "benefit.draft",
            draft,
            changes={"from_version": latest.number if latest else None},
        )
    return draft


def update_draft(benefit: Benefit, *, actor, fields: dict[str, Any]) -> BenefitVersion:
    """Edit the draft's rule, amount, conditions to confirm, effective date or note.

    Starts a draft if there is none. A rule or amount that the rule language refuses raises
    ValidationError({"rule": ["<path>: <message>", …]}) and nothing is saved.
    """
    if not permissions.can_edit_benefit(actor, benefit):
        raise PermissionDenied(_("Only the owning department or the task force edit this."))
    with transaction.atomic():
        draft = start_draft(benefit, actor=actor)
        locked = BenefitVersion.objects.select_for_update().get(pk=draft.pk)
        before = audit.snapshot(locked, DRAFT_FIELDS)
        _apply_draft(locked, fields)
        locked.save(update_fields=DRAFT_FIELDS)
        changes = audit.diff(before, audit.snapshot(locked, DRAFT_FIELDS))
        if changes:
            audit.record(actor, "benefit.draft_update", locked, changes=changes)
    return locked


def publish_draft(benefit: Benefit, *, actor, effective_from: date | None = None) -> BenefitVersion:
    """Publish the draft: in force from its effective date, never changed again.

    The draft needs a rule; rule and amount are checked again (the catalogues may have
    changed since it was saved), and the effective date may not precede the latest
    published version's, so versions stay in order of time.
    """
    if not permissions.can_publish_benefit(actor, benefit):
        raise PermissionDenied(_("Only the owning department or the task force publish this."))
    with transaction.atomic():
        Benefit.objects.select_for_update().get(pk=benefit.pk)
        draft = selectors.draft_of(benefit)
        if draft is None:
            raise ValidationError({NON_FIELD_ERRORS: [_("There is no draft to publish.")]})
        if effective_from is not None:
            draft.effective_from = effective_from
        _apply_draft(draft, {})
        if not draft.rule:
            raise ValidationError({"rule": [_("Write the eligibility rule before publishing.")]})
        latest = selectors.latest_published(benefit)
        if latest is not None and draft.effective_from < latest.effective_from:
            raise ValidationError(
                {
                    "effective_from": [
                        _("The new version cannot take effect before version %(n)s (%(d)s).")
                        % {"n": latest.number, "d": latest.effective_from.isoformat()}
                    ]
                }
            )
        draft.status = VersionStatus.PUBLISHED
        draft.published_at = clock.now()
        draft.published_by = audit.acting_user(actor)
        draft.save(update_fields=["status", "published_at", "published_by", *DRAFT_FIELDS])
        audit.record(
            actor,
            "benefit.publish",
            draft,
            changes={
                "number": draft.number,
                "effective_from": draft.effective_from.isoformat(),
                "previous": latest.number if latest else None,
            },
        )
        # Outreach for the new version, queued when this commits (if in force today).
        outreach.queue_after_publish(draft, actor=actor)
    return draft
