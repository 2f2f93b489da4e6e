"""Reads of the catalogue and of entitlements (entitlements always scoped to the actor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.errors import NotFound
from rencai.core.permissions import roles_of
from rencai.talents.models import Talent

from .choices import VersionStatus
from .models import Benefit, BenefitVersion, Entitlement, Policy


def _not_found() -> NotFound:
    return NotFound(_("Not found."))


# --- versions -----------------------------------------------------------------------------


def published_versions(benefit: Benefit | int) -> QuerySet[BenefitVersion]:
    return BenefitVersion.objects.filter(benefit=benefit, status=VersionStatus.PUBLISHED)


def current_version(benefit: Benefit | int, on: date) -> BenefitVersion | None:
    """The version in force on `on`: the published one with the latest effective date ≤ on.

    Two versions effective the same day: the later-published (higher number) wins.
    """
    return (
        published_versions(benefit)
        .filter(effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )


def latest_published(benefit: Benefit | int) -> BenefitVersion | None:
    return published_versions(benefit).order_by("-number").first()


def draft_of(benefit: Benefit | int) -> BenefitVersion | None:
    return BenefitVersion.objects.filter(benefit=benefit, status=VersionStatus.DRAFT).first()


def current_versions(
    on: date, benefits: QuerySet[Benefit] | None = None
) -> dict[int, BenefitVersion]:
    """benefit id → the version in force on `on`, for many benefits in one query."""
    in_force = (
        BenefitVersion.objects.filter(
            benefit=OuterRef("benefit"),
            status=VersionStatus.PUBLISHED,
            effective_from__lte=on,
        )
        .order_by("-effective_from", "-number")
        .values("pk")[:1]
    )
    versions = BenefitVersion.objects.filter(pk=Subquery(in_force))
    if benefits is not None:
        versions = versions.filter(benefit__in=benefits)
    return {v.benefit_id: v for v in versions}


# --- the catalogue ------------------------------------------------------------------------


def policies_with_benefits() -> QuerySet[Policy]:
    return Policy.objects.prefetch_related(
        Prefetch("benefits", queryset=Benefit.objects.select_related("owning_department"))
    ).order_by("category", "-effective_from", "title")


def benefits_in_force(on: date) -> QuerySet[Benefit]:
    """Active benefits whose policy is in force on `on` (a published version is checked apart)."""
    return (
        Benefit.objects.filter(is_active=True, policy__effective_from__lte=on)
        .filter(Q(policy__expires_on__isnull=True) | Q(policy__expires_on__gte=on))
        .select_related("policy", "owning_department", "paying_department")
    )


@dataclass(frozen=True)
class CurrentBenefit:
    benefit: Benefit
    version: BenefitVersion


def current_benefits(on: date) -> list[CurrentBenefit]:
    """Benefits in force on `on` with a published version in force: what the handbook shows."""
    benefits = list(benefits_in_force(on).order_by("policy__category", "audience", "name"))
    versions = current_versions(on, Benefit.objects.filter(pk__in=[b.pk for b in benefits]))
    return [CurrentBenefit(b, versions[b.pk]) for b in benefits if b.pk in versions]


def get_benefit(pk) -> Benefit:
    try:
        return Benefit.objects.select_related(
            "policy", "owning_department", "paying_department"
        ).get(pk=pk)
    except (Benefit.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


def get_policy(pk) -> Policy:
    try:
        return Policy.objects.get(pk=pk)
    except (Policy.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


def benefit_by_code(code: str) -> Benefit | None:
    return Benefit.objects.filter(code=code).select_related("policy").first()


# --- entitlements -------------------------------------------------------------------------


def entitlement_scope_q(actor) -> Q:
    """The entitlements an actor may see, decided per entitlement (ROLES.md).

    City-wide roles see all; a county officer those of their county's talents; a clerk those
    of the talents they serve today; a talent their own. A department officer sees only the
    entitlements of benefits their department owns or pays, and only for talents they see
    through a record of their own (a case, booking, application or loan): never another
    department's benefits, and a pending 免申即享 entitlement alone opens no one
    (`visibility.owning_department_officers`).
    """
    from rencai.talents.providers import clerk_serving_q

    roles = roles_of(actor)
    if roles.is_city_wide:
        return Q()
    grants: list[Q] = []
    if counties := roles.division_ids(Role.COUNTY_OFFICER):
        grants.append(Q(talent__county_id__in=sorted(counties)))
    if roles.has(Role.TALENT):
        grants.append(Q(talent__user_id=actor.pk))
    if (serving := clerk_serving_q(actor, roles)) is not None:
        grants.append(Q(talent__in=Talent.objects.filter(serving).values("pk")))
    if departments := sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER)):
        theirs = Q(benefit__owning_department_id__in=departments) | Q(
            benefit__paying_department_id__in=departments
        )
        grants.append(theirs & Q(talent__in=Talent.objects.for_actor(actor).values("pk")))
    if not grants:
        return Q(pk__in=[])  # NOBODY, on entitlements
    combined = grants[0]
    for grant in grants[1:]:
        combined |= grant
    return combined


def entitlements_for_actor(actor) -> QuerySet[Entitlement]:
    """The entitlements the actor may see (`entitlement_scope_q`)."""
    entitlements = Entitlement.objects.select_related(
        "talent", "talent__county", "benefit", "version"
    )
    return entitlements.filter(entitlement_scope_q(actor))


def get_entitlement_for_actor(actor, pk) -> Entitlement:
    try:
        return entitlements_for_actor(actor).get(pk=pk)
    except (Entitlement.DoesNotExist, ValueError, TypeError) as exc:
        raise _not_found() from exc


def entitlements_of(talent: Talent, actor) -> QuerySet[Entitlement]:
    """One talent's entitlements that the actor may see (the caller has checked the talent
    is visible; a department officer still sees only their department's)."""
    return (
        Entitlement.objects.filter(talent=talent)
        .filter(entitlement_scope_q(actor))
        .select_related("benefit", "version")
    )


def entitlement_counts(benefit: Benefit, actor) -> dict[str, int]:
    """state → number of the benefit's entitlements the actor may see (counts only)."""
    rows = (
        Entitlement.objects.filter(benefit=benefit)
        .filter(entitlement_scope_q(actor))
        .values("state")
        .annotate(n=Count("id"))
    )
    return {row["state"]: row["n"] for row in rows}


def exclusive_partners(benefit: Benefit) -> list[Benefit]:
    """The other benefits of `benefit`'s exclusivity group (a talent holds one of them):
    how the group reads to a person, by their names."""
    if not benefit.exclusivity_group:
        return []
    return list(
        Benefit.objects.filter(exclusivity_group=benefit.exclusivity_group)
        .exclude(pk=benefit.pk)
        .order_by("name")
    )
