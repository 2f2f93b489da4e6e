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
(the loan waits for its documents); outside, a 武穴 borrower's loan at another bank; lent, a
团风 borrower's loan at the other bank, disbursed today. The borrowers are talents of their own,
so the rows over the talents above stay as they were.

Leader contact and requests: inside, the contact leader's pairing with a high-level 团风 talent
of its own (a visit logged) and that talent's request, assigned to the housing bureau; outside,
another leader's pairing with a 武穴 talent whose request is assigned to human resources. The
talents are their own, so the contact leader sees none of the sides' talents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rencai.campaigns import services as campaign_services
from rencai.campaigns.models import (
    Rectification,
    ReportedValue,
    SupervisionGroup,
    SupervisionVisit,
)
from rencai.campaigns.tests.factories import (
    make_action,
    make_campaign,
    make_indicator,
    make_unit,
)
from rencai.core import clock
from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import Division, Organisation, User
from rencai.core.notifications import notify
from rencai.core.permissions import roles_of
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.desk import services as desk
from rencai.desk.models import ServicePointEntry
from rencai.desk.selectors import document_code
from rencai.desk.tests.factories import (
    clerk_point,
    make_clerk,
    make_desk_benefit,
    make_master,
    serve,
)
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
    # The campaign: the side county's unit (a reported indicator with one report).
    campaign_unit: object = None
    indicator: object = None
    campaign_report: object = None
    rectification: object = None  # from a supervision visit to the side's county
    # Engagement: a pairing (a visit logged) and its talent's request, assigned to a department.
    pairing: object = None
    contact_log: object = None
    talent_request: object = None
    # Job fairs: a position at the world's fair (inside: the enterprise contact's enterprise),
    # and the side's talent's intent on it, proposed by the seeker.
    position: object = None
    intent: object = None


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
    campaign: object = None  # with a unit for each side's county and one for the housing bureau
    bulletin: object = None  # its first bulletin (week ending Friday 2 September 2022)
    assessment: object = None  # its first half-month's assessment (23–31 August 2022)
    supervision_group: object = None
    service_point: object = None  # the clerk's service point, with its directory entry
    fair: object = None  # a published job fair of the human-resources bureau
    fair_enterprise: object = None  # the enterprise contact's enterprise taking part in it
    spare_enterprise: object = None  # an enterprise not (yet) taking part
    # Events: inside, a published mixer the housing bureau organises in 团风 (the talent
    # registered and checked in); outside, a draft the human-resources bureau keeps in 武穴.
    events: dict[str, object] = field(default_factory=dict)
    # Tech projects: inside, the enterprise contact's organisation's, with a proposal of the
    # talent role's own record; outside, another enterprise's, proposing the outside talent.
    tech_projects: dict[str, object] = field(default_factory=dict)
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
    _campaign(world)
    _engagement(world, housing, human_resources)
    world.service_point = _listed_service_point(clerk)
    _fairs(world, human_resources)
    world.events = _events(world, housing, human_resources)
    world.tech_projects = _tech_projects(world)
    world.notification = notify(user=world.users[Role.TALENT], title="政策找人：购房补贴")
    return world


def _campaign(world):
    """The 2022 campaign: each side's county answers for an action's reported indicator (with a
    report waiting for the task force); the housing bureau answers for another action."""
    campaign = make_campaign()
    publicity = make_action(campaign, number=1)
    for side, county in ((world.inside, world.tuanfeng), (world.outside, world.wuxue)):
        side.campaign_unit = make_unit(publicity, division=county)
        side.indicator = make_indicator(side.campaign_unit, target=300)
        side.campaign_report = ReportedValue.objects.create(
            indicator=side.indicator, value=10, as_of=date(2022, 9, 5), note="矩阵测试"
        )
        # Their files, downloaded through the pages that check who asks.
        side.campaign_unit.plan.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
        side.campaign_report.evidence.save(
            "evidence.png", ContentFile(b"\x89PNG\r\n\x1a\n evidence"), save=True
        )
    make_indicator(make_unit(make_action(campaign, number=4), organisation=world.housing))
    world.campaign = campaign
    world.bulletin = campaign_services.issue_bulletin(campaign, date(2022, 9, 2))
    world.assessment = campaign_services.issue_assessment(campaign, date(2022, 8, 31))
    world.supervision_group = SupervisionGroup.objects.create(
        campaign=campaign, name="第一督导组", leader="组长"
    )
    for side, county in ((world.inside, world.tuanfeng), (world.outside, world.wuxue)):
        visit = SupervisionVisit.objects.create(
            group=world.supervision_group,
            division=county,
            visited_on=date(2022, 8, 31),
            findings="矩阵测试",
        )
        side.rectification = Rectification.objects.create(
            visit=visit, description="补台账", owner=str(county), due_on=date(2022, 9, 15)
        )


def _engagement(world: World, housing, human_resources) -> None:
    """Each side: a pairing of a high-level talent of its own, a visit, a request."""
    from rencai.engagement import services as engagement
    from rencai.engagement.tests.factories import (
        make_high_level,
        make_items,
        make_leader,
        make_request,
    )

    leaders = (world.users[Role.CONTACT_LEADER], make_leader())
    sides = ((world.inside, world.tuanfeng, housing), (world.outside, world.wuxue, human_resources))
    items = make_items(clock.today().year)
    for leader, (side, county, department) in zip(leaders, sides, strict=True):
        talent = make_high_level(county=county)
        side.pairing = engagement.pair_leader(leader, talent, actor=None)
        side.contact_log = engagement.log_contact(
            side.pairing, actor=None, kind="visit", summary="矩阵走访"
        )
        engagement.log_contact(side.pairing, actor=None, kind="policy_pack", summary="政策礼包")
        engagement.tick_five_ones(side.pairing, items[0], actor=None)
        side.talent_request = make_request(talent, department=department, when=timezone.now())


def _listed_service_point(clerk) -> Organisation:
    """The clerk's service point in the service-point directory."""
    point = clerk_point(clerk)
    ServicePointEntry.objects.create(
        organisation=point, address="矩阵测试路 1 号", hours="周一至周五", telephone="0713-0000000"
    )
    return point


def _events(world: World, housing, human_resources) -> dict[str, object]:
    from rencai.events import services as events
    from rencai.events.tests.factories import make_event

    inside = make_event(organiser=housing, division=world.tuanfeng)
    registration = events.register(inside, actor=None, talent=world.inside.talent)
    events.check_in(inside, actor=None, code=registration.code, scan_id="matrix-scan")
    outside = make_event(organiser=human_resources, division=world.wuxue, status="draft")
    return {"inside": inside, "outside": outside}


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
    # a 团风 borrower's loan lent today at the other bank: the dashboard's money tiles and their
    # department drill-downs count a real disbursement (the bank officer's lists are unchanged)
    lent = finance.apply_for_loan(
        make_talent(county=world.tuanfeng),
        actor=None,
        product=product,
        bank=other_bank,
        amount_fen=5_000_000,
        term_months=12,
    )
    for step in (finance.check_documents, finance.approve_guarantee, finance.approve):
        step(lent, actor=None)
    finance.sign_contract(lent, actor=None)
    finance.disburse(lent, actor=None)
    return {"inside": inside, "outside": outside, "lent": lent, "bank": bank, "product": product}


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


def _tech_projects(world: World) -> dict[str, object]:
    """A project of the enterprise contact's organisation proposing the inside talent, and one
    of another enterprise proposing the outside talent (each proposal awaiting answers)."""
    from rencai.projects import services as projects

    enterprise = Organisation.objects.get(
        pk=min(
            roles_of(world.users[Role.ENTERPRISE_CONTACT]).organisation_ids(Role.ENTERPRISE_CONTACT)
        )
    )
    other = make_organisation(OrganisationKind.ENTERPRISE, division=world.wuxue)
    found: dict[str, object] = {}
    for name, organisation, side in (
        ("inside", enterprise, world.inside),
        ("outside", other, world.outside),
    ):
        project = projects.post_project(
            organisation,
            actor=None,
            title="焊接机器人工作站改造",
            need="需要离线编程和焊缝跟踪",
            field="smart_equipment",
            budget_fen=50_000_000,
        )
        found[name] = project
        found[f"{name}_proposal"] = projects.propose_match(project, side.talent, actor=None)
    return found


def _fairs(world: World, organiser) -> None:
    """A published job fair organised by the human-resources bureau (not the world's department
    officer): the enterprise contact's enterprise and another take part, one position each; each
    side's talent registered and proposing an intent on its side's position."""
    from rencai.events.choices import EventKind, EventStatus
    from rencai.events.fairs import services as fairs
    from rencai.events.fairs.choices import Side as IntentSide
    from rencai.events.fairs.models import FairEnterprise, Position
    from rencai.events.models import Event, Registration

    starts = timezone.now() + timedelta(days=2)
    world.fair = Event.objects.create(
        kind=EventKind.JOB_FAIR,
        title="矩阵测试招聘会",
        organiser=organiser,
        division=world.tuanfeng,
        place="人力资源市场",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        capacity=100,
        places_taken=2,
        status=EventStatus.PUBLISHED,
    )
    contact = world.users[Role.ENTERPRISE_CONTACT]
    mine = Organisation.objects.get(
        pk=min(roles_of(contact).organisation_ids(Role.ENTERPRISE_CONTACT))
    )
    world.fair_enterprise = FairEnterprise.objects.create(fair=world.fair, organisation=mine)
    theirs = FairEnterprise.objects.create(
        fair=world.fair, organisation=make_organisation(OrganisationKind.ENTERPRISE)
    )
    world.spare_enterprise = make_organisation(OrganisationKind.ENTERPRISE)
    for n, (side, participant) in enumerate(
        ((world.inside, world.fair_enterprise), (world.outside, theirs))
    ):
        side.position = Position.objects.create(
            participant=participant, title=f"矩阵岗位{n}", headcount=2, county=world.tuanfeng
        )
        Registration.objects.create(event=world.fair, talent=side.talent, code=f"MATRIX{n}")
        side.intent = fairs.propose_intent(
            side.position, talent=side.talent, side=IntentSide.SEEKER, actor=None
        )
