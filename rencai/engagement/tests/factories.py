"""Engagement factories: leaders, high-level talents, pairings, the five-ones checklist and
requests at given moments (made through the services)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.policies.tests.factories import make_department
from rencai.talents.tests.factories import make_talent, make_tier

from .. import services
from ..models import ContactPairing, FiveOnesItem, TalentRequest

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIVE_ONES = [
    ("talk", "一次走访谈心"),
    ("letter", "一封慰问信"),
    ("policy_pack", "一份政策礼包"),
    ("gift", "一份纪念品"),
    ("solve", "解决一件难事"),
]


def at(y: int, m: int, d: int, hour: int = 10) -> datetime:
    return datetime(y, m, d, hour, 0, tzinfo=SHANGHAI)


def make_leader(**kw):
    return make_user(role=Role.CONTACT_LEADER, **kw)


def make_high_level(high_level: bool = True, **kw):
    """A talent of tier B (high-level), or of tier E when `high_level` is False."""
    code = "B" if high_level else "E"
    kw.setdefault("tier", make_tier(code, is_high_level=high_level))
    return make_talent(**kw)


def make_items(year: int = 2022) -> list[FiveOnesItem]:
    return services.define_five_ones(year, FIVE_ONES, actor=None)


def make_pairing(leader=None, talent=None, year: int = 2022) -> ContactPairing:
    return services.pair_leader(
        leader or make_leader(), talent or make_high_level(), actor=None, year=year
    )


def make_request(
    talent=None, *, department=None, when: datetime | None = None, target: int = 10, **kw
) -> TalentRequest:
    """A request raised (and assigned to `department`, the housing bureau by default) at `when`."""
    with clock.at(when or at(2022, 9, 5)):
        return services.raise_request(
            talent or make_high_level(),
            actor=None,
            category=kw.pop("category", "housing"),
            title=kw.pop("title", "住房问题"),
            department=department or make_department("housing"),
            target_working_days=target,
            **kw,
        )


def work_through(request, *, responded: datetime, answered: datetime) -> TalentRequest:
    """The department takes the request up and answers it at the given moments."""
    with clock.at(responded):
        request = services.respond_to_request(request, actor=None)
    with clock.at(answered):
        return services.answer_request(request, actor=None, answer="已协调解决")


def feedback(request, when: datetime, satisfaction: str, resolved: bool = True, comment=""):
    with clock.at(when):
        return services.give_feedback(
            request,
            actor=None,
            satisfaction=satisfaction,
            resolved=resolved,
            comment=comment or ("仍未解决" if satisfaction == "not_satisfied" else ""),
        )
