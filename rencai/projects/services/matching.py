"""Match proposals: the science bureau proposes, each side answers, outcomes are recorded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.choices import Role
from rencai.core.errors import Conflict, PermissionDenied
from rencai.core.models import RoleAssignment
from rencai.core.notifications import notify

from ..choices import Answer, OutcomeKind, ProjectStatus, ProposalStatus, Side
from ..errors import ProjectError
from ..matching import Index
from ..models import Outcome, Proposal, TechProject
from ..permissions import answer_side, can_propose, can_record_outcome, can_withdraw
from ..selectors import expertise_text


def propose_match(project: TechProject, talent, *, actor, note: str = "") -> Proposal:
    """Propose `talent` for `project`, keeping the relevance score and the matched terms the
    proposer saw. One live proposal per (project, talent): the database refuses a second."""
    if actor is not None and not can_propose(actor):
        raise PermissionDenied(_("Only the science bureau proposes matches."))
    candidate = Index([(talent.pk, expertise_text(talent))]).rank(
        f"{project.title}\n{project.need}", limit=1
    )
    with transaction.atomic():
        locked = TechProject.objects.select_for_update().get(pk=project.pk)
        if locked.status != ProjectStatus.OPEN:
            raise Conflict(_("This project is closed."), code=ProjectError.PROJECT_CLOSED)
        try:
            with transaction.atomic():
                proposal = Proposal.objects.create(
                    project=locked,
                    talent=talent,
                    proposed_on=clock.today(),
                    score=candidate[0].score if candidate else 0.0,
                    reasons=list(candidate[0].reasons) if candidate else [],
                    note=note.strip(),
                    proposed_by=audit.acting_user(actor),
                )
        except IntegrityError:
            raise Conflict(
                _("This talent is already proposed for this project."),
                code=ProjectError.ALREADY_PROPOSED,
            ) from None
        if locked.first_proposed_on is None:
            locked.first_proposed_on = proposal.proposed_on
            locked.save(update_fields=["first_proposed_on", "updated_at"])
        audit.record(
            actor,
            "projects.match_proposed",
            proposal,
            changes={"project": locked.title, "talent": talent.name, "reasons": proposal.reasons},
        )
        _tell_both_sides(proposal)
    return proposal


def _tell_both_sides(proposal: Proposal) -> None:
    """The talent (in the app and by SMS) and the enterprise's contacts (in the app)."""
    link = reverse("projects:proposal-detail", args=[proposal.pk])
    project = proposal.project
    notify(
        title=_("You are proposed for a tech project of %(org)s")
        % {"org": project.organisation.name},
        body=project.title,
        link=link,
        user=proposal.talent.user,
        subject=proposal,
        mobile=proposal.talent.mobile,
    )
    contacts = RoleAssignment.objects.filter(
        role=Role.ENTERPRISE_CONTACT, organisation_id=project.organisation_id
    ).select_related("user")
    for assignment in contacts:
        notify(
            title=_("A talent is proposed for your project %(project)s")
            % {"project": project.title},
            link=link,
            user=assignment.user,
            subject=proposal,
        )


def _lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("project", "talent")
        .get(pk=proposal.pk)
    )


def answer_proposal(
    proposal: Proposal, *, actor, accept: bool, side: str | None = None
) -> Proposal:
    """The talent or the enterprise contact accepts or declines. Both accepting makes the
    proposal accepted; either declining ends it. The side comes from who the actor is (the
    system names it)."""
    with transaction.atomic():
        locked = _lock(proposal)
        side = answer_side(actor, locked) if actor is not None else side
        if side is None:
            raise PermissionDenied(_("You may not answer this proposal."))
        if locked.status != ProposalStatus.PROPOSED:
            raise Conflict(_("This proposal is no longer open."), code=ProjectError.NOT_LIVE)
        field = "talent_answer" if side == Side.TALENT else "enterprise_answer"
        if getattr(locked, field) != Answer.PENDING:
            raise Conflict(_("This side has already answered."), code=ProjectError.ALREADY_ANSWERED)
        before = audit.snapshot(locked, ["status", field])
        today = clock.today()
        setattr(locked, field, Answer.ACCEPTED if accept else Answer.DECLINED)
        setattr(locked, f"{side}_answered_on", today)
        changed = [field, f"{side}_answered_on", "updated_at"]
        if not accept:
            locked.status, locked.closed_on = ProposalStatus.DECLINED, today
            changed += ["status", "closed_on"]
        elif locked.talent_answer == locked.enterprise_answer == Answer.ACCEPTED:
            locked.status, locked.accepted_on = ProposalStatus.ACCEPTED, today
            changed += ["status", "accepted_on"]
        locked.save(update_fields=changed)
        audit.record(
            actor,
            "projects.proposal_accepted" if accept else "projects.proposal_declined",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, ["status", field])),
        )
    return locked


def withdraw_proposal(proposal: Proposal, *, actor, note: str = "") -> Proposal:
    """The science bureau withdraws a proposal still awaiting answers."""
    if actor is not None and not can_withdraw(actor, proposal):
        raise PermissionDenied(_("Only the science bureau withdraws proposals."))
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status != ProposalStatus.PROPOSED:
            raise Conflict(_("This proposal is no longer open."), code=ProjectError.NOT_LIVE)
        locked.status, locked.closed_on = ProposalStatus.WITHDRAWN, clock.today()
        locked.save(update_fields=["status", "closed_on", "updated_at"])
        audit.record(
            actor,
            "projects.proposal_withdrawn",
            locked,
            changes={"status": ["proposed", "withdrawn"], "note": note},
        )
    return locked


def record_outcome(
    proposal: Proposal, *, actor, kind: str, on=None, amount_fen: int = 0, note: str = ""
) -> Outcome:
    """Record what came of an accepted proposal (a contract, a cooperation), once per kind."""
    if actor is not None and not can_record_outcome(actor, proposal):
        raise PermissionDenied(_("You may not record outcomes of this proposal."))
    if kind not in OutcomeKind.values:
        raise ValidationError({"kind": _("Choose a contract or a cooperation.")})
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status != ProposalStatus.ACCEPTED:
            raise Conflict(
                _("Only a proposal both sides accepted has outcomes."),
                code=ProjectError.NOT_ACCEPTED,
            )
        try:
            with transaction.atomic():
                outcome = Outcome.objects.create(
                    proposal=locked,
                    kind=kind,
                    recorded_on=on or clock.today(),
                    amount_fen=amount_fen,
                    note=note.strip(),
                    recorded_by=audit.acting_user(actor),
                )
        except IntegrityError:
            raise Conflict(
                _("This outcome is already recorded."), code=ProjectError.OUTCOME_RECORDED
            ) from None
        audit.record(
            actor,
            "projects.outcome_recorded",
            outcome,
            changes={"kind": kind, "amount_fen": amount_fen, "on": outcome.recorded_on.isoformat()},
        )
    return outcome
