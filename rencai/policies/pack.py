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
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.templatetags.rencai import yuan
from rencai.core.text import join_list
from rencai.rules import Explanation, Outcome
from rencai.rules.tree import NEGATED
from rencai.talents.models import Talent
from rencai.talents.permissions import can_see_birth_date

from .choices import Periodicity
from .describe import SYMBOLS, AmountText, describe_amount, describe_rule
from .evaluation import amount_for, explain, talent_for_evaluation
from .facts import CATALOGUE
from .models import Benefit, BenefitVersion, Entitlement
from .selectors import CurrentBenefit, current_benefits

ELIGIBLE = "eligible"
TO_CONFIRM = "to_confirm"
UNKNOWN = "unknown"
NOT_ELIGIBLE = "not_eligible"
HELD = "held"
EXCLUDED = "excluded"
OUTCOME_LABELS = {
    ELIGIBLE: gettext_lazy("Eligible"),
    TO_CONFIRM: gettext_lazy("Eligible once confirmed"),
    UNKNOWN: gettext_lazy("We need more information"),
    NOT_ELIGIBLE: gettext_lazy("Not eligible"),
    HELD: gettext_lazy("Already held or applied for"),
    EXCLUDED: gettext_lazy("Cannot be combined with a benefit held"),
}
ORDER = [ELIGIBLE, TO_CONFIRM, UNKNOWN, HELD, EXCLUDED, NOT_ELIGIBLE]


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
        return str(OUTCOME_LABELS[self.outcome])

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


# --- reasons in words ------------------------------------------------------------------------


def _negations(path: str) -> int:
    return path.split(".").count("not")


def reason(condition) -> str:
    """A failed condition as a sentence: what the talent has, and what the rule needs."""
    negated = _negations(condition.path) % 2 == 1
    label = str(condition.fact_label)
    unit = f" {condition.unit}" if condition.unit else ""
    if condition.operator == "has":
        template = (
            _("%(label)s: holding %(expected)s excludes this benefit")
            if negated
            else _("%(label)s: needs %(expected)s")
        )
        return template % {"label": label, "expected": condition.expected}
    value = f"{condition.value}{unit}" if condition.value is not None else "—"
    if condition.operator == "in":
        need = _("none of %(values)s") if negated else _("one of %(values)s")
        need %= {"values": condition.expected}
    else:
        op = NEGATED[condition.operator] if negated else condition.operator
        need = f"{SYMBOLS[op]} {condition.expected}{unit}"
    return _("%(label)s: %(value)s (needs %(need)s)") % {
        "label": label,
        "value": value,
        "need": need,
    }


def reasons_of(explanation: Explanation) -> list[str]:
    """The conditions that made the rule FALSE (a condition under `not` when it held)."""
    failed = []
    for condition in explanation.conditions:
        if condition.outcome == Outcome.UNKNOWN:
            continue
        holds = condition.outcome == Outcome.TRUE
        if _negations(condition.path) % 2 == 1:
            holds = not holds
        if not holds:
            failed.append(reason(condition))
    return failed


def missing_of(explanation: Explanation) -> list[str]:
    labels = []
    for name in sorted(explanation.missing):
        fact = CATALOGUE.get(name)
        labels.append(str(fact.label) if fact is not None else name)
    return labels


# --- the pack --------------------------------------------------------------------------------


def _outcome(explanation: Explanation, version, held, blocking) -> str:
    if held is not None:
        return HELD
    if explanation.outcome == Outcome.TRUE:
        if blocking is not None:
            return EXCLUDED
        return TO_CONFIRM if version.to_confirm else ELIGIBLE
    return NOT_ELIGIBLE if explanation.outcome == Outcome.FALSE else UNKNOWN


# --- facts some readers may not see ----------------------------------------------------------

# A reader who may not see a talent's birth date sees no sex either (ROLES.md): rules on these
# facts still decide, and say which condition failed, but not the talent's value.
PRIVATE_FACTS = frozenset({"birth_date", "sex"})
WITHHELD = "—"


def private_facts_for(actor, talent) -> frozenset[str]:
    """The facts whose values `actor` may not read in `talent`'s explanations."""
    return frozenset() if can_see_birth_date(actor, talent) else PRIVATE_FACTS


def withhold(explanation: Explanation, facts: frozenset[str]) -> Explanation:
    """The explanation with the values of `facts` replaced by a dash."""
    if not facts:
        return explanation
    conditions = tuple(
        replace(c, value=WITHHELD, raw=None) if c.fact in facts else c
        for c in explanation.conditions
    )
    return replace(explanation, conditions=conditions)


def withhold_stored(data: dict[str, Any], facts: frozenset[str]) -> dict[str, Any]:
    """A stored explanation (the desk's `to_dict()` with its reasons), values withheld."""
    if not facts or not data.get("conditions"):
        return data
    explanation = withhold(Explanation.from_dict(data), facts)
    shown = {**data, "conditions": [c.to_dict() for c in explanation.conditions]}
    if data.get("reasons"):
        shown["reasons"] = reasons_of(explanation)
    return shown


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
# a version published by another process shows within a second (at once in this process:
# saves here clear the cache, see PoliciesConfig.ready).
STAMP_TTL = 1.0
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
    if _checked["stamp"] is None or now - _checked["at"] > STAMP_TTL:
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


def policy_pack(talent_id: int, on: date, *, hide: frozenset[str] = frozenset()) -> PolicyPack:
    """Every benefit in force on `on` for the talent (whose visibility the caller checked);
    the values of the facts in `hide` are withheld (`private_facts_for`)."""
    talent = talent_for_evaluation(talent_id, on)
    live = _live_entitlements(talent)
    items = [
        evaluate_benefit(talent, item.benefit, item.version, on, live, hide)
        for item in benefits_in_force(on)
    ]
    items.sort(key=lambda item: ORDER.index(item.outcome))
    return PolicyPack(talent=talent, on=on, items=items)


# --- the Word document -----------------------------------------------------------------------


def _amount_words(item: BenefitOutcome) -> str:
    if item.amount_fen is None:
        return "—"
    if item.months:
        return _("%(amount)s a month for %(months)s months (%(total)s)") % {
            "amount": yuan(item.amount_fen),
            "months": item.months,
            "total": yuan(item.total_fen),
        }
    return yuan(item.amount_fen)


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
            "total": yuan(pack.open_total_fen),
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
                + (f" · {yuan(entitlement.amount_fen)}" if entitlement.amount_fen else ""),
                style="List Bullet",
            )
    document.add_paragraph(
        _("Eligibility is decided by the service desk on application; this pack is a guide.")
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
