"""A run over versions recorded before: one read-only pass first (`outreach.survey`), then
statements only for the versions with something new — the same results as a statement per
version (on SQLite every version has its own statement: the results are the same there)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from rencai.core.tests.factories import make_county
from rencai.policies import outreach, services
from rencai.policies.choices import OutreachTrigger
from rencai.policies.models import Entitlement, OutreachNotice, OutreachRun
from rencai.policies.services.outreach import queue_run, run_outreach
from rencai.talents.tests.factories import make_degree, make_talent

from .factories import DEGREE_TABLE, make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

TODAY = timezone.localdate()
DOCTORATE_RULE = {">=": [{"var": "degree"}, "doctorate"]}


def born(age: int) -> date:
    return TODAY.replace(year=TODAY.year - age) - timedelta(days=10)


def master(**fields):
    return make_talent(degree=make_degree("master"), birth_date=born(30), **fields)


def doctor(**fields):
    return make_talent(degree=make_degree("doctorate"), birth_date=born(30), **fields)


def run_all() -> OutreachRun:
    run = queue_run(actor=None, trigger=OutreachTrigger.SCHEDULE)
    return run_outreach(run.pk)


def by_benefit(run: OutreachRun) -> dict[str, tuple[int, int, int]]:
    return {
        v["benefit"]: (v["found"], v["notified"], v["recorded"]) for v in run.versions["versions"]
    }


def told(benefit) -> set[int]:
    return set(
        OutreachNotice.objects.filter(subject_id=benefit.pk).values_list("talent_id", flat=True)
    )


@pytest.fixture
def recorded():
    """Three benefits recorded once: master or higher (two masters and a doctor), doctorate
    (the doctor), and a 免申即享 benefit for master or higher (three pending
    entitlements)."""
    masters = make_benefit()
    doctors = make_benefit(rule=DOCTORATE_RULE)
    granted = make_benefit(no_application=True, amount=DEGREE_TABLE, exclusivity_group="g")
    people = [master(), master(), doctor()]
    first = run_all()
    assert (first.found, first.notified, first.recorded) == (3 + 1 + 3, 7, 3)
    return masters, doctors, granted, people


def test_a_run_with_nothing_new_counts_everyone_found_and_writes_nothing(recorded):
    masters, doctors, granted, _people = recorded
    notices, entitlements = OutreachNotice.objects.count(), Entitlement.objects.count()

    again = run_all()

    # masters: the 3 talents of master or higher; doctors: 1; granted: every master holds it
    assert by_benefit(again) == {
        masters.code: (3, 0, 0),
        doctors.code: (1, 0, 0),
        granted.code: (0, 0, 0),
    }
    assert (again.found, again.notified, again.recorded) == (4, 0, 0)
    assert (OutreachNotice.objects.count(), Entitlement.objects.count()) == (
        notices,
        entitlements,
    )


def test_a_run_records_only_the_talents_new_since_the_last_one(recorded):
    masters, doctors, granted, people = recorded
    newcomer = doctor()
    lost = people[0]
    lost.degree = None
    lost.save(update_fields=["degree"])

    again = run_all()

    assert by_benefit(again) == {
        masters.code: (3, 1, 0),  # two still qualifying, told before, and the newcomer
        doctors.code: (2, 1, 0),
        granted.code: (1, 1, 1),
    }
    assert told(masters) == {people[0].pk, people[1].pk, people[2].pk, newcomer.pk}
    assert told(doctors) == {people[2].pk, newcomer.pk}
    assert Entitlement.objects.filter(benefit=granted, talent=newcomer).count() == 1


def test_a_version_with_more_to_write_than_the_survey_lists_gets_its_own_statement(
    recorded, monkeypatch
):
    masters, doctors, granted, people = recorded
    monkeypatch.setattr(outreach, "SURVEY_IDS", 1)
    newcomers = [master(), master()]

    again = run_all()

    assert by_benefit(again) == {
        masters.code: (5, 2, 0),
        doctors.code: (1, 0, 0),
        granted.code: (2, 2, 2),
    }
    assert told(masters) == {p.pk for p in people} | {n.pk for n in newcomers}


def test_a_new_version_is_recorded_whole_beside_versions_recorded_before(recorded):
    masters, doctors, _granted, people = recorded
    services.update_draft(doctors, actor=None, fields={"note": "v2"})
    services.publish_draft(doctors, actor=None, effective_from=TODAY)

    again = run_all()

    assert by_benefit(again)[doctors.code] == (1, 1, 0)
    assert by_benefit(again)[masters.code] == (3, 0, 0)
    assert OutreachNotice.objects.filter(subject_id=doctors.pk, subject_version=2).count() == 1


def test_a_county_run_over_versions_recorded_before_looks_at_its_county_only():
    # given a benefit recorded for everyone, then a newcomer in each of two counties
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    benefit = make_benefit()
    before = [master(county=tuanfeng), master(county=wuxue)]
    run_all()
    here, there = master(county=tuanfeng), master(county=wuxue)

    # when outreach runs over 团风县 only
    run = queue_run(actor=None, trigger=OutreachTrigger.MANUAL, county=tuanfeng)
    run = run_outreach(run.pk)

    # then the county's two talents are found, its newcomer alone told
    assert by_benefit(run)[benefit.code] == (2, 1, 0)
    assert told(benefit) == {before[0].pk, before[1].pk, here.pk}
    assert there.pk not in told(benefit)
