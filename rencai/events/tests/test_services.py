"""Events' use cases: registration and the waiting list, offers, the audience rule, check-in
at the door, walk-ins."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from rencai.core import clock
from rencai.core.errors import DomainError, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county
from rencai.events import services
from rencai.events.audience import event_audience_q, verdict
from rencai.events.choices import CheckInMethod, EventKind, EventStatus, RegistrationStatus
from rencai.events.errors import NotAdmitted
from rencai.events.models import CheckIn, Event, Registration
from rencai.talents.models import Talent
from rencai.talents.tests.factories import make_talent

from .factories import (
    make_event,
    make_organiser,
    make_registration,
    make_talent_user,
    make_youth_league,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

YOUNG = {"<=": [{"var": "age"}, 35]}


def born_years_ago(years: int) -> date:
    today = clock.today()
    return today.replace(year=today.year - years) - timedelta(days=10)


# --- creating and publishing -------------------------------------------------------------


def test_a_youth_league_officer_creates_and_publishes_a_mixer():
    league = make_youth_league()
    officer = make_organiser(league)
    starts = clock.now() + timedelta(days=3)

    event = services.create_event(
        actor=officer,
        kind=EventKind.MIXER,
        title="青年有约·爱在黄冈",
        organiser=league,
        division=league.division,
        place="遗爱湖公园",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        capacity=100,
        audience_rule=YOUNG,
    )
    published = services.publish_event(event, actor=officer)

    assert published.status == EventStatus.PUBLISHED
    assert AuditEvent.objects.filter(action="events.published", target_id=str(event.pk)).exists()


def test_an_officer_of_another_department_may_not_organise_for_the_youth_league():
    league = make_youth_league()
    outsider = make_organiser(make_county_department())
    starts = clock.now() + timedelta(days=3)

    with pytest.raises(PermissionDenied):
        services.create_event(
            actor=outsider,
            kind=EventKind.FORUM,
            title="论坛",
            organiser=league,
            division=league.division,
            place="会议中心",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            capacity=10,
        )


def make_county_department():
    from rencai.policies.tests.factories import make_department

    return make_department("human_resources")


def test_an_invalid_audience_rule_is_refused_with_its_path():
    league = make_youth_league()
    starts = clock.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        services.create_event(
            actor=None,
            kind=EventKind.MIXER,
            title="x",
            organiser=league,
            division=league.division,
            place="p",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            capacity=10,
            audience_rule={"<=": [{"var": "no_such_fact"}, 35]},
        )
    assert "audience_rule" in refused.value.message_dict


# --- the audience rule -------------------------------------------------------------------


def test_the_audience_rule_admits_a_young_talent_and_refuses_an_older_one_with_its_reason():
    event = make_event(audience_rule=YOUNG)
    young = make_talent(birth_date=born_years_ago(28))
    older = make_talent(birth_date=born_years_ago(45))

    admitted, refused = verdict(event, young), verdict(event, older)

    assert admitted.admitted
    assert admitted.reasons == []
    assert not refused.admitted
    assert refused.reasons
    assert "35" in " ".join(str(r) for r in refused.reasons)
    assert set(Talent.objects.filter(event_audience_q(event)).values_list("pk", flat=True)) >= {
        young.pk
    }
    assert not Talent.objects.filter(event_audience_q(event), pk=older.pk).exists()


def test_a_talent_the_audience_refuses_cannot_register_and_is_told_why():
    event = make_event(audience_rule=YOUNG)
    older = make_talent_user(birth_date=born_years_ago(45))

    with pytest.raises(NotAdmitted) as refused:
        services.register(event, actor=older.user, talent=older)

    assert refused.value.fields["audience"]
    assert not Registration.objects.filter(event=event).exists()


def test_an_empty_audience_admits_everyone():
    event = make_event(audience_rule={})
    assert verdict(event, make_talent(birth_date=born_years_ago(70))).admitted


# --- registration and the waiting list ---------------------------------------------------


def test_a_full_event_puts_the_next_on_the_waiting_list_in_order():
    event = make_event(capacity=1)
    first = make_registration(event)
    second = make_registration(event)
    third = make_registration(event)

    assert first.status == RegistrationStatus.REGISTERED
    assert (second.status, second.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)
    assert (third.status, third.waitlist_position) == (RegistrationStatus.WAITLISTED, 2)
    assert Event.objects.get(pk=event.pk).places_taken == 1


def test_registering_twice_is_refused():
    event = make_event()
    talent = make_talent_user()
    services.register(event, actor=talent.user, talent=talent)
    with pytest.raises(DomainError):
        services.register(event, actor=talent.user, talent=talent)
    assert Registration.objects.filter(event=event, talent=talent).count() == 1


def test_a_freed_place_is_offered_to_the_first_waiting_for_the_events_offer_hours():
    event = make_event(capacity=1, offer_hours=24)
    holder = make_registration(event)
    waiting = make_registration(event, make_talent_user())

    services.cancel_registration(holder, actor=None)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    assert waiting.offer_expires_at == pytest.approx(
        clock.now() + timedelta(hours=24), abs=timedelta(seconds=5)
    )
    assert Event.objects.get(pk=event.pk).places_taken == 1


def test_an_expired_offer_passes_to_the_next_on_the_waiting_list():
    event = make_event(capacity=1, offer_hours=24)
    holder = make_registration(event)
    first = make_registration(event)
    second = make_registration(event)
    services.cancel_registration(holder, actor=None)

    expired = services.expire_offers(now=clock.now() + timedelta(hours=25))

    first.refresh_from_db()
    second.refresh_from_db()
    assert expired == 1
    assert first.status == RegistrationStatus.EXPIRED
    assert second.status == RegistrationStatus.OFFERED
    assert Event.objects.get(pk=event.pk).places_taken == 1


def test_an_offer_accepted_in_time_becomes_a_place():
    event = make_event(capacity=1)
    holder = make_registration(event)
    talent = make_talent_user()
    waiting = make_registration(event, talent)
    services.cancel_registration(holder, actor=None)

    accepted = services.accept_offer(waiting, actor=talent.user)

    assert accepted.status == RegistrationStatus.REGISTERED


# --- check-in at the door ----------------------------------------------------------------


def test_the_same_scan_sent_twice_counts_once():
    event = make_event()
    registration = make_registration(event)
    organiser = make_organiser(event.organiser)

    first = services.check_in(event, actor=organiser, code=registration.code, scan_id="scan-1")
    again = services.check_in(event, actor=organiser, code=registration.code, scan_id="scan-1")

    assert first.ok
    assert not first.repeated
    assert again.ok
    assert again.repeated
    assert again.check_in.pk == first.check_in.pk
    assert CheckIn.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("unknown", "not_registered"),
        ("another_event", "another_event"),
        ("cancelled", "registration_cancelled"),
        ("already", "already_checked_in"),
    ],
)
def test_a_refused_scan_says_why(case, reason):
    event = make_event()
    organiser = make_organiser(event.organiser)
    registration = make_registration(event)
    code = registration.code
    if case == "unknown":
        code = "NOSUCHCODE"
    elif case == "another_event":
        code = make_registration(make_event(organiser=event.organiser)).code
    elif case == "cancelled":
        services.cancel_registration(registration, actor=None)
    elif case == "already":
        services.check_in(event, actor=organiser, code=code, scan_id="first")

    with pytest.raises(DomainError) as refused:
        services.check_in(event, actor=organiser, code=code, scan_id="second")

    assert refused.value.code == reason


def test_an_offline_batch_keeps_both_times_and_answers_each_scan():
    event = make_event()
    organiser = make_organiser(event.organiser)
    registration = make_registration(event)
    scanned = clock.now() - timedelta(minutes=30)

    results = services.check_in_batch(
        event,
        actor=organiser,
        scans=[
            {
                "code": registration.code,
                "scan_id": "a",
                "scanned_at": scanned,
                "method": CheckInMethod.OFFLINE,
            },
            {"code": "NOSUCHCODE", "scan_id": "b"},
            {
                "code": registration.code,
                "scan_id": "a",
                "scanned_at": scanned,
                "method": CheckInMethod.OFFLINE,
            },
        ],
    )

    assert [r.ok for r in results] == [True, False, True]
    assert results[2].repeated
    check_in = CheckIn.objects.get(event=event)
    assert check_in.scanned_at == scanned
    assert check_in.uploaded_at is not None
    assert check_in.uploaded_at > scanned


def test_an_officer_who_does_not_organise_the_event_cannot_check_in():
    event = make_event()
    registration = make_registration(event)
    outsider = make_organiser(make_county_department())
    with pytest.raises(PermissionDenied):
        services.check_in(event, actor=outsider, code=registration.code, scan_id="x")


def test_a_walk_in_becomes_a_talent_registered_and_checked_in():
    from rencai.talents.identity import make_ric

    event = make_event(kind=EventKind.JOB_FAIR)
    organiser = make_organiser(event.organiser)
    county = make_county()
    number = make_ric(county.code, date(1998, 5, 4), 17)

    registration = services.register_walk_in(
        event,
        actor=organiser,
        fields={
            "id_type": "ric",
            "id_number": number,
            "name": "李青",
            "mobile": "13912345678",
            "county": county,
        },
    )

    assert registration.talent.name == "李青"
    assert registration.source == "walk_in"
    assert CheckIn.objects.filter(registration=registration).exists()


# --- outreach on publishing --------------------------------------------------------------


def test_publishing_tells_the_talents_the_audience_admits_once(django_capture_on_commit_callbacks):
    from rencai.policies.models import OutreachNotice

    young = make_talent(birth_date=born_years_ago(26))
    older = make_talent(birth_date=born_years_ago(50))
    event = make_event(status=EventStatus.DRAFT, audience_rule=YOUNG)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event(event, actor=None)

    told = OutreachNotice.objects.filter(kind="events.event", subject_id=event.pk)
    assert young.pk in set(told.values_list("talent_id", flat=True))
    assert not told.filter(talent=older).exists()
    assert told.filter(talent=young).count() == 1


def test_an_events_notices_carry_its_organiser_as_their_department(
    django_capture_on_commit_callbacks,
):
    """The dashboard's department filter counts an event's notices for its organiser."""
    from rencai.policies.models import OutreachNotice

    make_talent(birth_date=born_years_ago(26))
    make_talent(birth_date=born_years_ago(27))
    event = make_event(status=EventStatus.DRAFT, audience_rule=YOUNG)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event(event, actor=None)

    told = OutreachNotice.objects.filter(kind="events.event", subject_id=event.pk)
    assert list(told.values_list("department_id", flat=True)) == [event.organiser_id] * 2
