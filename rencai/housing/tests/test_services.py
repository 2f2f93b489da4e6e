"""Housing use cases: applying under the benefit's rule, the waiting list's order, offers,
refusals, acceptance, move-in, renewal and move-out."""

from datetime import date

import pytest
from django.db import IntegrityError

from rencai.core import clock
from rencai.core.choices import OrganisationKind, Role
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.models import AuditEvent, Notification
from rencai.core.tests.factories import make_county, make_organisation, make_tier, make_user
from rencai.housing import ranking, selectors, services, standing
from rencai.housing.choices import (
    HousingApplicationState,
    InspectionResult,
    OfferState,
    TenancyState,
    UnitState,
)
from rencai.housing.models import Offer, Tenancy, UnitStatePeriod
from rencai.policies.choices import EntitlementState

from .factories import Housing

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def test_a_talent_the_rule_admits_joins_the_waiting_list_with_a_pending_entitlement():
    h = Housing()

    application = h.applicant(household_size=3)

    assert application.state == HousingApplicationState.WAITING
    assert application.entitlement.state == EntitlementState.PENDING
    assert application.entitlement.benefit.code == "talent_apartment"
    assert application.inputs["family_size"]["value"] == 3
    assert application.inputs["applied_on"]["recorded_on"] == clock.today().isoformat()
    assert AuditEvent.objects.filter(action="housing.apply").count() == 1


def test_a_talent_the_rule_does_not_admit_is_refused():
    h = Housing()
    talent = h.talent(degree=None)

    with pytest.raises(services.HousingError) as refused:
        services.apply_for_apartment(talent, actor=talent.user, county=h.county, household_size=1)

    assert refused.value.code == "not_eligible"


def test_a_second_live_application_is_a_conflict():
    h = Housing()
    first = h.applicant()

    with pytest.raises(Conflict):
        h.applicant(talent=first.talent)


def test_a_talent_cannot_apply_for_someone_else():
    h = Housing()
    other = h.talent()
    intruder = h.talent()

    with pytest.raises(NotFound):
        services.apply_for_apartment(other, actor=intruder.user, county=h.county, household_size=1)


def test_waiting_list_order_follows_the_keys_in_turn():
    # Given six applicants, written so each key decides at least one pair:
    h = Housing()
    local = make_organisation(OrganisationKind.ENTERPRISE, division=h.county)
    a, c = make_tier("A"), make_tier("C")
    with clock.at(date(2022, 9, 1)):
        p1 = h.applicant(tier=c, household_size=2)  # C, elsewhere, 2, 1 Sep
    with clock.at(date(2022, 9, 2)):
        p2 = h.applicant(tier=c, employer=local, household_size=1)  # C, local, 1
        p3 = h.applicant(tier=c, employer=local, household_size=4)  # C, local, 4
        p4 = h.applicant(household_size=6)  # no tier
        p5 = h.applicant(tier=a, household_size=1)  # A
    with clock.at(date(2022, 9, 3)):
        p6 = h.applicant(tier=c, household_size=2)  # C, elsewhere, 2, 3 Sep
    # When the round closes (by hand: tier A first; then among C local before elsewhere,
    # larger households first, earlier applications first; no tier last):
    round_ = h.closed_round()

    expected = [p5, p3, p2, p1, p6, p4]
    got = [e.application_id for e in selectors.round_entries(round_)]
    assert got == [p.pk for p in expected]


def test_waiting_list_order_changes_with_the_keys_as_data():
    h = Housing()
    h.scheme.ranking_keys = [
        {"key": "family_size", "order": "desc"},
        {"key": "applied_on", "order": "asc"},
    ]
    h.scheme.save()
    with clock.at(date(2022, 9, 1)):
        small = h.applicant(tier=make_tier("A"), household_size=1)
    with clock.at(date(2022, 9, 2)):
        large = h.applicant(household_size=5)
        medium = h.applicant(household_size=3)

    round_ = h.closed_round()

    assert [e.application_id for e in selectors.round_entries(round_)] == [
        large.pk,
        medium.pk,
        small.pk,
    ]
    assert round_.ranking_keys == h.scheme.ranking_keys


def test_a_frozen_place_is_explained_by_the_first_key_that_differs():
    h = Housing()
    first = h.applicant(tier=make_tier("A"))
    second = h.applicant(tier=make_tier("C"))
    round_ = h.closed_round()
    above, mine = list(selectors.round_entries(round_))

    reason = ranking.why_after(round_.ranking_keys, mine.inputs, above.inputs)

    assert (above.application, mine.application) == (first, second)
    assert reason.label == str(ranking.KEYS["tier"].label)
    assert reason.mine.startswith("C")
    assert reason.theirs.startswith("A")


def test_refreshing_inputs_does_not_move_a_frozen_place():
    h = Housing()
    late = h.applicant()
    early = h.applicant(tier=make_tier("A"))
    round_ = h.closed_round()
    late.talent.tier = make_tier("B")
    late.talent.save()
    with clock.at(date(2030, 1, 1)):
        services.refresh_inputs(late, actor=h.officer)

    late.refresh_from_db()
    assert late.inputs["tier"]["recorded_on"] == "2030-01-01"
    assert [e.application_id for e in selectors.round_entries(round_)] == [early.pk, late.pk]


def test_rooms_needed_come_from_the_table():
    table = {"1": 1, "3": 2, "5": 3}
    assert [ranking.rooms_needed(table, n) for n in (1, 2, 3, 4, 5, 9)] == [1, 1, 2, 2, 3, 3]


def test_an_allocation_offers_the_top_applicant_the_unit_suits():
    h = Housing()
    big_family = h.applicant(tier=make_tier("A"), household_size=5)  # needs 3 rooms
    single = h.applicant(household_size=1)
    round_ = h.closed_round()
    unit = h.unit(rooms=2)

    offer = services.allocate_unit(unit, round_=round_, actor=h.officer)

    assert offer.application == single
    assert offer.deadline > offer.offered_on
    big_family.refresh_from_db()
    assert big_family.state == HousingApplicationState.WAITING


def test_a_unit_being_fitted_out_is_not_offered():
    h = Housing()
    h.applicant()
    round_ = h.closed_round()

    with pytest.raises(Conflict):
        services.allocate_unit(h.unit(ready=False), round_=round_, actor=h.officer)


def test_a_unit_ready_only_from_a_later_day_is_not_offered_before_it():
    h = Housing()
    h.applicant()
    round_ = h.closed_round()
    unit = h.unit(ready=False)
    today = clock.today()
    ready_on = date.fromordinal(today.toordinal() + 10)
    unit = services.change_unit_state(unit, actor=h.officer, to_state=UnitState.READY, on=ready_on)

    with pytest.raises(Conflict):
        services.allocate_unit(unit, round_=round_, actor=h.officer)
    assert not Offer.objects.filter(unit=unit).exists()

    with clock.at(ready_on):
        offer = services.allocate_unit(unit, round_=round_, actor=h.officer)
    assert offer.offered_on == ready_on


def test_accepting_starts_a_tenancy_and_occupies_the_unit():
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()
    unit = h.unit(rooms=1)
    offer = services.allocate_unit(unit, round_=round_, actor=h.officer)

    tenancy = services.accept_offer(offer, actor=application.talent.user)

    unit.refresh_from_db()
    application.refresh_from_db()
    assert tenancy.state == TenancyState.ACTIVE
    assert unit.state == UnitState.OCCUPIED
    assert application.state == HousingApplicationState.HOUSED
    assert application.entitlement.state == EntitlementState.GRANTED
    assert tenancy.buy_option_from is not None  # the building is rent-or-buy
    assert tenancy.deposit_fen == h.scheme.deposit_fen


def test_three_refused_suitable_offers_lapse_the_application():
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()
    units = [h.unit(rooms=1) for _ in range(3)]

    for unit in units:
        offer = services.allocate_unit(unit, round_=round_, actor=h.officer)
        services.decline_offer(offer, actor=application.talent.user, reason="太远")

    application.refresh_from_db()
    assert application.refusals == 3
    assert application.state == HousingApplicationState.LAPSED
    assert application.entitlement.state == EntitlementState.WITHDRAWN


def test_an_unanswered_offer_expires_after_its_deadline_and_counts_as_refused():
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()
    with clock.at(date(2026, 6, 8)):  # a Monday: answer by Wednesday
        offer = services.allocate_unit(h.unit(), round_=round_, actor=h.officer)

    assert services.expire_offers(date(2026, 6, 10)) == 0
    assert services.expire_offers(date(2026, 6, 11)) == 1

    offer.refresh_from_db()
    application.refresh_from_db()
    assert offer.state == OfferState.EXPIRED
    assert application.refusals == 1
    assert application.state == HousingApplicationState.WAITING


def test_a_declined_unit_goes_to_the_next_applicant():
    h = Housing()
    first = h.applicant(tier=make_tier("A"))
    second = h.applicant()
    round_ = h.closed_round()
    unit = h.unit()
    services.decline_offer(
        services.allocate_unit(unit, round_=round_, actor=h.officer), actor=first.talent.user
    )

    offer = services.allocate_unit(unit, round_=round_, actor=h.officer)

    assert offer.application == second


def _housed(h):
    application = h.applicant()
    round_ = h.closed_round()
    unit = h.unit()
    offer = services.allocate_unit(unit, round_=round_, actor=h.officer)
    return unit, services.accept_offer(offer, actor=application.talent.user)


def test_move_out_with_a_good_inspection_frees_the_unit():
    h = Housing()
    unit, tenancy = _housed(h)

    services.move_out(tenancy, actor=h.officer, inspection_result=InspectionResult.GOOD)

    unit.refresh_from_db()
    tenancy.refresh_from_db()
    assert tenancy.state == TenancyState.ENDED
    assert tenancy.ended_on == clock.today()
    assert unit.state == UnitState.READY
    assert tenancy.application.entitlement.state == EntitlementState.ENDED
    assert UnitStatePeriod.objects.get(unit=unit, ended_on__isnull=True).state == UnitState.READY


def test_move_out_needing_repair_puts_the_unit_under_repair():
    h = Housing()
    unit, tenancy = _housed(h)

    services.move_out(tenancy, actor=h.officer, inspection_result=InspectionResult.REPAIR)

    unit.refresh_from_db()
    assert unit.state == UnitState.UNDER_REPAIR


def test_a_freed_unit_can_be_let_again():
    h = Housing()
    unit, tenancy = _housed(h)
    services.move_out(tenancy, actor=h.officer, inspection_result=InspectionResult.GOOD)
    nxt = h.applicant()
    round_ = h.closed_round()

    offer = services.allocate_unit(unit, round_=round_, actor=h.officer)
    services.accept_offer(offer, actor=nxt.talent.user)

    assert Tenancy.objects.filter(unit=unit, state=TenancyState.ACTIVE).count() == 1


def test_the_move_in_checklist_completed_records_the_move_in():
    h = Housing()
    _unit, tenancy = _housed(h)
    items = [item["item"] for item in tenancy.checklist]

    partly = services.record_move_in(tenancy, actor=tenancy.talent.user, done=items[:2])
    assert partly.moved_in_on is None
    done = services.record_move_in(tenancy, actor=tenancy.talent.user, done=items)

    assert done.moved_in_on == clock.today()


def test_a_renewal_extends_the_term_and_is_kept():
    h = Housing()
    _unit, tenancy = _housed(h)
    old_end = tenancy.ends_on

    renewed = services.renew_tenancy(
        tenancy, actor=h.officer, ends_on=old_end.replace(year=old_end.year + 2)
    )

    assert renewed.ends_on.year == old_end.year + 2
    assert renewed.renewals.get().previous_ends_on == old_end


def test_another_countys_officer_cannot_move_a_tenant_out():
    h = Housing()
    other = Housing(county=make_county("421182", "武穴市"))
    _unit, tenancy = _housed(h)
    outsider = make_user(role=Role.DEPARTMENT_OFFICER, organisation=other.bureau)

    with pytest.raises(PermissionDenied):
        services.move_out(tenancy, actor=outsider, inspection_result=InspectionResult.GOOD)


def test_the_database_refuses_a_second_active_tenancy_of_a_unit():
    h = Housing()
    unit, tenancy = _housed(h)
    second = h.applicant()

    declined = Offer.objects.create(
        application=second,
        unit=unit,
        round=tenancy.offer.round,
        offered_on=tenancy.starts_on,
        deadline=tenancy.starts_on,
        state=OfferState.DECLINED,
    )

    with pytest.raises(IntegrityError):
        Tenancy.objects.create(
            unit=unit,
            talent=second.talent,
            application=second,
            offer=declined,
            starts_on=tenancy.starts_on,
            ends_on=tenancy.ends_on,
            monthly_rent_fen=0,
            talent_rent_fen=0,
            wait_days=0,
        )


def test_an_offer_is_told_to_the_applicant_with_its_deadline():
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()

    offer = services.allocate_unit(h.unit(), round_=round_, actor=h.officer)

    notice = Notification.objects.get(recipient=application.talent.user)
    assert str(offer.unit) in notice.title
    day = offer.deadline
    assert f"{day.year}年{day.month}月{day.day}日" in notice.body  # one date style, Chinese


def test_a_frozen_order_is_reproduced_from_its_stored_inputs_later():
    h = Housing()
    for tier in ("A", "C", None, "C"):
        h.applicant(tier=make_tier(tier) if tier else None, household_size=2)
    round_ = h.closed_round()
    h.scheme.ranking_keys = [{"key": "applied_on", "order": "desc"}]
    h.scheme.save()  # the scheme changes after the round closed

    assert standing.reproduces(round_)


def test_an_occupied_apartment_cannot_be_set_ready_by_hand():
    h = Housing()
    unit, _tenancy = _housed(h)

    with pytest.raises(services.HousingError):
        services.change_unit_state(unit, actor=h.officer, to_state=UnitState.READY)

    unit.refresh_from_db()
    assert unit.state == UnitState.OCCUPIED
