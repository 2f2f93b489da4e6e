"""A talent's intents in the one-person file, as far as the viewer may see them."""

import pytest

from rencai.core.timeline import timeline_for
from rencai.events.fairs import services, timeline
from rencai.events.fairs.choices import Side

from .factories import make_fair, make_participant, make_position, make_seeker

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_the_talent_and_the_enterprise_see_the_intent_another_enterprise_does_not():
    fair = make_fair()
    participant = make_participant(fair)
    seeker = make_seeker(fair)
    intent = services.propose_intent(
        make_position(participant, title="电气工程师"),
        talent=seeker,
        side=Side.SEEKER,
        actor=seeker.user,
    )
    services.confirm_intent(intent, side=Side.ENTERPRISE, actor=participant.contact)
    stranger = make_participant(fair).contact

    own = timeline.entries(seeker.user, seeker)
    enterprise = timeline.entries(participant.contact, seeker)

    assert [e.title for e in own] == [
        "发起就业意向：电气工程师",
        "就业意向已确认：电气工程师",
    ]
    assert len(enterprise) == 2
    assert {e.title for e in timeline_for(seeker.user, seeker, only={"job_fair"})} == {
        e.title for e in own
    }  # the file asks the provider: the talent's intents are its records
    assert timeline.entries(stranger, seeker) == []
