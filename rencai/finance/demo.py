"""The finance demo, made through the services at the dates of the work:

- the loan products (core/data/<city>/finance.json), offered by every partner bank;
- a county's September 2022 start-up guarantee loans (武穴's in Huanggang): exactly 93
  disbursed to borrowers of the county, ¥16,600,000 in all (60 × ¥200,000, 20 × ¥165,000,
  13 × ¥100,000), filed by the county's human-resources office on visits, guaranteed by the
  centre, approved and lent by the county's bank;
- the report's ¥1,000,000 loan to a farming co-operative (finance.json's `co_operative`, a
  credit code) headed by a rural-revitalisation talent, approved in under two days (October
  2022);
- a few applications waiting in the banks' queues on the demo's date (the county's bank, the
  city's demo bank, one at the guarantee centre).

The county, its officers and its bank are the city's data (`demo_people`): the first county
whose human-resources bureau has a demo officer, its demo county officer, a demo bank officer
of a bank of that county, the guarantor's demo officer.

Borrowers are synthetic talents of the county the benefit's rule admits; where they are too few,
the county office registers returnee entrepreneurs (返乡创业人员) it met on its visits, through
the talents' registration service. A small demo (fewer than FULL_DEMO synthetic talents, as
in tests) leaves the September loans out rather than making them fewer.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction

from rencai.core import audit, calendar, clock, sms
from rencai.core.choices import Role
from rencai.core.demo import county_bureau
from rencai.core.errors import DomainError
from rencai.core.models import Division, Organisation, RoleAssignment, User
from rencai.core.money import yuan_to_fen
from rencai.policies import evaluation
from rencai.policies import selectors as policy_selectors
from rencai.policies.facts import CATALOGUE
from rencai.policies.models import Benefit
from rencai.rules.django import select
from rencai.talents.models import Talent
from rencai.talents.services.finding import find_to_serve

from . import selectors, services
from .models import Loan, LoanProduct

SEPTEMBER_AMOUNTS = [200_000] * 60 + [165_000] * 20 + [100_000] * 13  # 93 loans, ¥16.6M
FIRST_APPLICATION, LAST_APPLICATION = date(2022, 8, 30), date(2022, 9, 26)
FULL_DEMO = 1000
PEOPLE = ("county_hrss", "county_bank", "county", "guarantee")
SURNAMES = "陈刘张王李郑吴周徐黄胡何郭罗"
GIVEN = "志强建华明辉海涛国庆春燕红梅小军德胜立新永刚"
COOP_DAY = date(2022, 10, 10)  # a Monday


def load_demo(options) -> str | None:
    selectors.ensure_public_lpr()
    products = load_products(Path(options.data_dir))
    if not products or not options.cases or Loan.objects.exists():
        return f"{len(products)} loan products" if products else None
    data = json.loads((Path(options.data_dir) / "finance.json").read_text(encoding="utf-8"))
    people = demo_people(products["startup_individual"].guarantor)
    if people is None:
        return f"{len(products)} loan products"
    county = _county(people).name
    with sms.quietly(), transaction.atomic():
        coop = _coop_loan(products["startup_small_business"], people, data.get("co_operative"))
        september = (
            _county_september(products["startup_individual"], people)
            if options.talents >= FULL_DEMO
            else 0
        )
        waiting = _waiting(
            products["startup_individual"],
            people,
            options.as_of,
        )
        audit.record(
            None,
            "demo.load",
            target_type="demo",
            target_repr="demo loans",
            changes={"september": september, "coop": bool(coop), "waiting": waiting},
        )
    return (
        f"{len(products)} loan products, {september} September 2022 loans in {county}, "
        f"{'a' if coop else 'no'} co-operative loan, {waiting} applications waiting"
    )


def demo_people(guarantor: Organisation) -> dict[str, User] | None:
    """Who does the demo's work (`PEOPLE`), found in the city's data: the county bureau's
    officer and the county's talent officer (`core.demo.county_bureau`), a bank officer of a
    bank in that county, the guarantor's officer. None if one is missing."""
    found = county_bureau("hrss")
    if found is None:
        return None
    bureau, county_officer, bureau_officer = found
    bank = (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.BANK_OFFICER,
            role_assignments__organisation__division=bureau.division,
        )
        .order_by("username")
        .first()
    )
    guarantee = (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.DEPARTMENT_OFFICER,
            role_assignments__organisation=guarantor,
        )
        .order_by("username")
        .first()
    )
    if bank is None or guarantee is None:
        return None
    return {
        "county_hrss": bureau_officer,
        "county_bank": bank,
        "county": county_officer,
        "guarantee": guarantee,
    }


def _county(people) -> Division:
    """The county of the demo's loans: the county bureau officer's."""
    return Division.objects.get(
        pk=RoleAssignment.objects.filter(
            user=people["county_hrss"], role=Role.DEPARTMENT_OFFICER, organisation__code="hrss"
        )
        .values_list("organisation__division_id", flat=True)
        .order_by("pk")[0]
    )


def load_products(data_dir: Path) -> dict[str, LoanProduct]:
    """Upsert the products by code (every partner bank offers them)."""
    path = data_dir / "finance.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    benefit = Benefit.objects.filter(code=data["benefit"]).first()
    division, code = data["guarantor"]
    guarantor = Organisation.objects.filter(division__code=division, code=code).first()
    if benefit is None or guarantor is None:
        return {}
    banks = list(Organisation.objects.filter(kind="bank", is_active=True))
    products = {}
    for row in data["products"]:
        fields = {
            **data["terms"],
            "name": row["name"],
            "borrower_kind": row["borrower_kind"],
            "max_amount_fen": yuan_to_fen(row["max_amount"]),
            "max_term_months": row["max_term_months"],
            "is_example": row["is_example"],
            "benefit": benefit,
            "guarantor": guarantor,
        }
        product, _created = LoanProduct.objects.update_or_create(code=row["code"], defaults=fields)
        product.banks.set(banks)
        products[product.code] = product
    return products


def _at(day: date, hour: int, minute: int = 0):
    return clock.at(datetime.combine(day, time(hour, minute)))


def _apply(talent, product, people, *, bank, when: datetime, **kw) -> Loan:
    """The county's human-resources officer finds the talent on a visit and files for them."""
    with clock.at(when):
        find_to_serve(actor=people["county_hrss"], id_number=talent.id_number)
        version = policy_selectors.current_version(product.benefit, clock.today())
        return services.apply_for_loan(
            talent,
            actor=people["county_hrss"],
            product=product,
            bank=bank,
            confirmed=version.to_confirm if version else (),
            **kw,
        )


def _work(loan: Loan, people, banker: User, *, applied: date, fast: bool = False) -> None:
    """Documents the same afternoon, guarantee and approval the next working day, contract
    and money the working day after (the co-operative's: all within two days)."""
    next_day = calendar.add_working_days(applied, 1)
    lend_day = next_day if fast else calendar.add_working_days(applied, 2)
    with _at(applied, 14):
        services.check_documents(loan, actor=banker)
    with _at(applied if fast else next_day, 16 if fast else 10):
        services.approve_guarantee(loan, actor=people["guarantee"])
    with _at(next_day, 11 if fast else 15):
        services.approve(loan, actor=banker)
    with _at(lend_day, 14 if fast else 10):
        services.sign_contract(loan, actor=banker, contract_date=lend_day)
    with _at(lend_day, 16 if fast else 15):
        services.disburse(loan, actor=banker, on=lend_day)


def _candidates(
    product, county: Division, *, on: date, exclude=(), tag: str = "", limit: int | None = None
) -> list[Talent]:
    """Synthetic talents of the demo's county the product's rule admits on `on` (read-only
    check), the first `limit` of them by pk (a registry of a million has tens of thousands in a
    county: the check costs several queries each, so only talents the benefit's rule selects
    in SQL — the same answer as the check's explanation — are checked; the rest of the check
    still runs)."""
    talents = Talent.objects.filter(county=county, user__isnull=True).exclude(pk__in=exclude)
    if tag:
        talents = talents.filter(tags__code=tag)
    version = policy_selectors.current_version(product.benefit, on)
    if version is not None:
        talents = select(talents, evaluation.parsed(version)[0], CATALOGUE, on=on)
    bank = product.banks.first()
    found = []
    for talent in talents.order_by("pk").distinct():
        try:
            services.check_application(
                talent,
                product,
                bank=bank,
                amount_fen=product.max_amount_fen,
                term_months=product.max_term_months,
                borrower_organisation=None if product.borrower_kind == "individual" else bank,
                on=on,
            )
        except DomainError:
            continue
        found.append(talent)
        if limit is not None and len(found) >= limit:
            break
    return found


def _county_bank(people) -> Organisation:
    return Organisation.objects.get(pk=min(_org_ids(people["county_bank"])))


def _org_ids(user: User) -> set[int]:
    return set(
        user.role_assignments.filter(role=Role.BANK_OFFICER).values_list(
            "organisation_id", flat=True
        )
    )


def _county_september(product, people) -> int:
    bank = _county_bank(people)
    used = Loan.objects.values_list("talent_id", flat=True)
    borrowers = _candidates(
        product,
        _county(people),
        on=FIRST_APPLICATION,
        exclude=list(used),
        limit=len(SEPTEMBER_AMOUNTS),
    )
    missing = len(SEPTEMBER_AMOUNTS) - len(borrowers)
    if missing > 0:
        borrowers += _register_returnees(missing, people, on=FIRST_APPLICATION - timedelta(days=1))
    days = []
    day = FIRST_APPLICATION
    while day <= LAST_APPLICATION:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    for n, (talent, amount) in enumerate(zip(borrowers, SEPTEMBER_AMOUNTS, strict=False)):
        applied = days[n * len(days) // len(SEPTEMBER_AMOUNTS)]
        when = datetime.combine(applied, time(9, 0)) + timedelta(minutes=20 * (n % 6))
        loan = _apply(
            talent,
            product,
            people,
            bank=bank,
            when=when,
            amount_fen=yuan_to_fen(amount),
            term_months=24 if amount < 200_000 else 36,
            purpose="创业经营",
        )
        _work(loan, people, people["county_bank"], applied=applied)
    return len(SEPTEMBER_AMOUNTS)


def _register_returnees(count: int, people, *, on: date, first: int = 0) -> list[Talent]:
    """Returnee entrepreneurs the county office met on its visits, registered by its officer."""
    from rencai.talents.identity import make_ric
    from rencai.talents.models import Tag
    from rencai.talents.services.registry import register_talent

    county = _county(people)
    returnee = list(Tag.objects.filter(code="returnee"))
    registered = []
    with _at(on, 9):
        for n in range(first, first + count):
            birth = date(1984 + n % 12, 1 + n % 12, 1 + n % 28)
            sequence = (700 + n) % 1000
            number = make_ric(county.code, birth, sequence)
            while Talent.objects.filter(id_number=number).exists():
                sequence = (sequence + 1) % 1000
                number = make_ric(county.code, birth, sequence)
            name = (
                SURNAMES[n % len(SURNAMES)]
                + GIVEN[(2 * n) % len(GIVEN)]
                + GIVEN[(3 * n + 1) % len(GIVEN)]
            )
            registered.append(
                register_talent(
                    actor=people["county"],
                    fields={
                        "name": name,
                        "id_number": number,
                        "mobile": f"1367270{n:04d}",
                        "county": county,
                        "tags": returnee,
                    },
                )
            )
    return registered


def _coop_loan(product, people, credit_code: str | None) -> Loan | None:
    """The co-operative's loan (finance.json's `co_operative`: its credit code)."""
    coop = Organisation.objects.filter(credit_code=credit_code).first() if credit_code else None
    if coop is None:
        return None
    heads = _candidates(product, _county(people), on=COOP_DAY, tag="rural_revitalisation", limit=1)
    if coop is None or not heads:
        return None
    loan = _apply(
        heads[0],
        product,
        people,
        bank=_county_bank(people),
        when=datetime.combine(COOP_DAY, time(9, 30)),
        amount_fen=yuan_to_fen(1_000_000),
        term_months=24,
        borrower_organisation=coop,
        purpose="合作社扩大种养规模（乡村振兴）",
    )
    _work(loan, people, people["county_bank"], applied=COOP_DAY, fast=True)
    return loan


def _waiting(product, people, as_of: date, *, register: bool = True) -> int:
    """Applications in the banks' queues on the demo's date, filed the working day before:
    three at the county's bank in different steps (one waiting for the guarantee centre), and —
    when the city bank's demo officer (`bank`) exists — two at that bank (documents to check,
    guarantee).
    Where the registry has too few fitting talents (a small demo), the county office registers
    the returnees it met, so every bank and the centre have work on their homes."""
    used = Loan.objects.values_list("talent_id", flat=True)
    city_bank = _bank_of(User.objects.filter(username="bank").first())
    wanted = 3 + (2 if city_bank else 0)
    talents = _candidates(product, _county(people), on=as_of, exclude=list(used), limit=wanted)
    previous = as_of - timedelta(days=1)
    while not calendar.is_working_day(previous):
        previous -= timedelta(days=1)
    if register and len(talents) < wanted:
        talents += _register_returnees(wanted - len(talents), people, on=previous, first=500)
    plan = [(_county_bank(people), people["county_bank"], n) for n in range(3)]
    if city_bank is not None:
        plan += [(city_bank[0], city_bank[1], n) for n in (1, 2)]
    for hour, (talent, (bank, banker, steps)) in enumerate(zip(talents, plan, strict=False)):
        loan = _apply(
            talent,
            product,
            people,
            bank=bank,
            when=datetime.combine(previous, time(9 + hour)),
            amount_fen=yuan_to_fen(150_000),
            term_months=24,
        )
        if steps >= 1:
            with _at(previous, 15):
                services.check_documents(loan, actor=banker)
        if steps >= 2:
            with _at(previous, 16):
                services.approve_guarantee(loan, actor=people["guarantee"])
    return min(len(talents), len(plan))


def _bank_of(user: User | None) -> tuple[Organisation, User] | None:
    """The bank organisation of a demo bank officer, with the officer."""
    if user is None or not _org_ids(user):
        return None
    return Organisation.objects.get(pk=min(_org_ids(user))), user
