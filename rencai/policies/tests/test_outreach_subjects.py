"""Outreach to any subject with an audience: told once per subject version, in-app and SMS.

The subject here is a throw-away kind registered by the test: a talent tag, whose audience is
the talents holding it and whose version the test turns (no benefit, no rule).
"""

import pytest
from django.db.models import Q

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.models import AuditEvent, Message, Notification
from rencai.core.notifications import attach_to_user
from rencai.core.sms import MemorySmsBackend
from rencai.core.tests.factories import make_county, make_user
from rencai.policies import outreach
from rencai.policies.choices import OutreachTrigger, RunStatus
from rencai.policies.models import OutreachNotice, OutreachRun
from rencai.policies.services import outreach_subject
from rencai.policies.services.outreach import run_outreach
from rencai.policies.subjects import (
    BENEFIT_KIND,
    register_outreach_subject,
    unregister_outreach_subject,
)
from rencai.talents.models import Tag
from rencai.talents.tests.factories import make_talent

from .factories import make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

KIND = "tests.gathering"


@pytest.fixture
def revisions():
    """A tag as an outreach subject: its audience holds the tag; its version is set here."""
    versions: dict[int, int] = {}
    register_outreach_subject(
        KIND,
        model=Tag,
        label="聚会",
        audience=lambda tag: Q(tags=tag),
        version=lambda tag: versions.get(tag.pk, 1),
        message=lambda tag: (f"{tag.name}邀请您参加", "时间地点见详情。"),
        url=lambda tag: f"/gatherings/{tag.pk}/",
    )
    yield versions
    unregister_outreach_subject(KIND)


@pytest.fixture
def tag():
    return Tag.objects.create(code="gathering", name="青年人才沙龙")


def publish(subject, django_capture_on_commit_callbacks) -> OutreachRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = outreach_subject(KIND, subject)
    run.refresh_from_db()
    return run


def subject_run(subject, **fields) -> OutreachRun:
    """A queued subject run, not yet executed."""
    return OutreachRun.objects.create(
        trigger=OutreachTrigger.SUBJECT,
        subject_kind=KIND,
        subject_id=subject.pk,
        evaluated_on=clock.today(),
        **fields,
    )


def notifications_of(talent):
    return Notification.objects.filter(subject_type="talents.talent", subject_id=str(talent.pk))


def test_publishing_a_subject_tells_the_talents_its_audience_admits_once(
    revisions, tag, django_capture_on_commit_callbacks
):
    # given two talents in the audience, one with an account, and one outside it
    user = make_user()
    inside = make_talent(tags=[tag], user=user)
    no_account = make_talent(tags=[tag])
    outside = make_talent()

    # when the subject is published
    run = publish(tag, django_capture_on_commit_callbacks)

    # then each admitted talent has one notice and one in-app notification with the link
    assert (run.trigger, run.status, run.found, run.notified) == ("subject", "done", 2, 2)
    notices = OutreachNotice.objects.filter(kind=KIND, subject_id=tag.pk, subject_version=1)
    assert set(notices.values_list("talent_id", flat=True)) == {inside.pk, no_account.pk}
    note = notifications_of(inside).get()
    assert (note.recipient, note.link) == (user, f"/gatherings/{tag.pk}/")
    assert note.title == "青年人才沙龙邀请您参加"
    assert note.body == "时间地点见详情。"
    assert notifications_of(no_account).get().recipient is None
    assert not notifications_of(outside).exists()
    assert AuditEvent.objects.filter(action="outreach.run").count() == 1
    # and each notification's outbox row, sent, under (kind, the run, the talent, date, in_app)
    in_app = Message.objects.filter(channel="in_app")
    assert sorted(in_app.values_list("recipient", "state", "subject_id", "link")) == sorted(
        (f"talents.talent:{t.pk}", "sent", str(run.pk), f"/gatherings/{tag.pk}/")
        for t in (inside, no_account)
    )


def test_publishing_an_unchanged_subject_again_tells_no_one(
    revisions, tag, django_capture_on_commit_callbacks
):
    talent = make_talent(tags=[tag])
    publish(tag, django_capture_on_commit_callbacks)

    again = publish(tag, django_capture_on_commit_callbacks)

    assert (again.found, again.notified) == (1, 0)
    assert OutreachNotice.objects.count() == 1
    assert notifications_of(talent).count() == 1


def test_a_new_version_of_the_subject_tells_its_audience_again(
    revisions, tag, django_capture_on_commit_callbacks
):
    talent = make_talent(tags=[tag])
    publish(tag, django_capture_on_commit_callbacks)
    revisions[tag.pk] = 2

    run = publish(tag, django_capture_on_commit_callbacks)

    assert run.notified == 1
    assert run.versions["versions"][0]["version"] == 2
    assert notifications_of(talent).count() == 2


def test_a_talent_joining_the_audience_is_told_at_the_next_publication_only(
    revisions, tag, django_capture_on_commit_callbacks
):
    first = make_talent(tags=[tag])
    publish(tag, django_capture_on_commit_callbacks)
    later = make_talent(tags=[tag])

    run = publish(tag, django_capture_on_commit_callbacks)

    assert (run.found, run.notified) == (2, 1)
    assert notifications_of(first).count() == 1
    assert notifications_of(later).count() == 1


def test_a_claimed_account_receives_the_notices_sent_to_its_record(
    revisions, tag, django_capture_on_commit_callbacks
):
    talent = make_talent(tags=[tag])
    publish(tag, django_capture_on_commit_callbacks)
    user = make_user()

    attached = attach_to_user(talent, user)

    assert attached == 1
    assert Notification.objects.get(recipient=user).link == f"/gatherings/{tag.pk}/"


def test_subject_sms_goes_out_after_commit(
    settings, revisions, tag, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    talent = make_talent(tags=[tag], mobile="13912345678")

    publish(tag, django_capture_on_commit_callbacks)

    assert MemorySmsBackend.outbox == [("13912345678", "青年人才沙龙邀请您参加: 时间地点见详情。")]
    assert notifications_of(talent).get().channels == ["in_app", "sms"]


def test_subject_outreach_and_benefit_outreach_tell_the_same_talent_separately(
    revisions, tag, django_capture_on_commit_callbacks
):
    benefit = make_benefit(rule={"has": [{"var": "tags"}, "gathering"]})
    talent = make_talent(tags=[tag])

    publish(tag, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        outreach_subject(BENEFIT_KIND, benefit)

    kinds = set(OutreachNotice.objects.filter(talent=talent).values_list("kind", "subject_id"))
    assert kinds == {(KIND, tag.pk), (BENEFIT_KIND, benefit.pk)}
    assert notifications_of(talent).count() == 2
    assert OutreachRun.objects.filter(trigger=OutreachTrigger.PUBLISH, benefit=benefit).exists()


def test_a_subject_run_over_one_county_tells_that_county_only(revisions, tag):
    here, there = make_county("421121", "团风县"), make_county("421182", "武穴市")
    inside = make_talent(county=here, tags=[tag])
    make_talent(county=there, tags=[tag])
    run_outreach(subject_run(tag, county=here).pk)

    assert set(OutreachNotice.objects.values_list("talent_id", flat=True)) == {inside.pk}


def test_an_unregistered_kind_is_refused_when_published(tag):
    with pytest.raises(LookupError):
        outreach_subject("tests.nothing", tag)
    with pytest.raises(ValueError, match="own kind"):
        register_outreach_subject(
            BENEFIT_KIND,
            model=Tag,
            label="",
            audience=Q,
            version=int,
            message=str,
            url=str,
        )


def test_a_run_killed_halfway_leaves_nothing_and_the_next_run_completes_it(
    revisions, tag, monkeypatch
):
    # given a run that dies after recording, while notifying
    talent = make_talent(tags=[tag])
    killed = subject_run(tag)

    def die(*args, **kwargs):
        raise RuntimeError("killed halfway")

    monkeypatch.setattr(outreach, "notify_subject", die)
    with pytest.raises(RuntimeError):
        run_outreach(killed.pk)
    monkeypatch.undo()

    # then nothing of it was kept, and the next run tells the talent
    killed.refresh_from_db()
    assert killed.status == RunStatus.FAILED
    assert not OutreachNotice.objects.exists()
    assert not notifications_of(talent).exists()
    assert run_outreach(subject_run(tag).pk).notified == 1
    assert notifications_of(talent).count() == 1


def test_the_run_pages_name_the_subject_of_a_subject_run(
    client, revisions, tag, django_capture_on_commit_callbacks
):
    make_talent(tags=[tag])
    run = publish(tag, django_capture_on_commit_callbacks)
    client.force_login(make_user(role=Role.TASK_FORCE))

    assert "聚会 · 青年人才沙龙" in client.get(f"/outreach/{run.pk}/").content.decode()
    assert "聚会 · 青年人才沙龙" in client.get("/outreach/").content.decode()
