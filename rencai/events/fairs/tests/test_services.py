"""Job fairs' services: intents count only when both sides confirm; each side acts only for
itself; enterprises post only their own positions; every write audited."""

import pytest
from django.core.exceptions import ValidationError

from rencai.core.choices import Role
from rencai.core.errors import Conflict, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_user
from rencai.events.fairs import services
from rencai.events.fairs.choices import IntentStatus, Side
from rencai.events.fairs.errors import IllegalTransition, IntentExists
from rencai.events.fairs.models import EmploymentIntent

from .factories import (
    make_enterprise,
    make_fair,
    make_organiser,
    make_participant,
    make_position,
    make_seeker,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def fair():
    return make_fair()


@pytest.fixture
def position(fair):
    return make_position(make_participant(fair))


def test_an_intent_proposed_by_the_seeker_counts_only_once_the_enterprise_confirms(position):
    seeker = make_seeker()
    contact = position.participant.contact

    intent = services.propose_intent(position, talent=seeker, side=Side.SEEKER, actor=seeker.user)

    assert intent.status == IntentStatus.PROPOSED
    assert not EmploymentIntent.objects.confirmed().exists()
    intent = services.confirm_intent(intent, side=Side.ENTERPRISE, actor=contact)
    assert intent.status == IntentStatus.CONFIRMED
    assert intent.confirmed_at is not None
    assert list(EmploymentIntent.objects.confirmed()) == [intent]
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["employment_intent.propose", "employment_intent.confirm"]


def test_an_intent_the_enterprise_proposes_counts_once_the_seeker_confirms(fair, position):
    seeker = make_seeker(fair)
    contact = position.participant.contact

    intent = services.propose_intent(position, talent=seeker, side=Side.ENTERPRISE, actor=contact)
    assert intent.status == IntentStatus.PROPOSED
    intent = services.confirm_intent(intent, side=Side.SEEKER, actor=seeker.user)

    assert intent.status == IntentStatus.CONFIRMED


def test_the_enterprise_proposes_only_to_a_seeker_registered_at_the_fair(position):
    stranger = make_seeker()

    with pytest.raises(Conflict):
        services.propose_intent(
            position, talent=stranger, side=Side.ENTERPRISE, actor=position.participant.contact
        )
    assert not EmploymentIntent.objects.exists()


def test_a_side_cannot_confirm_twice_nor_for_the_other_side(fair, position):
    seeker = make_seeker(fair)
    intent = services.propose_intent(position, talent=seeker, side=Side.SEEKER, actor=seeker.user)

    with pytest.raises(IllegalTransition):
        services.confirm_intent(intent, side=Side.SEEKER, actor=seeker.user)
    with pytest.raises(PermissionDenied):
        services.confirm_intent(intent, side=Side.ENTERPRISE, actor=seeker.user)
    intent.refresh_from_db()
    assert intent.status == IntentStatus.PROPOSED


def test_another_enterprises_contact_may_not_confirm(fair, position):
    seeker = make_seeker(fair)
    other = make_participant(fair)
    intent = services.propose_intent(position, talent=seeker, side=Side.SEEKER, actor=seeker.user)

    with pytest.raises(PermissionDenied):
        services.confirm_intent(intent, side=Side.ENTERPRISE, actor=other.contact)
    intent.refresh_from_db()
    assert intent.status == IntentStatus.PROPOSED


def test_one_intent_per_seeker_and_position(fair, position):
    seeker = make_seeker(fair)
    services.propose_intent(position, talent=seeker, side=Side.SEEKER, actor=seeker.user)

    with pytest.raises(IntentExists):
        services.propose_intent(
            position, talent=seeker, side=Side.ENTERPRISE, actor=position.participant.contact
        )
    assert EmploymentIntent.objects.count() == 1


def test_a_declined_intent_cannot_be_confirmed(fair, position):
    seeker = make_seeker(fair)
    intent = services.propose_intent(position, talent=seeker, side=Side.SEEKER, actor=seeker.user)
    services.decline_intent(intent, side=Side.ENTERPRISE, actor=position.participant.contact)

    with pytest.raises(IllegalTransition):
        services.confirm_intent(intent, side=Side.ENTERPRISE, actor=position.participant.contact)
    intent.refresh_from_db()
    assert intent.status == IntentStatus.DECLINED


def test_the_organiser_records_a_walk_ins_confirmation_at_the_desk(fair, position):
    walk_in = make_seeker(fair, with_account=False)
    organiser = make_organiser()
    intent = services.propose_intent(
        position, talent=walk_in, side=Side.ENTERPRISE, actor=position.participant.contact
    )

    intent = services.confirm_at_desk(intent, actor=organiser)

    assert intent.status == IntentStatus.CONFIRMED
    assert intent.seeker_confirmed_at_desk
    assert intent.seeker_confirmed_by == organiser
    assert AuditEvent.objects.filter(
        action="employment_intent.confirm_at_desk", target_id=str(intent.pk)
    ).exists()


def test_the_desk_does_not_confirm_for_a_seeker_with_an_account(fair, position):
    seeker = make_seeker(fair)
    intent = services.propose_intent(
        position, talent=seeker, side=Side.ENTERPRISE, actor=position.participant.contact
    )

    with pytest.raises(Conflict):
        services.confirm_at_desk(intent, actor=make_organiser())


def test_only_the_fairs_organiser_confirms_at_the_desk(fair, position):
    walk_in = make_seeker(fair, with_account=False)
    intent = services.propose_intent(
        position, talent=walk_in, side=Side.ENTERPRISE, actor=position.participant.contact
    )
    housing_officer = make_user(role=Role.DEPARTMENT_OFFICER)

    with pytest.raises(PermissionDenied):
        services.confirm_at_desk(intent, actor=housing_officer)


def test_an_enterprise_contact_posts_positions_only_for_their_enterprise(fair):
    mine, theirs = make_participant(fair), make_participant(fair)

    position = services.post_position(mine, actor=mine.contact, title="焊工", headcount=5)
    assert position.participant == mine
    with pytest.raises(PermissionDenied):
        services.post_position(theirs, actor=mine.contact, title="焊工", headcount=5)
    with pytest.raises(PermissionDenied):
        services.update_position(make_position(theirs), actor=mine.contact, title="改名")


def test_the_salary_range_is_checked(fair):
    participant = make_participant(fair)

    with pytest.raises(ValidationError):
        services.post_position(
            participant,
            actor=participant.contact,
            title="会计",
            headcount=1,
            salary_min_fen=800_000,
            salary_max_fen=500_000,
        )


def test_the_organiser_adds_an_enterprise_once(fair):
    organiser = make_organiser()
    enterprise = make_enterprise()

    services.add_enterprise(fair, enterprise, actor=organiser, booth="A01")
    with pytest.raises(Conflict):
        services.add_enterprise(fair, enterprise, actor=organiser)
    with pytest.raises(PermissionDenied):
        services.add_enterprise(fair, make_enterprise(), actor=make_participant(fair).contact)
