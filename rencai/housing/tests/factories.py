"""Housing test factories: real rows, made through the services where it matters.

h = Housing()                                  # a county, its bureau officer, the benefit
unit = h.unit(rooms=2)                         # ready
application = h.applicant(household_size=3)    # on the waiting list
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_degree, make_talent, make_user
from rencai.housing import services
from rencai.housing.choices import RentShare, UnitState
from rencai.housing.models import AllocationScheme, Building
from rencai.policies.models import Benefit
from rencai.policies.tests.factories import make_benefit, make_department

_counter = itertools.count(1)

DEMO_KEYS = [
    {"key": "tier", "order": "asc"},
    {"key": "works_in_county", "order": "desc"},
    {"key": "family_size", "order": "desc"},
    {"key": "applied_on", "order": "asc"},
]
ROOM_TABLE = {"1": 1, "2": 1, "3": 2, "4": 2, "5": 3}
DEGREE_RULE = {">=": [{"var": "degree"}, "master"]}


def make_scheme(**fields) -> AllocationScheme:
    fields.setdefault("name", "测试分配办法")
    fields.setdefault("effective_from", date(2022, 8, 1))
    fields.setdefault("ranking_keys", DEMO_KEYS)
    fields.setdefault("room_table", ROOM_TABLE)
    fields.setdefault("offer_working_days", 2)
    fields.setdefault("max_refusals", 3)
    fields.setdefault("buy_option_years", 5)
    fields.setdefault("buy_option_terms", "租满五年可按届时评估价的九折购买")
    fields.setdefault("deposit_fen", 100_000)
    scheme = AllocationScheme.objects.filter(effective_from=fields["effective_from"]).first()
    return scheme or AllocationScheme.objects.create(**fields)


def make_apartment_benefit() -> Benefit:
    found = Benefit.objects.filter(code="talent_apartment").first()
    return found or make_benefit(
        code="talent_apartment",
        name="人才公寓",
        rule=DEGREE_RULE,
        exclusivity_group="housing_support",
        to_confirm=["本人及配偶在黄冈市无自有住房"],
        owning_department=make_department("housing"),
    )


class Housing:
    """A county with a housing bureau officer, a building, the scheme and the benefit."""

    def __init__(self, county=None, *, rent_or_buy: bool = True):
        self.county = county or make_county()
        self.bureau = make_department("housing", division=self.county)
        self.officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=self.bureau)
        self.scheme = make_scheme()
        self.benefit = make_apartment_benefit()
        self.building = services.create_building(
            actor=self.officer,
            name=f"人才公寓{next(_counter)}栋",
            address="黄州区测试路1号",
            county=self.county,
            manager=self.bureau,
            rent_or_buy=rent_or_buy,
        )

    def unit(self, *, rooms: int = 2, ready: bool = True, started: date = date(2022, 9, 5), **kw):
        unit = services.add_unit(
            self.building,
            actor=self.officer,
            number=kw.pop("number", f"{next(_counter):04d}"),
            rooms=rooms,
            floor_area=kw.pop("floor_area", Decimal("65.50")),
            monthly_rent_fen=kw.pop("monthly_rent_fen", 120_000),
            rent_share=kw.pop("rent_share", RentShare.FREE),
            fit_out_started_on=started,
            **kw,
        )
        if ready:
            unit = services.change_unit_state(
                unit, actor=self.officer, to_state=UnitState.READY, on=started
            )
        return unit

    def talent(self, **fields):
        fields.setdefault("degree", make_degree("master"))
        fields.setdefault("county", self.county)
        user = fields.pop("user", None) or make_user(role=Role.TALENT)
        return make_talent(user=user, **fields)

    def applicant(self, *, household_size: int = 1, talent=None, **talent_fields):
        talent = talent or self.talent(**talent_fields)
        return services.apply_for_apartment(
            talent, actor=talent.user, county=self.county, household_size=household_size
        )

    def closed_round(self):
        round_ = services.open_round(self.county, actor=self.officer)
        return services.close_round(round_, actor=self.officer)


def building_of(county) -> Building:
    return Building.objects.filter(county=county).first()
