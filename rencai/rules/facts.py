"""Facts: the declared catalogue of what a rule may ask about a talent.

`rules` knows facts only through this interface; `policies` registers the concrete facts
(it knows Talent and Entitlement). Every value a rule compares with is typed by its fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class FactType(StrEnum):
    TEXT = "text"  # ==, !=, in
    CODE = "code"  # a code from a list: ==, !=, in
    RANKED = "ranked"  # a code from a ranked list (1 = highest): all comparisons, by rank
    NUMBER = "number"  # Decimal: all comparisons
    DATE = "date"  # compared with the evaluation date ± an offset, or a fixed date
    YEARS_SINCE = "years_since"  # full years elapsed since a date fact (周岁 for age)
    SET = "set"  # membership only: {"has": [fact, code]}


# Which operators each type accepts (`in` is "value in a list"; `has` is set membership).
ORDERED_TYPES = frozenset({FactType.RANKED, FactType.NUMBER, FactType.DATE, FactType.YEARS_SINCE})
CODED_TYPES = frozenset({FactType.CODE, FactType.RANKED, FactType.SET})
# The types whose missing value may be declared the definite value "none" (`Fact.none_code`).
NONE_TYPES = frozenset({FactType.CODE, FactType.RANKED})
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


@dataclass(frozen=True)
class Fact:
    """One fact: its name, type, Chinese label, how to read it, and how to query it.

    - `getter(subject, on)` returns the value for one talent (None when missing):
      TEXT/CODE/RANKED → the code or text (a str); NUMBER → int or Decimal; DATE → a date;
      YEARS_SINCE → the START date (e.g. the birth date; `rules.dates.years_since` counts the
      years, so both evaluators share one convention); SET → the codes held on `on` (any
      iterable of str; None counts as the empty set: a set fact is never unknown).
    - `field` is the ORM path of the value column (e.g. "birth_date", "degree__rank",
      "county__code"); for RANKED facts it is the path of the rank, and `null_field` the
      path whose NULL means "missing" (e.g. "degree"); empty `null_field` means `field`.
      For YEARS_SINCE it is the start-date column.
    - `blank_is_missing`: the column stores "" for "not known" (a blank CharField such as
      sex): both evaluators then treat "" exactly like NULL (the getter may return "" or None).
    - For SET facts, `exists(code, on)` returns a two-valued membership test on the talent: a
      `Q` (`pk__in` an uncorrelated subquery, which the planner reads once) or an `Exists(...)`
      correlated on `OuterRef("pk")`, built by `policies`; rules never builds joins itself.
    - `codes` lists the allowed codes for CODE/RANKED/SET facts (with ranks for RANKED:
      code → rank, 1 = highest; for CODE/SET the number is ignored); a callable lets the
      catalogue come from the database. A SET fact whose codes are open-ended (entitlements
      keyed by benefit code) leaves it None: any slug is accepted.
    - `names` gives the human name of each code, used only to show explanations (a code
      without a name is shown as itself).
    - `key_field` and `keys` (CODE and RANKED facts whose code is a catalogue row): the ORM
      path of the column that references the row (e.g. "degree_id") and code → that column's
      value (the row's primary key, from the same cache as `codes`). With them a comparison
      compiles to `key_field IN (…)` (the codes that satisfy it, decided in Python from
      `codes`' ranks), so the SQL needs no join to the catalogue table; `field` still says
      how to read the value (amount tables, documentation).
    - `base_fact` (YEARS_SINCE): the DATE fact it counts from, for documentation and forms.
    - `unit`: shown after values in explanations (e.g. "岁", "年").
    - `none_code` (CODE and RANKED only): "no value" is a value, not a missing fact (a talent
      may have no tier). When set, a missing value (NULL, or "" with `blank_is_missing`) is
      the definite value "none", never UNKNOWN; rules may name it (`{"==": [tier, "none"]}`)
      and amount tables may have a row for it. For RANKED facts none ranks BELOW every code:
      `>= D`, `> E`, `== A`, `in [A, B]` are FALSE for none; `<= E`, `< A`, `!= A` are TRUE.
      The none code always means "no value": a catalogue code spelt the same cannot be named.
      `none_label` is how none is shown (the code itself when empty).
    """

    name: str
    type: FactType
    label: str
    getter: Callable[[Any, date], Any]
    field: str = ""
    null_field: str = ""
    codes: Callable[[], Mapping[str, int]] | None = None
    exists: Callable[[str, date], Any] | None = None
    base_fact: str = ""  # for YEARS_SINCE: the DATE fact it counts from
    unit: str = ""
    names: Callable[[], Mapping[str, str]] | None = None
    blank_is_missing: bool = False
    none_code: str = ""
    none_label: str = ""
    key_field: str = ""
    keys: Callable[[], Mapping[str, Any]] | None = None

    def __post_init__(self) -> None:
        if self.none_code and self.type not in NONE_TYPES:
            raise ValueError(f"fact {self.name!r}: none_code is for code and ranked facts only")
        if self.none_code and not SLUG.match(self.none_code):
            raise ValueError(f"fact {self.name!r}: none_code must be a slug")
        if self.key_field and self.type not in NONE_TYPES:
            raise ValueError(f"fact {self.name!r}: key_field is for code and ranked facts only")

    @property
    def has_none(self) -> bool:
        """A missing value is the definite value `none_code`, not UNKNOWN."""
        return bool(self.none_code)

    @property
    def is_keyed(self) -> bool:
        """Compiled to comparisons of `key_field` with the codes' keys (no join)."""
        return bool(self.key_field) and self.keys is not None and self.codes is not None

    @property
    def presence_field(self) -> str:
        """The ORM path whose NULL means the value is missing."""
        return self.null_field or self.field


@dataclass
class FactCatalogue:
    """The facts a rule may name, by name."""

    facts: dict[str, Fact] = field(default_factory=dict)

    def register(self, fact: Fact) -> Fact:
        self.facts[fact.name] = fact
        return fact

    def get(self, name: str) -> Fact | None:
        return self.facts.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self.facts

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts.values())
