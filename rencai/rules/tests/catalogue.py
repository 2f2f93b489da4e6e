"""A pure-Python catalogue over plain dicts, for the unit tests (no database, no Django).

A subject is a dict: {"name": "陈超", "sex": "M", "degree": "master", "score": Decimal("3.5"),
"birth_date": date(...), "arrival_date": date(...) or None, "tags": {"youth"}, ...}; a key
that is absent reads as missing — UNKNOWN, except for `tier` and `skill`, whose missing value
is the value "none" (`Fact.none_code`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rencai.rules import Fact, FactCatalogue, FactType

DEGREES = {"doctorate": 1, "master": 2, "bachelor": 3, "college": 4}
DEGREE_NAMES = {"doctorate": "博士研究生", "master": "硕士研究生", "bachelor": "大学本科"}
COUNTIES = {"421121": 0, "421122": 0, "421102": 0}
TAGS = {"youth": 0, "graduate": 0, "overseas": 0}
TIERS = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}
SKILLS = {"senior_technician": 0, "technician": 0, "senior_worker": 0}


def key(name: str):
    def getter(subject: dict[str, Any], on: date) -> Any:
        return subject.get(name)

    return getter


def pure_catalogue() -> FactCatalogue:
    catalogue = FactCatalogue()
    for fact in (
        Fact("name", FactType.TEXT, "姓名", key("name")),
        Fact(
            "sex",
            FactType.CODE,
            "性别",
            key("sex"),
            codes=lambda: {"M": 0, "F": 0},
            blank_is_missing=True,
        ),
        Fact("county", FactType.CODE, "所在县市区", key("county"), codes=lambda: COUNTIES),
        Fact(
            "degree",
            FactType.RANKED,
            "学历",
            key("degree"),
            codes=lambda: DEGREES,
            names=lambda: DEGREE_NAMES,
        ),
        # "No tier" is a value, ranked below E; "no skill level" likewise (a CODE, and a
        # blank skill counts as none too).
        Fact(
            "tier",
            FactType.RANKED,
            "人才层次",
            key("tier"),
            codes=lambda: TIERS,
            none_code="none",
            none_label="无层次",
        ),
        Fact(
            "skill",
            FactType.CODE,
            "技能等级",
            key("skill"),
            codes=lambda: SKILLS,
            blank_is_missing=True,
            none_code="none",
        ),
        Fact("score", FactType.NUMBER, "评分", key("score")),
        Fact("birth_date", FactType.DATE, "出生日期", key("birth_date")),
        Fact("arrival_date", FactType.DATE, "来黄日期", key("arrival_date")),
        Fact(
            "age",
            FactType.YEARS_SINCE,
            "年龄",
            key("birth_date"),
            base_fact="birth_date",
            unit="岁",
        ),
        Fact(
            "years_in_city",
            FactType.YEARS_SINCE,
            "在黄年限",
            key("arrival_date"),
            base_fact="arrival_date",
            unit="年",
        ),
        Fact("tags", FactType.SET, "人才类别", key("tags"), codes=lambda: TAGS),
        Fact("entitlements", FactType.SET, "已享受待遇", key("entitlements")),
    ):
        catalogue.register(fact)
    return catalogue
