"""Concurrent checks of one card each get their own running number (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from rencai.talents.models import TalentCard
from rencai.talents.services.cards import verify_card
from rencai.talents.tests.factories import make_card

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]

CHECKS = 20


def test_simultaneous_checks_get_distinct_consecutive_numbers():
    card = make_card()
    numbers: list[int] = []
    start = threading.Barrier(CHECKS)

    def check():
        try:
            start.wait()
            numbers.append(verify_card(card.token).check_number)
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(CHECKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(numbers) == list(range(1, CHECKS + 1))
    assert TalentCard.objects.get(pk=card.pk).check_count == CHECKS
