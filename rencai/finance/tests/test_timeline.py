"""Loans in the one-person file: each step, for viewers who may see the loan only."""

from datetime import date

import pytest

from rencai.core.timeline import Entry, timeline_for
from rencai.finance.timeline import loan_entries

from .factories import Finance

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_each_step_of_a_loan_is_in_the_borrowers_file():
    fin = Finance()
    talent = fin.talent()
    fin.run(fin.apply(talent), on=date(2022, 9, 5))

    entries = [e for e in timeline_for(fin.officer, talent) if e.kind == "loan"]

    assert len(entries) == 6
    assert any("已发放" in e.title or "Disbursed" in e.title for e in entries)
    assert {e.link for e in entries} == {f"/loans/{talent.loans.get().pk}/"}


def test_a_limit_keeps_the_newest_steps_in_the_files_order():
    """Given a loan's six steps, run on one day, when the borrower's loan entries are asked
    for with a limit n, then they are the first n of all of them in the file's order."""
    fin = Finance()
    talent = fin.talent()
    fin.run(fin.apply(talent), on=date(2022, 9, 5))
    whole = sorted(loan_entries(fin.officer, talent), key=Entry.sort_key, reverse=True)

    for n in range(1, 8):
        assert loan_entries(fin.officer, talent, limit=n) == whole[:n], n


def test_another_banks_officer_sees_no_loan_entry():
    fin = Finance()
    talent = fin.talent()
    fin.apply(talent)
    other = Finance()

    assert [e for e in timeline_for(other.officer, talent) if e.kind == "loan"] == []
