"""Races on PostgreSQL: a borrower's applications filed at once by many officers still give
at most three subsidised loans, and the first ones share one entitlement. SQLite serialises
writers, so these run on PostgreSQL only."""

import threading

import pytest
from django.db import connection, connections

from rencai.core.errors import DomainError
from rencai.finance.models import Loan
from rencai.policies.models import Entitlement

from .factories import Finance

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 6


def all_at_once(work):
    barrier = threading.Barrier(THREADS)
    results: list = [None] * THREADS

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 (collected and asserted on)
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


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
