"""Loans in the one-person file: each step, for viewers who may see the loan only."""

from datetime import date

import pytest

from rencai.core.timeline import timeline_for

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


def test_another_banks_officer_sees_no_loan_entry():
    fin = Finance()
    talent = fin.talent()
    fin.apply(talent)
    other = Finance()

    assert [e for e in timeline_for(other.officer, talent) if e.kind == "loan"] == []
