"""Reads for tech projects, always scoped to the actor; the ranked candidates of a project."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from rencai.core.errors import NotFound
from rencai.core.permissions import roles_of
from rencai.talents.models import Talent

from .choices import LIVE_STATES, Answer, ProjectStatus, ProposalStatus
from .matching import Index
from .models import Expertise, Outcome, Proposal, TechProject
from .permissions import (
    can_rank,
    enterprise_ids,
    is_science_bureau,
    project_scope_q,
    proposal_scope_q,
)

# Indexes kept per (scope, talents' version); an index over 10,000 talents takes about a
# second to build and ranks a need in ~60 ms (docs/performance.md), so a handful is plenty.
INDEX_CACHE_SIZE = 4


def projects_for_actor(actor) -> QuerySet[TechProject]:
    return (
        TechProject.objects.filter(
            pk__in=TechProject.objects.filter(project_scope_q(actor)).values("pk")
        )
        .select_related("organisation", "county")
        .annotate(
            proposal_count=Count("proposals", distinct=True),
            accepted_count=Count(
                "proposals",
                filter=Q(proposals__status=ProposalStatus.ACCEPTED),
                distinct=True,
            ),
        )
    )


def get_project_for_actor(actor, pk) -> TechProject:
    try:
        return projects_for_actor(actor).get(pk=pk)
    except (TechProject.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("tech project") from exc


def proposals_for_actor(actor) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(proposal_scope_q(actor))
        .select_related(
            "project__organisation",
            "project__county",
            "talent__degree",
            "talent__title",
            "talent__employer",
            "talent__expertise",
        )
        .prefetch_related("outcomes")
    )


def get_proposal_for_actor(actor, pk) -> Proposal:
    try:
        return proposals_for_actor(actor).get(pk=pk)
    except (Proposal.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("proposal") from exc


def awaiting_answer(actor) -> QuerySet[Proposal]:
    """Proposals waiting for `actor`'s own answer (as the talent, or for their enterprise)."""
    q = Q(talent__user_id=actor.pk, talent_answer=Answer.PENDING)
    mine = enterprise_ids(actor)
    if mine:
        q |= Q(project__organisation_id__in=mine, enterprise_answer=Answer.PENDING)
    return proposals_for_actor(actor).filter(q, status=ProposalStatus.PROPOSED)


def projects_needing_matches(actor) -> QuerySet[TechProject]:
    """Open projects with no live proposal."""
    live = Proposal.objects.filter(status__in=LIVE_STATES).values("project_id")
    return projects_for_actor(actor).filter(status=ProjectStatus.OPEN).exclude(pk__in=live)


def outcomes_for_actor(actor) -> QuerySet[Outcome]:
    return Outcome.objects.filter(
        proposal__in=Proposal.objects.filter(proposal_scope_q(actor)).values("pk")
    )


# Expertise ------------------------------------------------------------------------------------


def expertise_text(talent: Talent) -> str:
    """What the ranker reads of a talent: education, title, employer and their own profile."""
    expertise = getattr(talent, "expertise", None) if _has_expertise(talent) else None
    parts = [
        talent.major,
        talent.degree.name if talent.degree_id else "",
        talent.title.name if talent.title_id else "",
        talent.employer.name if talent.employer_id else "",
        expertise.profile if expertise else "",
    ]
    return "\n".join(p for p in parts if p)


def _has_expertise(talent: Talent) -> bool:
    try:
        talent.expertise  # noqa: B018
    except Expertise.DoesNotExist:
        return False
    return True


def expertise_of(talent: Talent) -> Expertise:
    """The talent's expertise row, or an unsaved default one."""
    if _has_expertise(talent):
        return talent.expertise
    return Expertise(talent=talent)


def candidates_for_actor(actor) -> QuerySet[Talent]:
    """The talents `actor` may rank: those they may see, and — for the science bureau — those
    who said they are open to tech projects; never one who opted out."""
    if not can_rank(actor):
        return Talent.objects.none()
    pool = Q(pk__in=Talent.objects.for_actor(actor).values("pk"))
    if is_science_bureau(actor):
        pool |= Q(expertise__open_to_projects=True)
    return (
        Talent.objects.filter(pool)
        .exclude(expertise__open_to_projects=False)
        .select_related("degree", "title", "employer", "expertise")
    )


_cache: OrderedDict[tuple, tuple[Index, dict[int, Talent]]] = OrderedDict()
_cache_lock = threading.Lock()


def _cache_key(actor, talents: QuerySet[Talent]) -> tuple:
    """The actor's scope and the version of the talents it covers: any edit of a talent or an
    expertise profile, an addition or a removal changes it."""
    roles = roles_of(actor)
    version = talents.aggregate(
        n=Count("pk"), t=Max("updated_at"), e=Max("expertise__updated_at"), top=Max("pk")
    )
    scope = tuple(sorted((s.role, s.division_id, s.organisation_id) for s in roles.scopes))
    return (scope, version["n"], version["t"], version["e"], version["top"])


def index_for_actor(actor) -> tuple[Index, dict[int, Talent]]:
    """The ranking index over the actor's candidates, rebuilt when they change."""
    talents = candidates_for_actor(actor)
    key = _cache_key(actor, talents)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    loaded = {t.pk: t for t in talents}
    entry = (Index([(pk, expertise_text(t)) for pk, t in loaded.items()]), loaded)
    with _cache_lock:
        _cache[key] = entry
        while len(_cache) > INDEX_CACHE_SIZE:
            _cache.popitem(last=False)
    return entry


def clear_index_cache() -> None:
    with _cache_lock:
        _cache.clear()


@dataclass(frozen=True)
class RankedCandidate:
    talent: Talent
    score: float
    reasons: tuple[str, ...]
    proposal: Proposal | None


def ranked_candidates(actor, project: TechProject, *, limit: int = 20) -> list[RankedCandidate]:
    """The best talents for `project` among those `actor` may see, with the matched terms and
    any live proposal already made; nothing for actors who may not rank."""
    if not can_rank(actor):
        return []
    index, talents = index_for_actor(actor)
    ranked = index.rank(f"{project.title}\n{project.need}", limit=limit)
    live = {
        p.talent_id: p
        for p in Proposal.objects.filter(
            project=project, talent_id__in=[c.key for c in ranked], status__in=LIVE_STATES
        )
    }
    return [
        RankedCandidate(talents[int(c.key)], c.score, c.reasons, live.get(int(c.key)))
        for c in ranked
    ]


def shared_view(talent: Talent) -> dict[str, str]:
    """What an enterprise contact sees of a proposed talent: the name and what they share."""
    expertise = expertise_of(talent)
    view = {"name": talent.name}
    if expertise.share_education:
        view["major"] = talent.major
        view["degree"] = talent.degree.name if talent.degree_id else ""
        view["title"] = talent.title.name if talent.title_id else ""
    if expertise.share_employer:
        view["employer"] = talent.employer.name if talent.employer_id else ""
    if expertise.share_profile:
        view["profile"] = expertise.profile
    return view
