"""Writes: planning (campaign, actions, units, indicators, milestones), the units' reports and
plans, the task force's decisions, and the reminders. One function per use case: permission,
one transaction, an audit entry."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.errors import Conflict, DomainError, PermissionDenied
from rencai.core.notifications import notify
from rencai.core.permissions import city_reader

from . import cadence, selectors
from .choices import IndicatorKind, Pace, ReportState
from .models import Campaign, Indicator, Reminder, ReportedValue, Unit
from .permissions import can_report, can_supervise


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
                )
                audit.record(None, "campaigns.reminder", reminder, changes={"items": len(lines)})
        except IntegrityError:  # reminded already on this day
            continue
        sent += 1
    return sent


def run_reminders(slot) -> str:
    """The scheduled job: every campaign under way reminds on its reminder days."""
    today = clock.today()
    total = 0
    for campaign in Campaign.objects.filter(starts_on__lt=today, ends_on__gte=today):
        total += send_reminders(campaign, today)
    return f"{total} reminded"
