"""Finance test helpers: a guarantee centre, partner banks, products, officers, loans.

fin = Finance()                         # centre, a bank with an individual product
loan = fin.apply(talent)                # applied (actor: the talent's county officer)
fin.run(loan, to="disbursed", on=date(2022, 9, 5))
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time

from rencai.core import clock
from rencai.core.choices import OrganisationKind, Role
from rencai.core.tests.factories import make_county, make_organisation, make_talent, make_user
from rencai.finance import services
from rencai.finance.choices import BorrowerKind
from rencai.finance.models import LoanProduct
from rencai.finance.selectors import ensure_public_lpr
from rencai.policies.tests.factories import make_benefit, make_department

_n = itertools.count(1)

AGE_RULE = {"and": [{">=": [{"var": "age"}, 18]}, {"<=": [{"var": "age"}, 60]}]}
LIMITS = {
    BorrowerKind.INDIVIDUAL: (20_000_000, 36),
    BorrowerKind.PARTNERSHIP: (100_000_000, 24),
    BorrowerKind.SMALL_BUSINESS: (300_000_000, 24),
}


def make_bank(**kw):
    kw.setdefault("name", f"测试银行{next(_n)}")
    return make_organisation(OrganisationKind.BANK, **kw)


def make_product(benefit, guarantor, banks, *, kind=BorrowerKind.INDIVIDUAL, **fields):
    ensure_public_lpr()  # a transactional test elsewhere may have flushed the migration's rows
    limit, term = LIMITS[kind]
    n = next(_n)
    fields.setdefault("max_amount_fen", limit)
    fields.setdefault("max_term_months", term)
    product = LoanProduct.objects.create(
        code=f"product_{n}",
        name=f"测试贷款{n}",
        borrower_kind=kind,
        benefit=benefit,
        guarantor=guarantor,
        rate_cap_spread_bp=fields.pop("rate_cap_spread_bp", 300),
        **fields,
    )
    product.banks.set(banks)
    return product


class Finance:
    """A guarantee centre, a bank with its officer, one product of each kind."""

    def __init__(self, county=None):
        self.county = county or make_county()
        self.centre = make_department("guarantee_centre")
        self.benefit = make_benefit(
            rule=AGE_RULE, owning_department=self.centre, effective_from=date(2021, 1, 1)
        )
        self.bank = make_bank()
        self.officer = make_user(role=Role.BANK_OFFICER, organisation=self.bank)
        self.reviewer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=self.centre)
        self.county_officer = make_user(role=Role.COUNTY_OFFICER, division=self.county)
        self.individual = make_product(self.benefit, self.centre, [self.bank])
        self.small_business = make_product(
            self.benefit, self.centre, [self.bank], kind=BorrowerKind.SMALL_BUSINESS
        )

    def talent(self, **kw):
        kw.setdefault("birth_date", date(1990, 3, 3))
        return make_talent(county=self.county, **kw)

    def apply(self, talent, *, product=None, amount_fen=20_000_000, term=24, on=None, **kw):
        kw.setdefault("actor", self.county_officer)
        with clock.at(datetime.combine(on or date(2022, 9, 1), time(9, 0))):
            return services.apply_for_loan(
                talent,
                product=product or self.individual,
                bank=kw.pop("bank", self.bank),
                amount_fen=amount_fen,
                term_months=term,
                **kw,
            )

    def run(self, loan, *, to: str = "disbursed", on: date = date(2022, 9, 1), **kw):
        """Move `loan` on, step by step, all on day `on` (contract and money that day)."""
        steps = [
            ("documents", lambda: services.check_documents(loan, actor=self.officer)),
            ("guaranteed", lambda: services.approve_guarantee(loan, actor=self.reviewer)),
            ("approved", lambda: services.approve(loan, actor=self.officer)),
            (
                "contracted",
                lambda: services.sign_contract(
                    loan, actor=self.officer, contract_date=on, rate_bp=kw.get("rate_bp")
                ),
            ),
            ("disbursed", lambda: services.disburse(loan, actor=self.officer, on=on)),
        ]
        with clock.at(datetime.combine(on, time(15, 0))):
            for _state, step in steps:
                if loan.state == to:
                    break
                step()
        return loan
