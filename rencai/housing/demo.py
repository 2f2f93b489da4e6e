"""Housing's demo (示例): the 162 talent apartments of 2022, some applications, a round and
tenancies — all made through the services, each step *at its date* (`clock.at`).

Every apartment's fit-out starts on its building's date in September 2022 and it is ready in
November or December; so "apartments whose fit-out started by 30 September 2022" counts 162.
In the six weeks before the demo's date eligible talents (by the benefit's rule) apply; the
rounds of the counties with applicants close three weeks before; offers go out the next
working day; most are accepted, one is declined, and one tenant has moved out since. It does
nothing when apartments exist.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction

from rencai.core import audit, clock
from rencai.core.errors import DomainError
from rencai.core.models import Division, Organisation
from rencai.core.money import yuan_to_fen
from rencai.policies import selectors as policy_selectors
from rencai.policies.outreach import candidates

from . import services
from .choices import (
    HousingApplicationState,
    InspectionResult,
    OfferState,
    RentShare,
    RoundState,
    UnitState,
)
from .models import (
    AllocationRound,
    AllocationScheme,
    Building,
    HousingApplication,
    Offer,
    Unit,
)
from .services.applications import apartment_benefit


def _at(day: date):
    """Work done on `day`, in office hours."""
    return clock.at(datetime.combine(day, time(9, 30)))


def load_demo(options) -> str | None:
    path = options.data_dir / "housing.json"
    if not path.exists() or Building.objects.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    with transaction.atomic():
        load_scheme(data["scheme"])
        units = load_apartments(data)
        summary = f"{units} apartments"
        if options.cases:
            summary += ", " + load_allocations(
                data,
                options.as_of,
                random.Random(options.seed),  # noqa: S311 (demo data)
            )
        audit.record(None, "demo.load", target_type="demo", target_repr="housing", changes={})
    return summary


def load_scheme(spec: dict) -> AllocationScheme:
    scheme, _ = AllocationScheme.objects.update_or_create(
        effective_from=date.fromisoformat(spec["effective_from"]),
        defaults={
            "name": spec["name"],
            "ranking_keys": spec["ranking_keys"],
            "room_table": spec["room_table"],
            "offer_working_days": spec["offer_working_days"],
            "max_refusals": spec["max_refusals"],
            "buy_option_years": spec["buy_option_years"],
            "buy_option_terms": spec["buy_option_terms"],
            "term_years": spec["term_years"],
            "deposit_fen": yuan_to_fen(spec["deposit"]),
        },
    )
    scheme.full_clean()
    return scheme


def load_apartments(data: dict) -> int:
    """The buildings and their units: fit-out started on the building's date, ready later."""
    rooms_cycle = data["rooms_cycle"]
    count = 0
    for spec in data["buildings"]:
        started = date.fromisoformat(spec["fit_out_started_on"])
        ready = date.fromisoformat(spec["ready_on"])
        division_code, org_code = spec["manager"]
        with _at(started):
            building = services.create_building(
                actor=None,
                name=spec["name"],
                address=spec["address"],
                county=Division.objects.get(code=spec["county"]),
                manager=Organisation.objects.get(division__code=division_code, code=org_code),
                rent_or_buy=spec["rent_or_buy"],
            )
            units = []
            for i in range(spec["units"]):
                rooms = rooms_cycle[i % len(rooms_cycle)]
                floor, door = divmod(i, 6)
                units.append(
                    services.add_unit(
                        building,
                        actor=None,
                        number=f"{floor + 2}{door + 1:02d}",
                        rooms=rooms,
                        floor_area=Decimal(38 + 22 * rooms) + Decimal("0.50"),
                        monthly_rent_fen=yuan_to_fen(spec["monthly_rent"]) * (rooms + 1) // 2,
                        rent_share=spec["rent_share"],
                        talent_rent_fen=yuan_to_fen(spec["talent_rent"])
                        if spec["rent_share"] == RentShare.REDUCED
                        else None,
                        fit_out_started_on=started,
                    )
                )
        with _at(ready):
            for unit in units:
                services.change_unit_state(unit, actor=None, to_state=UnitState.READY, on=ready)
        count += len(units)
    return count


def _working_day_before(day: date, n: int) -> date:
    day -= timedelta(days=n)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _offer_some(round_, n: int) -> list[Offer]:
    """Offers of the county's `n` smallest units ready by today and not on offer, down the
    frozen order (a demo dated before a building's ready day offers none of its units)."""
    units = (
        Unit.objects.filter(
            building__county_id=round_.county_id,
            state=UnitState.READY,
            periods__ended_on__isnull=True,
            periods__started_on__lte=clock.today(),
        )
        .exclude(offers__state=OfferState.OPEN)
        .order_by("rooms", "pk")
    )
    offers = []
    for unit in units:
        if len(offers) >= n:
            break
        try:
            offers.append(services.allocate_unit(unit, round_=round_, actor=None))
        except DomainError:
            continue
    return offers


def load_allocations(data: dict, as_of: date, rng: random.Random) -> str:
    """Applications in the six weeks before `as_of`, one round per county with applicants,
    offers, acceptances, a refusal and a move-out."""
    benefit = apartment_benefit()
    first_day = as_of - timedelta(weeks=6)
    version = policy_selectors.current_version(benefit, first_day)
    if version is None:
        return "no applications (the benefit is not in force)"
    counties = {b.county_id for b in Building.objects.all()}
    found = list(
        candidates(benefit, version, first_day)
        .filter(user__isnull=True, county_id__in=sorted(counties))
        .order_by("pk")[: data["applications"] * 2]
    )
    rng.shuffle(found)
    applications = []
    for talent in found:
        if len(applications) >= data["applications"]:
            break
        day = _working_day_before(as_of - timedelta(weeks=3), rng.randrange(1, 21))
        with _at(day):
            try:
                applications.append(
                    services.apply_for_apartment(
                        talent,
                        actor=None,
                        county=talent.county,
                        household_size=rng.choice([1, 1, 2, 3, 4, 5]),
                    )
                )
            except DomainError:
                continue  # holds the home-purchase subsidy (one housing benefit only), …
    tenancies = declined = moved_out = 0
    close_day = _working_day_before(as_of - timedelta(weeks=3), 0)
    offer_day = close_day + timedelta(days=1 if close_day.weekday() < 4 else 3)
    for county_id in sorted({a.county_id for a in applications}):
        with _at(close_day):
            round_ = services.open_round(Division.objects.get(pk=county_id), actor=None)
            round_ = services.close_round(round_, actor=None)
        with _at(offer_day):
            offers = _offer_some(round_, 7)
        for i, offer in enumerate(offers[:6]):
            answer_day = offer_day + timedelta(days=1)
            with _at(answer_day):
                if i == 2:
                    services.decline_offer(offer, actor=None, reason="离工作单位较远")
                    declined += 1
                    continue
                tenancy = services.accept_offer(offer, actor=None)
                tenancies += 1
            items = [item["item"] for item in tenancy.checklist]
            with _at(answer_day + timedelta(days=2)):
                services.record_move_in(tenancy, actor=None, done=items)
            if i == 0 and not moved_out:
                with _at(as_of - timedelta(days=3)):
                    services.move_out(
                        tenancy,
                        actor=None,
                        inspection_result=InspectionResult.GOOD,
                        note="房屋完好，家具齐全",
                    )
                moved_out += 1
    # The seventh offer went unanswered: it expired; this week's offers await an answer
    # (the bureau's home shows them); the rest of the list waits.
    with _at(as_of - timedelta(days=1)):
        services.expire_offers(clock.today())
    with _at(as_of):
        for round_ in AllocationRound.objects.filter(state=RoundState.CLOSED):
            _offer_some(round_, 2)
    waiting = HousingApplication.objects.filter(state=HousingApplicationState.WAITING).count()
    open_offers = Offer.objects.filter(state=OfferState.OPEN).count()
    return (
        f"{len(applications)} applications, {tenancies} tenancies, {declined} declined, "
        f"{moved_out} moved out, {open_offers} offers open, {waiting} waiting"
    )
