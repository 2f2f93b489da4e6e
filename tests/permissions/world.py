"""The permission matrix's world: built once per module, one object inside and one outside each
role's scope.

Inside (团风县): a talent with an account (the `talent` role's own record), served today by the
window clerk, with a case for a housing-bureau benefit (opened by that clerk, a document
uploaded, accepted, approved and paid by the housing officer), its card and its entitlement.

A second case of each talent waits, just submitted, for the intake actions.

Outside (武穴市): a talent served by another clerk, with a case for a human-resources benefit
decided and paid by that bureau, its card and its entitlement.

The medical channel: the liaison's hospital (designated) holds the inside talent's booked
green-channel visit and health record, and a spare slot; another hospital holds the outside
talent's.

Each talent also has a child with an enrolment case, routed to their county's education bureau
and assigned to a school: inside, the school contact's school; outside, another.

Loans: inside, a 团风 borrower served by the window clerk applies at the bank officer's bank
(the loan waits for its documents); outside, a 武穴 borrower's loan at another bank. The
borrowers are talents of their own, so the rows over the talents above stay as they were.

Contact leaders hold scopes with nothing in them yet: every object is out of their scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import Division, Organisation, User
from rencai.core.notifications import notify
from rencai.core.permissions import roles_of
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.desk import services as desk
from rencai.desk.selectors import document_code
from rencai.desk.tests.factories import make_clerk, make_desk_benefit, make_master, serve
from rencai.finance import services as finance
from rencai.housing import services as housing
from rencai.housing.tests.factories import make_apartment_benefit, make_scheme
from rencai.medical import services as medical
from rencai.medical.models import Hospital
from rencai.medical.tests.factories import make_green_channel, make_hospital, make_slot
from rencai.policies import services as policies
from rencai.policies.models import Entitlement
from rencai.policies.tests.factories import make_department
from rencai.schooling import services as schooling
from rencai.schooling.tests.factories import CONFIRM, make_child, make_schooling_benefit
from rencai.talents.models import Tier
from rencai.talents.tests.factories import make_card

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCUMENT = "学历学位证书"
ANONYMOUS = "anonymous"


@dataclass
class Side:
    """One side of the scope line: a talent and what hangs off it."""

    talent: object
    card: object
    case: object
    entitlement: object
    disbursement: object
    benefit: object
    submitted: object  # a second case, for another benefit of the department, just submitted
    appointment: object = None  # a green-channel visit, booked at a designated hospital
    record: object = None  # a health record at that hospital
    enrolment: object = None  # a child's enrolment case, school assigned
    # Housing: the talent's apartment, application, frozen round, accepted offer and tenancy.
    apartment: object = None
    housing_application: object = None
    housing_round: object = None
    housing_offer: object = None
    tenancy: object = None


@dataclass
class World:
    tuanfeng: Division
    wuxue: Division
    housing: Organisation
    users: dict[str, User] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    inside: Side | None = None
    outside: Side | None = None
    outreach_run: object = None
    hospital: object = None  # the liaison's designated hospital
    slot: object = None  # a spare slot of it, nobody booked
    # The inside talent's entitlement to the human-resources benefit: the housing officer sees
    # the talent (a housing case) but not this (ROLES.md: a department sees its benefits' only).
    other_department_entitlement: object = None
    loans: dict[str, object] = field(default_factory=dict)  # inside, outside; bank, product
    notification: object = None  # a message to the talent (only they may open it)


def _paid_case(clerk, officer, talent, benefit):
    """A case opened by `clerk`, a document uploaded, then accepted, approved and paid."""
    serve(clerk, talent)
    case = desk.open_application(talent, benefit, actor=clerk, payee_account="6222020200112233445")
    upload = SimpleUploadedFile("degree.pdf", PDF, content_type="application/pdf")
    desk.upload_document(case, actor=clerk, code=document_code(DOCUMENT), upload=upload)
    case = desk.accept_application(case, actor=clerk)
    case = desk.approve_application(case, actor=officer)
    payment = desk.disburse(case, actor=officer)
    case.refresh_from_db()
    return case, payment


def _side(county, department, clerk, officer) -> Side:
    benefit = make_desk_benefit(owning_department=department, documents=[DOCUMENT])
    talent = make_master(county=county)
    case, payment = _paid_case(clerk, officer, talent, benefit)
    entitlement = Entitlement.objects.filter(talent=talent, benefit=benefit).first()
    if entitlement is None:
        entitlement = policies.record_entitlement(talent, benefit, actor=None)
    submitted = desk.open_application(
        talent,
        make_desk_benefit(owning_department=department),
        actor=clerk,
        payee_account="6222020200112233445",
    )
    return Side(
        submitted=submitted,
        talent=talent,
        card=make_card(talent),
        case=case,
        entitlement=entitlement,
        disbursement=payment,
        benefit=benefit,
    )


def build_world() -> World:
    tuanfeng = make_county("421121", "团风县")
    wuxue = make_county("421182", "武穴市")
    housing = make_department("housing")
    human_resources = make_department("human_resources")
    world = World(tuanfeng=tuanfeng, wuxue=wuxue, housing=housing)
    clerk = make_clerk()
    housing_officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)
    world.users = {
        Role.CITY_ADMIN: make_user(role=Role.CITY_ADMIN),
        Role.TASK_FORCE: make_user(role=Role.TASK_FORCE),
        Role.COUNTY_OFFICER: make_user(role=Role.COUNTY_OFFICER, division=tuanfeng),
        Role.DEPARTMENT_OFFICER: housing_officer,
        Role.WINDOW_CLERK: clerk,
        Role.HOSPITAL_LIAISON: make_user(
            role=Role.HOSPITAL_LIAISON, organisation=make_organisation(OrganisationKind.HOSPITAL)
        ),
        Role.BANK_OFFICER: make_user(
            role=Role.BANK_OFFICER, organisation=make_organisation(OrganisationKind.BANK)
        ),
        Role.SCHOOL_CONTACT: make_user(
            role=Role.SCHOOL_CONTACT, organisation=make_organisation(OrganisationKind.SCHOOL)
        ),
        Role.CONTACT_LEADER: make_user(role=Role.CONTACT_LEADER),
        Role.TALENT: make_user(role=Role.TALENT),
        Role.ENTERPRISE_CONTACT: make_user(
            role=Role.ENTERPRISE_CONTACT,
            organisation=make_organisation(OrganisationKind.ENTERPRISE),
        ),
    }
    world.inside = _side(tuanfeng, housing, clerk, housing_officer)
    talent = world.inside.talent
    talent.user = world.users[Role.TALENT]
    talent.save(update_fields=["user"])
    other_officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=human_resources)
    world.outside = _side(wuxue, human_resources, make_clerk(), other_officer)
    world.other_department_entitlement = policies.record_entitlement(
        talent, world.outside.benefit, actor=None
    )
    world.outreach_run = policies.start_outreach(actor=None, benefit=world.inside.benefit)
    make_schooling_benefit()
    contact_school = Organisation.objects.get(
        pk=next(
            iter(
                world.users[Role.SCHOOL_CONTACT].role_assignments.values_list(
                    "organisation_id", flat=True
                )
            )
        )
    )
    world.inside.enrolment = _enrolment(world.inside.talent, contact_school)
    world.outside.enrolment = _enrolment(
        world.outside.talent, make_organisation(OrganisationKind.SCHOOL, division=wuxue)
    )
    for side, county in ((world.inside, tuanfeng), (world.outside, wuxue)):
        _housed(side, county, housing)
    world.loans = _loans(world, clerk)
    _medical(world)
    world.notification = notify(user=world.users[Role.TALENT], title="政策找人：购房补贴")
    return world


def _enrolment(talent, school):
    """A child's enrolment case (requested, reviewed, the school assigned) by the system."""
    make_department("education", division=talent.county)
    talent.tier = Tier.objects.get(code="B")
    talent.save(update_fields=["tier"])
    case = schooling.request_enrolment(
        talent, make_child(talent), actor=None, stage="primary", confirmed=[CONFIRM]
    )
    case = schooling.review_case(case, actor=None)
    return schooling.assign_school(case, actor=None, school=school)


def _housed(side: Side, county, bureau) -> None:
    """The side's talent housed in their county: an apartment (ready since 2022), their
    application, the county's closed round, the accepted offer and the tenancy. The city
    housing bureau (the world's department officer) manages every county."""
    make_scheme()
    make_apartment_benefit()
    building = housing.create_building(
        actor=None,
        name=f"{county.name}人才公寓",
        address="矩阵路1号",
        county=county,
        manager=bureau,
    )
    unit = housing.add_unit(
        building,
        actor=None,
        number="101",
        rooms=2,
        floor_area=Decimal("60.00"),
        monthly_rent_fen=100_000,
        fit_out_started_on=date(2022, 9, 5),
    )
    housing.change_unit_state(unit, actor=None, to_state="ready", on=date(2022, 9, 5))
    # A talent of its own on each side: the city housing bureau sees every county's
    # applicants, and must not come to see the sides' talents (or reveal them) through housing.
    applicant = make_master(county=county)
    application = housing.apply_for_apartment(
        applicant, actor=None, county=county, household_size=1
    )
    round_ = housing.close_round(housing.open_round(county, actor=None), actor=None)
    offer = housing.allocate_unit(unit, round_=round_, actor=None)
    side.tenancy = housing.accept_offer(offer, actor=None)
    side.apartment, side.housing_application = unit, application
    side.housing_round, side.housing_offer = round_, offer


def _loans(world: World, clerk) -> dict[str, object]:
    """A loan inside the bank officer's scope (filed by the clerk) and one outside it."""
    from rencai.core.permissions import roles_of
    from rencai.finance.tests.factories import AGE_RULE, make_bank, make_product
    from rencai.policies.tests.factories import make_benefit
    from rencai.talents.tests.factories import make_talent

    bank = Organisation.objects.get(
        pk=min(roles_of(world.users[Role.BANK_OFFICER]).organisation_ids(Role.BANK_OFFICER))
    )
    other_bank = make_bank()
    centre = make_department("guarantee_centre")
    benefit = make_benefit(rule=AGE_RULE, owning_department=centre)
    product = make_product(benefit, centre, [bank, other_bank])
    borrower = make_talent(county=world.tuanfeng)
    serve(clerk, borrower)
    inside = finance.apply_for_loan(
        borrower, actor=clerk, product=product, bank=bank, amount_fen=10_000_000, term_months=24
    )
    outside = finance.apply_for_loan(
        make_talent(county=world.wuxue),
        actor=None,
        product=product,
        bank=other_bank,
        amount_fen=10_000_000,
        term_months=24,
    )
    return {"inside": inside, "outside": outside, "bank": bank, "product": product}


def _medical(world: World) -> None:
    """A designated hospital per side; each side's talent booked there, with a record."""
    liaison = world.users[Role.HOSPITAL_LIAISON]
    organisation = Organisation.objects.get(
        pk=min(roles_of(liaison).organisation_ids(Role.HOSPITAL_LIAISON))
    )
    world.hospital = Hospital.objects.create(organisation=organisation)
    outside_hospital = make_hospital()
    benefit = make_green_channel()
    in_three_days = timezone.localdate() + timedelta(days=3)
    world.slot = make_slot(world.hospital, benefit, day=in_three_days, capacity=20)
    for side, hospital in ((world.inside, world.hospital), (world.outside, outside_hospital)):
        slot = make_slot(hospital, benefit, day=in_three_days)
        side.appointment = medical.book_appointment(slot, actor=None, talent=side.talent)
        side.record = medical.open_health_record(side.talent, hospital, actor=None)
