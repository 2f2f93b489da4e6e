"""The personal policy pack (政策礼包): every benefit in force, for one talent, with why.

`policy_pack(talent_id, on)` loads the talent with every fact (two queries), the benefits in
force with their versions (two), the talent's entitlements (one), and evaluates each
benefit's rule with its trace: eligible, eligible once the listed conditions are confirmed,
not eligible (the conditions that failed, in words), or undecided (the facts we still need).
A benefit the talent already holds, or cannot combine with one they hold (exclusivity group),
says so. The same pack is the talent page, the API's eligibility explanation and the Word
document (`pack_docx`).
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from rencai.core.money import format_yuan
from rencai.core.text import join_list
from rencai.rules import Explanation, Outcome
from rencai.talents.models import Talent

from .choices import OUTCOME_ORDER, EligibilityOutcome, Periodicity
from .describe import AmountText, describe_amount, describe_rule
from .evaluation import amount_for, explain, talent_for_evaluation
from .facts import CATALOGUE, stamp_window
from .models import Benefit, BenefitVersion, Entitlement
from .privacy import withhold
from .reasons import missing_of, reasons_of
from .selectors import CurrentBenefit, current_benefits

ELIGIBLE = EligibilityOutcome.ELIGIBLE
TO_CONFIRM = EligibilityOutcome.TO_CONFIRM
UNKNOWN = EligibilityOutcome.UNKNOWN
NOT_ELIGIBLE = EligibilityOutcome.NOT_ELIGIBLE
HELD = EligibilityOutcome.HELD
EXCLUDED = EligibilityOutcome.EXCLUDED


@dataclass(frozen=True)
class BenefitOutcome:
    """One benefit for one talent: the outcome, why, and how much."""

    benefit: Benefit
    version: BenefitVersion
    outcome: str
    explanation: Explanation
    reasons: list[str]
    missing: list[str]
    amount_fen: int | None
    held: Entitlement | None = None
    blocking: Entitlement | None = None

    @property
    def amount(self) -> AmountText:
        """The amount as the handbook prints it (for pages; not needed to decide)."""
        return describe_amount(self.version.amount, CATALOGUE)

    @property
    def label(self) -> str:
        return str(EligibilityOutcome(self.outcome).label)

    @property
    def conditions(self) -> list[str]:
        """The version's rule in plain sentences (for pages; not needed to decide)."""
        return describe_rule(self.version.rule, CATALOGUE)

    @property
    def to_confirm(self) -> list[str]:
        return list(self.version.to_confirm)

    @property
    def months(self) -> int | None:
        monthly = self.benefit.periodicity == Periodicity.MONTHLY
        return self.benefit.months if monthly else None

    @property
    def total_fen(self) -> int | None:
        """The whole sum: the amount, times the months of a monthly benefit."""
        if self.amount_fen is None:
            return None
        return self.amount_fen * (self.months or 1)

    @property
    def is_open(self) -> bool:
        """Eligible (perhaps once confirmed): something the talent can apply for now."""
        return self.outcome in (ELIGIBLE, TO_CONFIRM)


@dataclass
class PolicyPack:
    talent: Talent
    on: date
    items: list[BenefitOutcome] = field(default_factory=list)

    @cached_property
    def entitlements(self) -> list[Entitlement]:
        """Every entitlement of the talent, live or not, newest first (read when shown)."""
        return list(
            Entitlement.objects.filter(talent_id=self.talent.pk)
            .select_related("benefit", "version")
            .order_by("-created_at", "-id")
        )

    @property
    def open_items(self) -> list[BenefitOutcome]:
        return [item for item in self.items if item.is_open]

    @property
    def open_total_fen(self) -> int:
        return sum(item.total_fen or 0 for item in self.open_items)


# --- the pack --------------------------------------------------------------------------------


def _outcome(explanation: Explanation, version, held, blocking) -> str:
    if held is not None:
        return HELD
    if explanation.outcome == Outcome.TRUE:
        if blocking is not None:
            return EXCLUDED
        return TO_CONFIRM if version.to_confirm else ELIGIBLE
    return NOT_ELIGIBLE if explanation.outcome == Outcome.FALSE else UNKNOWN


def evaluate_benefit(
    talent, benefit, version, on, live: list[Entitlement], hide: frozenset[str] = frozenset()
) -> BenefitOutcome:
    explanation = withhold(explain(version, talent, on), hide)
    held = next((e for e in live if e.benefit_id == benefit.pk), None)
    group = benefit.exclusivity_group
    blocking = next((e for e in live if group and e.exclusivity_group == group), None)
    outcome = _outcome(explanation, version, held, blocking)
    return BenefitOutcome(
        benefit=benefit,
        version=version,
        outcome=outcome,
        explanation=explanation,
        reasons=reasons_of(explanation) if outcome == NOT_ELIGIBLE else [],
        missing=missing_of(explanation) if outcome == UNKNOWN else [],
        amount_fen=amount_for(version, talent, on),
        held=held,
        blocking=blocking,
    )


# The benefits in force change only when the catalogue does: kept per process and per date,
# and checked against one small query (the catalogue's last change) at most once a second, so
# a version published by another process shows within a second (`facts.stamp_window()`; at
# once in this process: saves here clear the cache, see PoliciesConfig.ready).
_in_force: dict[date, tuple[tuple, list[CurrentBenefit]]] = {}
_checked: dict[str, Any] = {"at": 0.0, "stamp": None}


def clear_in_force(**_kwargs: Any) -> None:
    _in_force.clear()
    _checked["at"] = 0.0


def catalogue_stamp() -> tuple:
    """Changes whenever a version is published or a benefit or policy is saved."""
    stamp = BenefitVersion.objects.aggregate(
        versions=Count("pk"),
        published=Max("published_at"),
        benefits=Max("benefit__updated_at"),
        policies=Max("benefit__policy__updated_at"),
    )
    return tuple(stamp.values())


def _stamp() -> tuple:
    now = time.monotonic()
    if _checked["stamp"] is None or now - _checked["at"] > stamp_window():
        _checked["stamp"], _checked["at"] = catalogue_stamp(), now
    return _checked["stamp"]


def benefits_in_force(on: date) -> list[CurrentBenefit]:
    """`selectors.current_benefits(on)`, cached while the catalogue does not change."""
    stamp = _stamp()
    cached = _in_force.get(on)
    if cached is None or cached[0] != stamp:
        if len(_in_force) > 8:
            _in_force.clear()
        cached = _in_force[on] = (stamp, current_benefits(on))
    return cached[1]


def _live_entitlements(talent: Talent) -> list[Entitlement]:
    """The talent's live entitlements; no query when the loaded facts show none."""
    held = getattr(talent, "fact_sets", {}).get("entitlements", set())
    if getattr(talent, "fact_sets", None) is not None and not held:
        return []
    return list(
        Entitlement.objects.live().filter(talent_id=talent.pk).select_related("benefit", "version")
    )


def policy_pack(
    talent_id: int, on: date, *, hide: frozenset[str] = frozenset(), subject: Talent | None = None
) -> PolicyPack:
    """Every benefit in force on `on` for the talent (whose visibility the caller checked);
    the values of the facts in `hide` are withheld (`private_facts_for`). `subject` is the
    talent already loaded for `on` (`talent_for_actor_evaluation`): not loaded again."""
    loaded = subject is not None and getattr(subject, "fact_sets_on", None) == on
    talent = subject if loaded and subject is not None else talent_for_evaluation(talent_id, on)
    live = _live_entitlements(talent)
    items = [
        evaluate_benefit(talent, item.benefit, item.version, on, live, hide)
        for item in benefits_in_force(on)
    ]
    items.sort(key=lambda item: OUTCOME_ORDER.index(item.outcome))
    return PolicyPack(talent=talent, on=on, items=items)


# --- the Word document -----------------------------------------------------------------------


def _amount_words(item: BenefitOutcome) -> str:
    if item.amount_fen is None:
        return "—"
    if item.months:
        return _("%(amount)s a month for %(months)s months (%(total)s)") % {
            "amount": format_yuan(item.amount_fen),
            "months": item.months,
            "total": format_yuan(item.total_fen),
        }
    return format_yuan(item.amount_fen)


def _details(item: BenefitOutcome) -> list[str]:
    lines = []
    if item.outcome == TO_CONFIRM:
        lines += [_("To confirm: %(c)s") % {"c": c} for c in item.to_confirm]
    if item.outcome == UNKNOWN:
        lines.append(_("We need your: %(facts)s") % {"facts": join_list(item.missing)})
    if item.outcome == HELD and item.held is not None:
        lines.append(_("State: %(state)s") % {"state": item.held.get_state_display()})
    if item.outcome == EXCLUDED and item.blocking is not None:
        lines.append(_("You hold %(other)s") % {"other": item.blocking.benefit.name})
    lines += item.reasons
    return lines


def pack_docx(pack: PolicyPack) -> bytes:
    """The pack as a Word document (.docx): a table of every benefit, with reasons."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    document.add_heading(_("Policy pack for %(name)s") % {"name": pack.talent.name}, level=1)
    document.add_paragraph(
        _("Evaluated on %(date)s. %(n)s benefits open to you, worth up to %(total)s.")
        % {
            "date": pack.on.isoformat(),
            "n": len(pack.open_items),
            "total": format_yuan(pack.open_total_fen),
        }
    )
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    header = table.rows[0].cells
    for cell, text in zip(header, [_("Benefit"), _("Outcome"), _("Amount"), _("Why")], strict=True):
        cell.text = text
    for item in pack.items:
        cells = table.add_row().cells
        cells[0].text = item.benefit.name
        cells[1].text = item.label
        cells[2].text = _amount_words(item)
        cells[3].text = "\n".join(_details(item)) or "—"
    if pack.entitlements:
        document.add_heading(_("Benefits held or applied for"), level=2)
        for entitlement in pack.entitlements:
            document.add_paragraph(
                f"{entitlement.benefit.name} · {entitlement.get_state_display()}"
                + (f" · {format_yuan(entitlement.amount_fen)}" if entitlement.amount_fen else ""),
                style="List Bullet",
            )
    document.add_paragraph(
        _("Eligibility is decided by the service desk on application; this pack is a guide.")
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
