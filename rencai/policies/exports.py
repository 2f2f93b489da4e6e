"""Policies' xlsx exports: the outreach notices the notice list's filters keep. Audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.xlsx.writing import NUMBER, ExportColumn, ExportWorkbook


def export_notices(actor, notices, kind_label: Callable[[str], str]) -> tuple[IO[bytes], str]:
    """Every notice the filters keep (all pages), as the list shows them: the talent's name
    and county, never an identity number or a mobile; one audit event."""
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Outreach notices"),
        [
            ExportColumn(_("Sent at"), width=18),
            ExportColumn(_("Name"), width=12),
            ExportColumn(_("County"), width=12),
            ExportColumn(_("Subject"), width=20),
            ExportColumn(_("Version"), NUMBER, width=8),
        ],
    )
    for notice in notices.iterator(chunk_size=2000):
        sheet.append(
            [
                f"{localtime(notice.created_at):%Y-%m-%d %H:%M}",
                notice.talent.name,
                str(notice.talent.county or ""),
                kind_label(notice.kind),
                notice.subject_version,
            ]
        )
    output = book.save()
    audit.record(
        actor,
        "outreach.notice_export",
        target_type="policies.outreachnotice",
        target_repr=_("Outreach notices"),
        changes={"rows": sheet.rows},
    )
    return output, f"outreach-notices-{clock.today():%Y%m%d}.xlsx"
