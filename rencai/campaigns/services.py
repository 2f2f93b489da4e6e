"""Writes: planning (campaign, actions, units, indicators, milestones), the units' reports and
plans, the task force's decisions, and the reminders. One function per use case: permission,
one transaction, an audit entry."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from rencai.core import audit, clock, faults, outbox
from rencai.core.errors import Conflict, DomainError, PermissionDenied
from rencai.core.notifications import notify
from rencai.core.permissions import city_reader

from . import cadence, documents, selectors
from .choices import ActionKind, IndicatorKind, Pace, ReportState
from .models import (
    Action,
    Adjustment,
    Assessment,
    Bulletin,
    Campaign,
    Indicator,
    Rectification,
    Reminder,
    ReportedValue,
    SupervisionVisit,
    Unit,
)
from .permissions import answers_for_visit, can_report, can_supervise, may_add_action


def _supervisor(actor) -> None:
    if not can_supervise(actor):
        raise PermissionDenied(_("Only the task force supervises the campaign."))


@transaction.atomic
def report_value(
    actor, indicator: Indicator, *, value: int, as_of: date, note: str, evidence=None
) -> ReportedValue:
    """A unit reports a count for work outside the system; the task force decides on it."""
    if indicator.kind != IndicatorKind.REPORTED:
        raise DomainError(_("This indicator counts itself from the records."))
    if not can_report(actor, indicator.unit):
        raise PermissionDenied(_("Only the responsible unit reports on this indicator."))
    campaign = indicator.unit.action.campaign
    if value < 0:
        raise DomainError(
            _("A count cannot be negative."), fields={"value": [_("A count cannot be negative.")]}
        )
    if not campaign.starts_on <= as_of <= min(campaign.ends_on, clock.today()):
        message = _("The day must be within the campaign and not in the future.")
        raise DomainError(message, fields={"as_of": [message]})
    if not note.strip():
        message = _("Say what the count is made of.")
        raise DomainError(message, fields={"note": [message]})
    report = ReportedValue(
        indicator=indicator, value=value, as_of=as_of, note=note, reported_by=actor
    )
    if evidence is not None:
        report.evidence = evidence
    report.save()
    audit.record(actor, "campaigns.report", report, changes={"value": value, "as_of": str(as_of)})
    return report


@transaction.atomic
def decide_report(actor, report: ReportedValue, *, accept: bool, reason: str = "") -> ReportedValue:
    _supervisor(actor)
    report = ReportedValue.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.SUBMITTED:
        raise Conflict(_("This report has already been decided."))
    if not accept and not reason.strip():
        raise DomainError(
            _("Say why the report is sent back."),
            fields={"reason": [_("Say why the report is sent back.")]},
        )
    report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    report.return_reason = "" if accept else reason.strip()
    report.decided_by = actor
    report.decided_at = clock.now()
    report.save(update_fields=["state", "return_reason", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor,
        "campaigns.report_accept" if accept else "campaigns.report_return",
        report,
        changes={"reason": report.return_reason} if not accept else None,
    )
    return report


@transaction.atomic
def set_manual_pace(actor, indicator: Indicator, *, pace: str, reason: str) -> Indicator:
    """The task force sets (or, with pace "", clears) an indicator's status by hand."""
    _supervisor(actor)
    if pace and pace not in Pace.values:
        raise DomainError(_("Choose green, amber or red."))
    if pace and not reason.strip():
        raise DomainError(
            _("A status set by hand needs a reason."),
            fields={"reason": [_("A status set by hand needs a reason.")]},
        )
    before = {"pace": indicator.manual_pace, "reason": indicator.manual_reason}
    indicator.manual_pace = pace
    indicator.manual_reason = reason.strip() if pace else ""
    indicator.save(update_fields=["manual_pace", "manual_reason", "updated_at"])
    audit.record(
        actor,
        "campaigns.status_by_hand",
        indicator,
        changes={"before": before, "after": {"pace": pace, "reason": indicator.manual_reason}},
    )
    return indicator


@transaction.atomic
def upload_plan(actor, unit: Unit, plan) -> Unit:
    if not can_report(actor, unit):
        raise PermissionDenied(_("Only the responsible unit uploads its plan."))
    unit.plan = plan
    unit.plan_uploaded_at = clock.now()
    unit.save(update_fields=["plan", "plan_uploaded_at", "updated_at"])
    audit.record(actor, "campaigns.plan", unit, changes={"file": unit.plan.name})
    return unit


def _line(p) -> str:
    ind = p.indicator
    parts = [f"{ind.unit.action.number}. {ind.unit.action.name} · {ind.unit} · {ind.name}"]
    if p.pace != Pace.GREEN:
        parts.append(
            _("%(value)s of an expected %(expected)s")
            % {"value": p.value if p.value is not None else "—", "expected": p.expected}
        )
    for m in p.missed:
        parts.append(
            _("milestone of %(day)s missed (%(target)s)")
            % {"day": m.due_on.isoformat(), "target": m.target}
        )
    return "；".join(parts)


def send_reminders(campaign: Campaign, day: date) -> int:
    """Remind, once for the day, each person answering for a unit that is behind pace or has
    missed a milestone, with exactly what is behind. Returns how many were reminded."""
    if not cadence.is_reminder_day(campaign, day):
        return 0
    report = selectors.campaign_progress(campaign, day, city_reader())
    lines_for: dict[int, list[str]] = {}
    people = {}
    for action in report.actions:
        for unit in action.units:
            behind = [_line(p) for p in unit.indicators if p.behind]
            if not behind:
                continue
            for user in selectors.responsible_users(unit.unit):
                people[user.pk] = user
                lines_for.setdefault(user.pk, []).extend(behind)
    sent = 0
    link = reverse("campaigns:detail", args=[campaign.pk])
    for pk, lines in lines_for.items():
        user = people[pk]
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    campaign=campaign, recipient=user, due_on=day, items=lines
                )
                notify(
                    user=user,
                    title=_("%(campaign)s: %(count)s items behind pace")
                    % {"campaign": campaign.name, "count": len(lines)},
                    body="\n".join(lines),
                    link=link,
                    subject=reminder,
                    mobile=user.mobile,
                    kind="campaigns.reminder",
                    slot=day.isoformat(),
                )
                audit.record(None, "campaigns.reminder", reminder, changes={"items": len(lines)})
        except IntegrityError:  # reminded already on this day
            continue
        sent += 1
        faults.step("campaigns.reminder")
    return sent


def week_of(campaign: Campaign, day: date) -> tuple[date, date] | None:
    """The bulletin week ending on `day`, if `day` is the campaign's bulletin day (or its
    last day) within the campaign; the first week starts on the campaign's first day."""
    if not campaign.starts_on <= day <= campaign.ends_on:
        return None
    if day.weekday() != campaign.bulletin_weekday and day != campaign.ends_on:
        return None
    start = max(campaign.starts_on, day - timedelta(days=6))
    return start, day


def half_of(campaign: Campaign, day: date) -> tuple[date, date] | None:
    """The calendar half-month (1st–15th, 16th–end) ending on `day`, clipped to the campaign,
    if `day` ends one (or is the campaign's last day)."""
    if not campaign.starts_on <= day <= campaign.ends_on:
        return None
    month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if day.day not in (15, month_end.day) and day != campaign.ends_on:
        return None
    start = day.replace(day=1 if day.day <= 15 else 16)
    return max(start, campaign.starts_on), day


@transaction.atomic
def issue_bulletin(campaign: Campaign, week_end: date, *, actor=None) -> Bulletin:
    """Publish the bulletin of the week ending `week_end` (第N期, numbered in order), with the
    figures as they stand at its end. The task force issues it by hand, or the schedule does."""
    if actor is not None:
        _supervisor(actor)
    week = week_of(campaign, week_end)
    if week is None:
        message = _("A bulletin covers a week ending on the campaign's bulletin day.")
        raise DomainError(message, fields={"week_end": [message]})
    Campaign.objects.select_for_update().get(pk=campaign.pk)  # numbers are issued one at a time
    if Bulletin.objects.filter(campaign=campaign, period_end=week_end).exists():
        raise Conflict(_("The bulletin of this week has been issued."))
    last = Bulletin.objects.filter(campaign=campaign).order_by("-number").first()
    bulletin = Bulletin.objects.create(
        campaign=campaign,
        number=(last.number if last else 0) + 1,
        period_start=week[0],
        period_end=week[1],
        issued_by=actor,
        issuing_office=campaign.organiser.name,
        snapshot=documents.snapshot(campaign, week_end, actor or city_reader()),
    )
    audit.record(actor, "campaigns.bulletin", bulletin, changes={"number": bulletin.number})
    _tell_about_bulletin(campaign, bulletin)
    return bulletin


def _tell_about_bulletin(campaign: Campaign, bulletin: Bulletin) -> None:
    """Queue an in-app message about the bulletin to each person answering for a unit of
    the campaign, with the bulletin (through the outbox: delivered after commit, once)."""
    people = {}
    for unit in Unit.objects.filter(action__campaign=campaign).order_by("pk"):
        for user in selectors.responsible_users(unit):
            people[user.pk] = user
    title = _("%(campaign)s: bulletin no. %(number)s issued") % {
        "campaign": campaign.name,
        "number": bulletin.number,
    }
    link = reverse("campaigns:bulletin", args=[bulletin.pk])
    slot = bulletin.period_end.isoformat()
    outbox.queue(
        [
            outbox.message(
                kind="campaigns.bulletin",
                subject=bulletin,
                channel="in_app",
                title=title,
                link=link,
                user=user,
                slot=slot,
            )
            for _pk, user in sorted(people.items())
        ]
    )
    subject_type, subject_id = outbox.subject_key(bulletin)
    outbox.deliver_after_commit(
        Q(kind="campaigns.bulletin", subject_type=subject_type, subject_id=subject_id)
    )


@transaction.atomic
def issue_assessment(campaign: Campaign, half_end: date, *, actor=None) -> Assessment:
    """Score every responsible body for the half-month ending `half_end` under the campaign's
    scoring scheme, as the records stood that day."""
    if actor is not None:
        _supervisor(actor)
    half = half_of(campaign, half_end)
    if half is None:
        message = _("An assessment covers a half-month: it ends on the 15th or the month's end.")
        raise DomainError(message, fields={"half_end": [message]})
    if Assessment.objects.filter(campaign=campaign, period_end=half_end).exists():
        raise Conflict(_("This half-month has been assessed."))
    assessment = Assessment.objects.create(
        campaign=campaign,
        period_start=half[0],
        period_end=half[1],
        issued_by=actor,
        scheme=dict(campaign.scoring),
        rows=documents.assessment_rows(campaign, half_end, actor or city_reader()),
    )
    audit.record(actor, "campaigns.assessment", assessment)
    return assessment


@transaction.atomic
def adjust_score(
    actor, assessment: Assessment, unit: Unit, *, points, reason: str, comment: str = ""
) -> Adjustment:
    """The task force adds (or takes off) points for one body, with a reason; audited."""
    _supervisor(actor)
    if not reason.strip():
        message = _("An adjustment needs a reason.")
        raise DomainError(message, fields={"reason": [message]})
    if not -100 <= points <= 100:
        message = _("An adjustment is between -100 and 100 points.")
        raise DomainError(message, fields={"points": [message]})
    if unit.action.campaign_id != assessment.campaign_id:
        raise DomainError(_("This unit is not in the assessed campaign."))
    adjustment = Adjustment.objects.create(
        assessment=assessment,
        unit=unit,
        points=points,
        reason=reason.strip(),
        comment=comment.strip(),
        made_by=actor,
    )
    audit.record(
        actor,
        "campaigns.adjustment",
        assessment,
        changes={"unit": str(unit), "points": str(points), "reason": adjustment.reason},
    )
    return adjustment


def run_supervision(slot) -> str:
    """The scheduled job: on each campaign's bulletin day the week's bulletin, on each half's
    last day the half-month's assessment (each once: a second run finds it issued). The day is
    the slot's: run late, it issues that day's bulletin, not nothing."""
    today = slot.day
    done = []
    for campaign in Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today):
        if week_of(campaign, today) and not campaign.bulletins.filter(period_end=today).exists():
            done.append(str(issue_bulletin(campaign, today)))
            faults.step("campaigns.bulletin")
        if half_of(campaign, today) and not campaign.assessments.filter(period_end=today).exists():
            done.append(str(issue_assessment(campaign, today)))
    return "; ".join(done) or "nothing due"


def run_reminders(slot) -> str:
    """The scheduled job: every campaign under way reminds on its reminder days (the slot's
    day, also when run late)."""
    today = slot.day
    total = 0
    for campaign in Campaign.objects.filter(starts_on__lt=today, ends_on__gte=today):
        total += send_reminders(campaign, today)
    return f"{total} reminded"


@transaction.atomic
def record_visit(
    actor,
    group,
    *,
    visited_on: date,
    findings: str,
    organisation=None,
    division=None,
    items: list[tuple[str, str, date]] = (),
):
    """The task force records a supervision visit and what is to be put right, by whom, by
    when."""
    _supervisor(actor)
    if (organisation is None) == (division is None):
        raise DomainError(_("A visit is to one department or one county."))
    if not findings.strip():
        message = _("Write down what the group found.")
        raise DomainError(message, fields={"findings": [message]})
    visit = SupervisionVisit.objects.create(
        group=group,
        organisation=organisation,
        division=division,
        visited_on=visited_on,
        findings=findings.strip(),
        recorded_by=actor,
    )
    for description, owner, due_on in items:
        if due_on < visited_on:
            message = _("A deadline falls after the visit.")
            raise DomainError(message, fields={"due_on": [message]})
        Rectification.objects.create(
            visit=visit, description=description, owner=owner, due_on=due_on
        )
    audit.record(actor, "campaigns.visit", visit, changes={"items": len(items)})
    return visit


@transaction.atomic
def mark_rectified(actor, item, *, note: str):
    """The task force, or an officer of the visited unit, marks an item put right."""
    if not (can_supervise(actor) or answers_for_visit(actor, item.visit)):
        raise PermissionDenied(_("Only the visited unit or the task force marks this done."))
    item = Rectification.objects.select_for_update().get(pk=item.pk)
    if item.done_on is not None:
        raise Conflict(_("This item is already done."))
    if not note.strip():
        message = _("Say how it was put right.")
        raise DomainError(message, fields={"note": [message]})
    item.done_on = clock.today()
    item.done_note = note.strip()
    item.done_by = actor
    item.save(update_fields=["done_on", "done_note", "done_by", "updated_at"])
    audit.record(actor, "campaigns.rectified", item, changes={"note": item.done_note})
    return item


@transaction.atomic
def add_local_action(
    actor,
    campaign: Campaign,
    *,
    name: str,
    description: str,
    indicator: str,
    target: int,
    division=None,
    organisation=None,
) -> Indicator:
    """A county (or a lead department) adds its own "N" action: the action, itself as its
    responsible unit, and one reported indicator with its target. Numbered after the last."""
    if (division is None) == (organisation is None):
        raise DomainError(_("An action is led by one department or one county."))
    if not may_add_action(actor, campaign, division=division, organisation=organisation):
        raise PermissionDenied(
            _("Only the county or department itself, or the task force, adds its action.")
        )
    if not name.strip() or not indicator.strip():
        message = _("Name the action and what it is measured by.")
        raise DomainError(message, fields={"name": [message]})
    if target < 0:
        message = _("A target cannot be negative.")
        raise DomainError(message, fields={"target": [message]})
    Campaign.objects.select_for_update().get(pk=campaign.pk)  # numbers one at a time
    last = campaign.actions.order_by("-number").first()
    action = Action.objects.create(
        campaign=campaign,
        number=(last.number if last else 0) + 1,
        kind=ActionKind.LOCAL,
        name=name.strip(),
        description=description.strip(),
        lead=organisation,
        lead_division=division,
    )
    unit = Unit.objects.create(action=action, organisation=organisation, division=division)
    made = Indicator.objects.create(
        unit=unit, name=indicator.strip(), kind=IndicatorKind.REPORTED, target=target
    )
    audit.record(actor, "campaigns.action_add", action, changes={"indicator": made.name})
    return made
