"""High-water marks (PostgreSQL): a run over the registry skips a version whose found query
is the same as when it was last recorded and whose tables did not change since — and
evaluates it again after any change that could make someone new."""

import dataclasses
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rencai.policies import marks, services
from rencai.policies.choices import OutreachTrigger
from rencai.policies.models import OutreachMark, OutreachNotice, OutreachRun
from rencai.policies.services.outreach import run_outreach
from rencai.talents.tests.factories import make_degree, make_talent

from .factories import DEGREE_TABLE, make_benefit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="marks are PostgreSQL's"),
]

TODAY = timezone.localdate()
MASTERS = {">=": [{"var": "degree"}, "master"]}  # reads no date
YOUNG_MASTERS = {"and": [MASTERS, {"<=": [{"var": "age"}, 40]}]}  # reads the date


def master(**fields):
    birth = TODAY.replace(year=TODAY.year - 30) - timedelta(days=10)
    return make_talent(degree=make_degree("master"), birth_date=birth, **fields)


def run_on(day: date = TODAY) -> OutreachRun:
    run = OutreachRun.objects.create(trigger=OutreachTrigger.SCHEDULE, evaluated_on=day)
    return run_outreach(run.pk)


def outcome(run: OutreachRun) -> dict[str, tuple[int, int, bool]]:
    return {
        v["benefit"]: (v["found"], v["notified"], v["unchanged"]) for v in run.versions["versions"]
    }


def test_a_run_with_nothing_changed_since_the_last_skips_the_version_and_reports_its_count():
    benefit = make_benefit(rule=MASTERS)
    master(), master()
    assert outcome(run_on()) == {benefit.code: (2, 2, False)}

    again = run_on()

    assert outcome(again) == {benefit.code: (2, 0, True)}
    assert (again.found, again.notified) == (2, 0)


def test_a_mark_made_in_another_cluster_is_not_trusted(monkeypatch):
    """A database restored into another cluster (pg_restore) counts transactions afresh: its
    marks' snapshots mean nothing there, so the version is evaluated again."""
    benefit = make_benefit(rule=MASTERS)
    master()
    here = marks.now

    def elsewhere():
        return dataclasses.replace(here(), cluster="another cluster")

    monkeypatch.setattr(marks, "now", elsewhere)
    run_on()
    monkeypatch.setattr(marks, "now", here)

    assert outcome(run_on()) == {benefit.code: (1, 0, False)}
    assert outcome(run_on()) == {benefit.code: (1, 0, True)}  # marked in this one


def test_a_talent_registered_after_the_mark_is_found_and_told():
    benefit = make_benefit(rule=MASTERS)
    master()
    run_on()
    newcomer = master()

    again = run_on()

    assert outcome(again) == {benefit.code: (2, 1, False)}
    assert OutreachNotice.objects.filter(talent=newcomer).count() == 1
    assert outcome(run_on()) == {benefit.code: (2, 0, True)}  # marked again


def test_a_rule_reading_the_date_is_evaluated_again_the_next_day_not_the_same_day():
    benefit = make_benefit(rule=YOUNG_MASTERS)
    master()
    run_on()

    assert outcome(run_on()) == {benefit.code: (1, 0, True)}
    assert outcome(run_on(TODAY + timedelta(days=1))) == {benefit.code: (1, 0, False)}


def test_a_withdrawn_entitlement_makes_its_holder_found_again():
    benefit = make_benefit(rule=MASTERS)
    holder, other = master(), master()
    held = services.record_entitlement(holder, benefit, actor=None)
    assert outcome(run_on()) == {benefit.code: (1, 1, False)}
    services.transition_entitlement(held, actor=None, to_state="withdrawn")

    again = run_on()

    assert outcome(again) == {benefit.code: (2, 1, False)}
    assert set(OutreachNotice.objects.values_list("talent_id", flat=True)) == {holder.pk, other.pk}


def test_a_deleted_notice_is_told_again():
    benefit = make_benefit(rule=MASTERS)
    talent = master()
    run_on()
    OutreachNotice.objects.filter(talent=talent).delete()

    assert outcome(run_on()) == {benefit.code: (1, 1, False)}


def test_a_no_application_benefit_is_never_skipped():
    benefit = make_benefit(rule=MASTERS, no_application=True, amount=DEGREE_TABLE)
    master()
    run_on()

    assert outcome(run_on()) == {benefit.code: (0, 0, False)}  # the talent now holds it
    assert not OutreachMark.objects.exists()


def test_a_change_by_another_transaction_counts_unless_the_marks_snapshot_saw_it():
    # given this transaction's change to the registry, and two marks of other runs: one
    # whose snapshot saw this transaction committed (xmax above its id), one whose snapshot
    # did not (xmax at its id: it began or committed after)
    master()
    xid = int(marks.now().xid)

    def mark(snapshot: str, n: int) -> OutreachMark:
        return OutreachMark.objects.create(
            kind="policies.benefit", subject_id=n, subject_version=1, rule_key="k",
            snapshot=snapshot, xid=str(xid - 1), seq=0, found=0, run_id=0,
        )  # fmt: skip

    saw, missed = mark(f"{xid}:{xid + 1}:", 1), mark(f"{xid}:{xid}:", 2)

    # then only the mark that saw it still holds
    assert marks.unchanged([saw, missed]) == {saw.pk}


def test_a_new_version_is_evaluated_and_the_old_versions_mark_dropped():
    benefit = make_benefit(rule=MASTERS)
    master()
    run_on()
    services.update_draft(benefit, actor=None, fields={"note": "v2"})
    services.publish_draft(benefit, actor=None, effective_from=TODAY)

    assert outcome(run_on()) == {benefit.code: (1, 1, False)}
    assert list(OutreachMark.objects.values_list("subject_id", "subject_version")) == [
        (benefit.pk, 2)
    ]


def test_the_change_log_forgets_old_changes_every_mark_has_seen_and_keeps_young_ones():
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {marks.CHANGES} (xid, seq, at) VALUES"  # noqa: S608
            " ('3'::xid8, 1, now() - interval '2 days'), ('4'::xid8, 2, now())"
        )
        marks.prune()
        cursor.execute(f"SELECT xid::text FROM {marks.CHANGES} WHERE xid < '5'::xid8")  # noqa: S608
        assert cursor.fetchall() == [("4",)]
