"""Green-channel visits and health records in the one-person file, as far as the viewer's
medical scope reaches."""

from datetime import timedelta

import pytest

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.core.timeline import timeline_for
from rencai.medical import services

from .factories import make_card_holder, make_hospital, make_slot

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_the_file_lists_the_visit_its_outcome_and_the_record(mid_morning):
    hospital = make_hospital()
    talent = make_card_holder()
    appointment = services.book_appointment(make_slot(hospital), actor=talent.user, talent=talent)
    mid_morning.shift(timedelta(days=1))
    for step in ("check_in", "accompany", "complete"):
        services.run_step(appointment, step, actor=hospital.liaison)
    services.open_health_record(talent, hospital, actor=hospital.liaison)

    entries = timeline_for(make_user(role=Role.TASK_FORCE), talent, only={"medical"})

    titles = [e.title for e in entries]
    assert len(entries) == 3
    assert any(talent.name in t for t in titles)


def test_another_hospitals_liaison_reads_nothing_of_it():
    hospital, other = make_hospital(), make_hospital()
    talent = make_card_holder()
    services.book_appointment(make_slot(hospital), actor=talent.user, talent=talent)

    assert timeline_for(other.liaison, talent, only={"medical"}) == []
    assert len(timeline_for(hospital.liaison, talent, only={"medical"})) == 1
