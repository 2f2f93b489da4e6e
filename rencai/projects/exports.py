"""Tech projects' xlsx exports: the projects and the proposals the actor sees. Audited."""

from __future__ import annotations

from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.xlsx.writing import DATE, MONEY, NUMBER, ExportColumn, ExportWorkbook


def export_projects(actor, projects):
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Tech projects"),
        [
            ExportColumn(_("Project"), NUMBER, width=8),
            ExportColumn(_("Title"), width=24),
            ExportColumn(_("Enterprise or institute"), width=24),
            ExportColumn(_("Field"), width=14),
            ExportColumn(_("County"), width=10),
            ExportColumn(_("Budget (yuan)"), MONEY, width=14),
            ExportColumn(_("Status"), width=10),
            ExportColumn(_("Posted on"), DATE, width=12),
            ExportColumn(_("Proposals"), NUMBER, width=8),
            ExportColumn(_("Accepted"), NUMBER, width=8),
        ],
    )
    count = 0
    for p in projects:
        sheet.append(
            [
                p.pk,
                p.title,
                p.organisation.name,
                p.get_field_display(),
                p.county.name,
                p.budget_fen,
                p.get_status_display(),
                p.posted_on,
                p.proposal_count,
                p.accepted_count,
            ]
        )
        count += 1
    output = book.save()
    audit.record(
        actor, "projects.export", target_type="projects.techproject", changes={"rows": count}
    )
    return output, f"tech-projects-{clock.today():%Y%m%d}.xlsx"


def export_proposals(actor, proposals):
    """Names only: an enterprise's export holds what its pages show, and never an identity."""
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Match proposals"),
        [
            ExportColumn(_("Proposal"), NUMBER, width=8),
            ExportColumn(_("Project"), width=24),
            ExportColumn(_("Enterprise or institute"), width=24),
            ExportColumn(_("Talent"), width=12),
            ExportColumn(_("Matched terms"), width=30),
            ExportColumn(_("Talent's answer"), width=10),
            ExportColumn(_("Enterprise's answer"), width=10),
            ExportColumn(_("Status"), width=12),
            ExportColumn(_("Proposed on"), DATE, width=12),
            ExportColumn(_("Accepted on"), DATE, width=12),
            ExportColumn(_("Outcomes"), width=20),
        ],
    )
    count = 0
    for p in proposals:
        sheet.append(
            [
                p.pk,
                p.project.title,
                p.project.organisation.name,
                p.talent.name,
                "、".join(p.reasons),
                p.get_talent_answer_display(),
                p.get_enterprise_answer_display(),
                p.get_status_display(),
                p.proposed_on,
                p.accepted_on,
                "、".join(o.get_kind_display() for o in p.outcomes.all()),
            ]
        )
        count += 1
    output = book.save()
    audit.record(actor, "projects.export", target_type="projects.proposal", changes={"rows": count})
    return output, f"match-proposals-{clock.today():%Y%m%d}.xlsx"


def export_outcomes(actor, outcomes):
    """The outcomes the outcome list's filters keep, every page: names only, as the list."""
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Project outcomes"),
        [
            ExportColumn(_("Date"), DATE, width=12),
            ExportColumn(_("Project"), width=24),
            ExportColumn(_("Enterprise or institute"), width=24),
            ExportColumn(_("Talent"), width=12),
            ExportColumn(_("Outcome"), width=12),
            ExportColumn(_("Contract amount"), MONEY, width=14),
        ],
    )
    for o in outcomes:
        sheet.append(
            [
                o.recorded_on,
                o.proposal.project.title,
                o.proposal.project.organisation.name,
                o.proposal.talent.name,
                o.get_kind_display(),
                o.amount_fen or None,
            ]
        )
    output = book.save()
    audit.record(
        actor,
        "projects.outcome_export",
        target_type="projects.outcome",
        changes={"rows": sheet.rows},
    )
    return output, f"project-outcomes-{clock.today():%Y%m%d}.xlsx"
