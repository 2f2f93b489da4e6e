"""Races on PostgreSQL: a borrower's applications filed at once by many officers still give
at most three subsidised loans, and the first ones share one entitlement. SQLite serialises
writers, so these run on PostgreSQL only."""

from functools import partial

import pytest
from django.db import connection

from rencai.core.errors import DomainError
from rencai.core.tests import concurrency
from rencai.finance.models import Loan
from rencai.policies.models import Entitlement

from .factories import Finance

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 6


all_at_once = partial(concurrency.all_at_once, threads=THREADS)


def test_applications_at_once_never_exceed_three_subsidised_loans():
    fin = Finance()
    talent = fin.talent()

    results = all_at_once(lambda i: fin.apply(talent, amount_fen=1_000_000 + i))

    loans = [r for r in results if isinstance(r, Loan)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(loans) == 3, results
    assert {r.code for r in refused} == {"subsidy_limit"}
    assert Loan.objects.filter(talent=talent).count() == 3
    assert Entitlement.objects.live().filter(talent=talent).count() == 1
