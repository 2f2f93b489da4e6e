"""`policies` meets `rules`: rules and amounts checked, evaluated and counted with our facts.

Every caller in `policies` (services, forms, the API, the rule editor's count) goes through
these functions, so the fact catalogue is named in one place and rule errors read the same
everywhere: one sentence per problem, naming the path to the offending node ("… at $.and[1]").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from rencai import rules
from rencai.core.errors import NotFound
from rencai.rules import RuleValidationError
from rencai.rules import django as rules_django
from rencai.talents.models import Talent

from .choices import VersionStatus
from .facts import CATALOGUE, clear_code_cache, load_subject, revalidate
from .models import BenefitVersion


def _messages(exc: RuleValidationError) -> list[str]:
    return [rules_django.describe(error) for error in exc.errors]


def rule_errors(rule: Any) -> list[str]:
    """Messages with paths for everything wrong in `rule` ([] when valid)."""
    try:
        rules.validate(rule, CATALOGUE)
    except RuleValidationError as exc:
        return _messages(exc)
    return []


def amount_errors(spec: Any) -> list[str]:
    """Messages with paths for everything wrong in an amount spec ([] when valid)."""
    try:
        rules.validate_amount(spec, CATALOGUE)
    except RuleValidationError as exc:
        return _messages(exc)
    return []


# Published versions never change: their parsed rule and amount are kept while the code cache
# they were parsed with is (the parse holds a snapshot of codes and names): until a catalogue
# table changes — here, or in another process (seen within a second, `facts.revalidate`) —
# or the request ends.
_parsed: dict[int, tuple[rules.ParsedRule, rules.Amount]] = {}
_parsed_with: dict[str, int] = {"generation": -1}


def clear_caches(**_kwargs: Any) -> None:
    """Forget cached catalogue codes and parsed rules (connected in PoliciesConfig.ready)."""
    clear_code_cache()
    _parsed.clear()


def parsed(version: BenefitVersion) -> tuple[rules.ParsedRule, rules.Amount]:
    """The version's rule and amount, parsed (once, for a published version)."""
    generation = revalidate()
    if generation != _parsed_with["generation"]:
        _parsed.clear()
        _parsed_with["generation"] = generation
    cacheable = version.pk is not None and version.status == VersionStatus.PUBLISHED
    if cacheable and version.pk in _parsed:
        return _parsed[version.pk]
    result = (
        rules.parse(version.rule, CATALOGUE),
        rules.parse_amount(version.amount or {"kind": "none"}, CATALOGUE),
    )
    if cacheable:
        _parsed[version.pk] = result
    return result


def explain(version: BenefitVersion, talent: Talent, on: date) -> rules.Explanation:
    """The version's rule evaluated for one talent on `on`, with its trace.

    Load the talent with `talent_for_evaluation(pk, on)` first (two queries for any number
    of benefits); any Talent works, at the cost of a query per set fact.
    """
    return rules.explain(parsed(version)[0], talent, CATALOGUE, on=on)


def amount_for(version: BenefitVersion, talent: Talent, on: date) -> int | None:
    """The amount in fen the version grants the talent on `on` (None: none or unknown)."""
    return rules.amount_fen(parsed(version)[1], talent, CATALOGUE, on=on)


@dataclass(frozen=True)
class RuleCount:
    """How many talents of the registry a rule selects, rejects, or cannot decide."""

    selected: int
    rejected: int
    total: int

    @property
    def unknown(self) -> int:
        return self.total - self.selected - self.rejected


def count_rule(rule: Any, on: date, *, actor=None) -> RuleCount:
    """Counts over the talents `actor` may see (`None`: a system job, the whole registry);
    counts only: no one's data leaves this function.

    The rule must be valid (call `rule_errors` first).
    """
    compiled = rules_django.compile_rule(rule, CATALOGUE, on=on)
    talents = Talent.objects.all() if actor is None else Talent.objects.for_actor(actor)
    counts = talents.aggregate(
        selected=Count("pk", filter=compiled.true_q),
        rejected=Count("pk", filter=compiled.false_q),
        total=Count("pk"),
    )
    return RuleCount(**counts)


def talent_for_evaluation(pk: int, on: date) -> Talent:
    """One talent with every fact's data loaded for `on` (the caller has checked visibility)."""
    return load_subject(pk, on)


def talent_for_actor_evaluation(actor, pk: Any, on: date) -> Talent:
    """`talent_for_evaluation` for a talent `actor` may see, the visibility checked in the
    same query (two queries in all); NotFound alike for missing and forbidden, as
    `talents.selectors.get_talent_for_actor`."""
    try:
        return load_subject(pk, on, Talent.objects.for_actor(actor))
    except (Talent.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc
