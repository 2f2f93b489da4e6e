"""The permission matrix, written by hand from ROLES.md (never derived from the code under test).

Every route of the URL configuration needs a row here; `test_matrix.py` lists the routes from
`get_resolver()` and fails for a route without one. A new app adds its rows.

A row: the kind of object its id names (or None), the GET cells, and the POST cells (None: the
route's POST is not checked here). Cells, in the order of COLUMNS:

    ok        allowed (2xx, or a redirect that is not to the log-in page)
    login     anonymous: sent to log in (pages) or 401 (API)
    403 404 405  refused with that status
    ok/404    an object route: the object inside the role's scope / the one outside it
    …!        ROLES.md says so but today's code differs: scope fix pending (xfail, strict)
    …?        ROLES.md says so but today's code differs: reported, not fixed yet (xfail, strict)

For POST, "ok" means not refused: a form error (200/400/409) counts as allowed — the POSTs carry
no data (or, where an empty body is refused whoever posts it, the valid one of `post_body` in
test_matrix.py); they only prove who gets past the door.

Object kinds: talent, card, case (paid), submitted (a case just submitted), entitlement,
benefit, disbursement, appointment, record (one inside, one outside each role's scope); policy,
outreach, division, organisation, token, hospital, slot (one object, scope-free).
"""

from __future__ import annotations

from typing import NamedTuple

COLUMNS = (
    "anonymous",
    "city_admin",
    "task_force",
    "county_officer",
    "department_officer",
    "window_clerk",
    "hospital_liaison",
    "bank_officer",
    "school_contact",
    "contact_leader",
    "talent",
    "enterprise_contact",
)


class Row(NamedTuple):
    kind: str | None
    get: str
    post: str | None = None


# Short names for rows that repeat. Column order: anon admin task county dept clerk hosp bank
# school leader talent enterprise.
ALL = "ok ok ok ok ok ok ok ok ok ok ok ok"
SIGNED_IN = "login ok ok ok ok ok ok ok ok ok ok ok"
API_SIGNED_IN = "login ok ok ok ok ok ok ok ok ok ok ok"
NOT_GET = "405 405 405 405 405 405 405 405 405 405 405 405"
NOT_GET_SIGNED_IN = "login 405 405 405 405 405 405 405 405 405 405 405"
CITY = "login ok ok 403 403 403 403 403 403 403 403 403"
MANAGERS = CITY
REGISTRY = "login ok ok ok 403 403 403 403 403 403 403 403"
IMPORTERS = "login 403 ok ok 403 403 403 403 403 403 403 403"
READERS = "login ok ok ok ok ok 403 403 403 403 403 403"
CLERK = "login 403 403 403 403 ok 403 403 403 403 403 403"
REPORTS = "login 403 ok ok ok 403 403 403 403 403 403 403"
LEDGER = "login 403 ok ok ok 403 403 403 403 403 403 403"
OUTREACH = "login ok ok ok ok 403 403 403 403 403 403 403"
OUTREACH_RUN = "login ok ok 404 ok 403 403 403 403 403 403 403"
RECORDERS = "login 403 ok ok ok 403 403 403 403 403 403 403"
# Counts over the registry (simulation, rule counts): the officers who may browse; a window
# clerk does not browse, so gets no counts (ROLES.md).
COUNTERS = "login ok ok ok ok 403 403 403 403 403 403 403"
TALENT_ONLY = "login 404 404 404 404 404 404 404 404 404 ok 404"
# Schooling: offices, counties, the task force and schools list; a case is seen by the task
# force, its county, its education bureau (not the matrix's housing officer), the school it is
# assigned to and the talent.
SCHOOLING_LISTS = "login 403 ok ok ok 403 403 403 ok 403 403 403"
ENROLMENT_SEEN = "login 404 ok ok/404 404 404 404 404 ok/404 404 ok/404 404"
# An object route over talents (and what the talent's scope opens): who sees the talent.
SEES_TALENT = "login ok ok ok/404 ok/404 ok/404 404 404 404 404 ok/404 404"
CASE_SEEN = "login 404 ok ok/404 ok/404 ok/404 404 404 404 404 ok/404 404"
# Intake actions through the API on a submitted case: whoever sees the case but may not act
# gets 403. (On a paid case the state answers 409 before anyone is asked who they are.)
OWNING_OR_CLERK = "login 404 403 403/404 ok/404 ok/404 404 404 404 404 403/404 404"
OWNING = "login 404 403 403/404 ok/404 403/404 404 404 404 404 403/404 404"
PAYING = OWNING
TALENT_OR_CLERK = "login 404 403 403/404 403/404 ok/404 404 404 404 404 ok/404 404"
# Housing (the world's department officer is the city housing bureau: every county).
HOUSING_READERS = "login 403 ok ok ok 403 403 403 403 403 403 403"
BUREAU = "login 403 403 403 ok 403 403 403 403 403 403 403"
# The housed talents are not the talent role's (see world.py): the talent sees none of it.
HOUSING_SEEN = "login 404 ok ok/404 ok 404 404 404 404 404 404 404"
BUREAU_ACTS = "login 404 403 403/404 ok 404 404 404 404 404 404 404"
BUREAU_OR_TENANT = BUREAU_ACTS
CARD_MANAGERS = "login 403 ok ok/404 403/404 403/404 404 404 404 404 403/404 404"
# The medical channel (ROLES.md): the liaison runs their hospital's; the task force (and the
# health bureau, not a column here) sees the whole channel; a county officer their county's;
# the talent their own. The city administrator manages configuration, not people's visits.
VISIT_SEEN = "login 404 ok ok/404 404 404 ok/404 404 404 404 ok/404 404"
LIAISON = "login 403 403 403 403 403 ok 403 403 403 403 403"
VISIT_STEP = "login 404 403 403/404 404 404 ok/404 404 404 404 403/404 404"
BOOKING_CHANGE = "login 404 403 403/404 404 404 ok/404 404 404 404 ok/404 404"

# Loans (ROLES.md: a bank officer sees the applications to their bank; the city sees all; a
# county its borrowers'; a clerk the applications they filed).
LOAN_FILERS = "login 403 ok ok ok ok 403 ok 403 403 ok 403"
LOAN_SEEN = "login ok ok ok/404 404 ok/404 404 ok/404 404 404 404 404"
LOAN_SEEN_403 = "login 403 403 403/404 404 403/404 404 403/404 404 404 404 404"
LOAN_REVEAL = "login ok ok 403/404 404 403/404 404 ok/404 404 404 404 404"
LOAN_BANK = "login 403 403 403/404 404 403/404 404 ok/404 404 404 404 404"
LOAN_FILER = "login 403 403 403/404 404 ok/404 404 403/404 404 404 404 404"
# Events (ROLES.md): the organising department's officers, the event's county officers and the
# task force run an event; talents see published ones, and register, pick and see their own
# matches. Inside: a published mixer of the housing bureau in 团风 (the talent registered and
# checked in); outside: a draft of the human-resources bureau in 武穴.
EVENT_LISTS = "login 403 ok ok ok 403 403 403 403 403 ok 403"
EVENT_ORGANISERS = "login 403 ok ok ok 403 403 403 403 403 403 403"
EVENT_SEEN = "login 404 ok ok/404 ok/404 404 404 404 404 404 ok/404 404"
EVENT_RUN = "login 404 ok ok/404 ok/404 404 404 404 404 404 403/404 404"
EVENT_TALENT = "login 404 404 404 404 404 404 404 404 404 ok/404 404"

# The campaign (ROLES.md: the task force plans and supervises; a unit's officers see the
# campaign and report on their own unit; the administrator sees configuration).
CAMPAIGN_LIST = "login ok ok ok ok 403 403 403 403 403 403 403"
CAMPAIGN_SEEN = "login ok ok ok ok 404 404 404 404 404 404 404"
INDICATOR_SEEN = "login ok ok ok/404 404 404 404 404 404 404 404 404"
POST_ONLY = "login 405 405 405 405 405 405 405 405 405 405 405"
UNIT_REPORTS = "login 403 403 ok/404 404 404 404 404 404 404 404 404"
SUPERVISES = "login 403 ok 403/404 404 404 404 404 404 404 404 404"
ISSUES = "login 403 ok 403 403 404 404 404 404 404 404 404"
# Engagement (ROLES.md): the task force and county officers (their county's talents) see
# pairings; a contact leader their own; requests also the department they are assigned to.
PAIRING_LISTS = "login 403 ok ok 403 403 403 403 403 ok 403 403"
PAIRING_SEEN = "login 404 ok ok/404 404 404 404 404 404 ok/404 404 404"
REQUEST_LISTS = "login 403 ok ok ok 403 403 403 403 ok 403 403"
REQUEST_SEEN = "login 404 ok ok/404 ok/404 404 404 404 404 ok/404 404 404"

# Tech projects (ROLES.md): the science bureau (not a column: the matrix's department officer is
# the housing bureau) sees all; the task force and the administrator see all and act on none; an
# enterprise contact its organisation's projects and their proposals; the talent their own.
PROJECT_SEEN = "login ok ok 404 404 404 404 404 404 404 ok/404 ok/404"
PROJECT_SEEN_403 = "login 403 403 404 404 404 404 404 404 404 403/404 403/404"
PROJECT_MANAGER = "login 403 403 404 404 404 404 404 404 404 403/404 ok/404"
PROPOSAL_SIDES = "login 403 403 404 404 404 404 404 404 404 ok/404 ok/404"
ENTERPRISE_ONLY = "login 403 403 403 403 403 403 403 403 403 403 ok"
TALENT_SELF = "login 403 403 403 403 403 403 403 403 403 ok 403"
# Job fairs (ROLES.md: the fair's organiser manages it; an enterprise contact posts its own
# positions and sees the intents on them; a talent proposes for themself).
FAIR_ORGANISER = "login 403 403 403 403 403 403 403 403 403 403 403"
NO_PARTICIPANT = "login 404 404 404 404 404 404 404 404 404 404 404"
ENTERPRISE_ONLY = "login 403 403 403 403 403 403 403 403 403 403 ok"
POSITION_EDITOR = "login 403 403 403 403 403 403 403 403 403 403 ok/403"
SEEKER_PROPOSES = "login 404 404 404 404 404 404 404 404 404 ok 404"
INTENT_SEEN = "login 404 ok ok/404 404 404 404 404 404 404 ok/404 ok/404"
FAIR_SEEKERS = "login 403 ok 403 ok 403 403 403 403 403 403 403"
INTENT_SIDES = "login 404 403 403/404 404 404 404 404 404 404 ok/404 ok/404"

ROUTES: dict[str, Row] = {
    # --- campaigns ---------------------------------------------------------------------------
    "campaigns:list": Row(None, CAMPAIGN_LIST),
    "campaigns:report-list": Row(None, CAMPAIGN_LIST),
    "campaigns:detail": Row("campaign", CAMPAIGN_SEEN),
    # The task force adds for anyone; a county or department officer for their own unit.
    "campaigns:action-add": Row(
        "campaign",
        "login 403 ok ok ok 404 404 404 404 404 404 404",
        post="login 403 ok ok ok 404 404 404 404 404 404 404",
    ),
    "campaigns:indicator": Row("indicator", INDICATOR_SEEN),
    "campaigns:indicator-report": Row("indicator", POST_ONLY, post=UNIT_REPORTS),
    "campaigns:indicator-status": Row("indicator", POST_ONLY, post=SUPERVISES),
    "campaigns:report-decide": Row("campaign_report", POST_ONLY, post=SUPERVISES),
    "campaigns:unit-plan": Row("campaign_unit", POST_ONLY, post=UNIT_REPORTS),
    # A unit's plan and a report's evidence: whoever sees the unit (as its indicator).
    "campaigns:unit-plan-file": Row("campaign_unit", INDICATOR_SEEN),
    "campaigns:report-evidence": Row("campaign_report", INDICATOR_SEEN),
    "campaigns:bulletins": Row("campaign", CAMPAIGN_SEEN),
    "campaigns:bulletin-issue": Row("campaign", POST_ONLY, post=ISSUES),
    "campaigns:bulletin": Row("bulletin", CAMPAIGN_SEEN),
    "campaigns:bulletin-docx": Row("bulletin", CAMPAIGN_SEEN),
    "campaigns:bulletin-pdf": Row("bulletin", CAMPAIGN_SEEN),
    "campaigns:assessments": Row("campaign", CAMPAIGN_SEEN),
    "campaigns:assessment-issue": Row("campaign", POST_ONLY, post=ISSUES),
    "campaigns:assessment": Row("assessment", CAMPAIGN_SEEN),
    "campaigns:assessment-adjust": Row("assessment", POST_ONLY, post=ISSUES),
    "campaigns:supervision": Row("campaign", CAMPAIGN_SEEN),
    "campaigns:visit-record": Row("campaign", POST_ONLY, post=ISSUES),
    "campaigns:rectification-done": Row(
        "rectification", POST_ONLY, post="login 403 ok ok/404 404 404 404 404 404 404 404 404"
    ),
    "api:supervision-visit-list": Row(None, CAMPAIGN_LIST),
    "api:supervision-visit-detail": Row("visit", INDICATOR_SEEN),
    "api:campaign-bulletins": Row("campaign", CAMPAIGN_SEEN),
    "api:campaign-assessments": Row("campaign", CAMPAIGN_SEEN),
    "api:campaign-list": Row(None, CAMPAIGN_LIST),
    "api:campaign-detail": Row("campaign", CAMPAIGN_SEEN),
    "api:campaign-actions": Row("campaign", CAMPAIGN_SEEN),
    "api:campaign-progress": Row("campaign", CAMPAIGN_SEEN),
    "api:target-list": Row(None, CAMPAIGN_LIST),
    "api:target-detail": Row("indicator", INDICATOR_SEEN),
    # --- projects: tech projects and match proposals ----------------------------------------
    "projects:project-list": Row(None, SIGNED_IN),
    "projects:project-new": Row(None, ENTERPRISE_ONLY, post=ENTERPRISE_ONLY),
    "projects:project-detail": Row("tech_project", PROJECT_SEEN),
    "projects:project-propose": Row("tech_project", NOT_GET_SIGNED_IN, post=PROJECT_SEEN_403),
    "projects:project-close": Row("tech_project", NOT_GET_SIGNED_IN, post=PROJECT_MANAGER),
    "projects:proposal-list": Row(None, SIGNED_IN),
    "projects:outcome-list": Row(None, SIGNED_IN),
    "projects:proposal-detail": Row("proposal", PROJECT_SEEN),
    "projects:proposal-answer": Row("proposal", NOT_GET_SIGNED_IN, post=PROPOSAL_SIDES),
    "projects:proposal-withdraw": Row("proposal", NOT_GET_SIGNED_IN, post=PROJECT_SEEN_403),
    "projects:proposal-outcome": Row("proposal", NOT_GET_SIGNED_IN, post=PROJECT_MANAGER),
    "projects:expertise": Row(None, TALENT_SELF, post=TALENT_SELF),
    "api:tech-project-list": Row(None, API_SIGNED_IN, post=ENTERPRISE_ONLY),
    "api:tech-project-detail": Row("tech_project", PROJECT_SEEN),
    "api:tech-project-matches": Row(
        "tech_project",
        "login ok ok 404 404 404 404 404 404 404 403/404 403/404",
        post=PROJECT_SEEN_403,
    ),
    "api:match-proposal-list": Row(None, API_SIGNED_IN),
    "api:match-proposal-detail": Row("proposal", PROJECT_SEEN),
    "api:match-proposal-accept": Row("proposal", NOT_GET_SIGNED_IN, post=PROPOSAL_SIDES),
    "api:match-proposal-decline": Row("proposal", NOT_GET_SIGNED_IN, post=PROPOSAL_SIDES),
    "api:match-proposal-withdraw": Row("proposal", NOT_GET_SIGNED_IN, post=PROJECT_SEEN_403),
    "api:match-proposal-outcome": Row("proposal", NOT_GET_SIGNED_IN, post=PROJECT_MANAGER),
    # --- medical: the green channel -------------------------------------------------------
    "medical:today": Row(None, LIAISON),
    "medical:find": Row(None, LIAISON, post=LIAISON),
    # A talent books for themself; staff book through ?talent= (a talent they serve).
    "medical:book": Row(
        None,
        "login 404 404 404 404 404 404 404 404 404 ok 404",
        post=("login 404 404 404 404 404 404 404 404 404 ok 404"),
    ),
    "medical:slot-list": Row(None, LIAISON, post=LIAISON),
    "medical:appointment-list": Row(None, SIGNED_IN),
    "medical:appointment-detail": Row("appointment", VISIT_SEEN),
    "medical:appointment-step": Row("appointment", NOT_GET_SIGNED_IN, post=VISIT_STEP),
    "medical:record-list": Row(None, SIGNED_IN),
    "api:hospital-list": Row(None, API_SIGNED_IN),
    "api:hospital-detail": Row("hospital", API_SIGNED_IN),
    "api:hospital-cutoff": Row("hospital", NOT_GET_SIGNED_IN, post=LIAISON),
    "api:slot-list": Row(None, API_SIGNED_IN, post=LIAISON),
    "api:slot-detail": Row("slot", API_SIGNED_IN),
    "api:slot-weekly": Row(None, NOT_GET_SIGNED_IN, post=LIAISON),
    "api:slot-withdraw": Row("slot", NOT_GET_SIGNED_IN, post=LIAISON),
    # Booking for the inside talent: those who serve them (the clerk serving today, the
    # liaison of a hospital that serves them, the talent); others who see the talent may not
    # book (403); those who do not see them are told the talent is not found (400, a field).
    "api:appointment-list": Row(
        None, API_SIGNED_IN, post="login 403 403 403 403 ok ok 400 400 400 ok 400"
    ),
    "api:appointment-detail": Row("appointment", VISIT_SEEN),
    "api:appointment-check-in": Row("appointment", NOT_GET_SIGNED_IN, post=VISIT_STEP),
    "api:appointment-accompany": Row("appointment", NOT_GET_SIGNED_IN, post=VISIT_STEP),
    "api:appointment-complete": Row("appointment", NOT_GET_SIGNED_IN, post=VISIT_STEP),
    "api:appointment-no-show": Row("appointment", NOT_GET_SIGNED_IN, post=VISIT_STEP),
    "api:appointment-cancel": Row("appointment", NOT_GET_SIGNED_IN, post=BOOKING_CHANGE),
    "api:appointment-reschedule": Row("appointment", NOT_GET_SIGNED_IN, post=BOOKING_CHANGE),
    # Opening the inside talent's record: the liaison (it exists already: 409, let in).
    "api:health-record-list": Row(
        None, API_SIGNED_IN, post="login 403 403 403 403 403 ok 400 400 400 403 400"
    ),
    "api:health-record-detail": Row("record", VISIT_SEEN),
    "api:health-record-checkups": Row("record", NOT_GET_SIGNED_IN, post=VISIT_STEP),
    # --- core ------------------------------------------------------------------------------
    "set_language": Row(None, ALL, post=ALL),
    # The API's description holds no one's data.
    "schema": Row(None, ALL),
    "api-docs": Row(None, ALL),
    "core:home": Row(None, SIGNED_IN),
    "core:login": Row(None, ALL),
    "core:login-sms": Row(None, ALL, post=ALL),
    "core:logout": Row(None, NOT_GET),
    # The second factor's pages: anyone signed in (without a device they redirect onwards).
    "core:second-factor": Row(None, SIGNED_IN, post=SIGNED_IN),
    "core:second-factor-enrol": Row(None, SIGNED_IN, post=SIGNED_IN),
    "core:audit-log": Row(None, CITY),
    # Everyone signed in reads their own messages; a message is its recipient's only (the
    # matrix's one belongs to the talent).
    "core:notifications": Row(None, SIGNED_IN),
    "core:notifications-read-all": Row(None, NOT_GET_SIGNED_IN, post=SIGNED_IN),
    "core:notification-detail": Row(
        "notification", "login 404 404 404 404 404 404 404 404 404 ok 404"
    ),
    "core:me": Row(None, SIGNED_IN),
    # 大字版: anyone, signed in or not, may switch the text size (a cookie; POST only).
    "core:text-size": Row(None, NOT_GET, ALL),
    "api:api-token": Row(None, NOT_GET),
    "api:division-list": Row(None, API_SIGNED_IN),
    "api:division-detail": Row("division", API_SIGNED_IN),
    "api:organisation-list": Row(
        None, API_SIGNED_IN, post="login ok 403 403 403 403 403 403 403 403 403 403"
    ),
    "api:organisation-detail": Row("organisation", API_SIGNED_IN),
    # --- talents: the registry -------------------------------------------------------------
    # A clerk is sent to the window find instead (a redirect, so "ok"): no browsing.
    "talents:list": Row(None, "login ok ok ok 403 ok 403 403 403 403 403 403"),
    # the card records of the registry (the "cards issued" figure's list): those who browse it
    "talents:card-list": Row(None, REGISTRY),
    "talents:create": Row(
        None,
        "login 403 ok ok 403 ok 403 403 403 403 403 403",
        post="login 403 ok ok 403 ok 403 403 403 403 403 403",
    ),
    "talents:find": Row(None, "login 403 403 403 ok? ok ok? ok? 403 403 403 403"),
    "talents:export": Row(None, REGISTRY),
    "talents:import": Row(None, IMPORTERS, post=IMPORTERS),
    "talents:import-template": Row(None, IMPORTERS),
    "talents:detail": Row("talent", SEES_TALENT),
    # The one-person file: whoever sees the talent (each entry then as far as their scope
    # reaches); the talent their own file under "Me" — an account with no record: not found.
    "talents:file": Row("talent", SEES_TALENT),
    "talents:my-file": Row(None, "login 404 404 404 404 404 404 404 404 404 ok 404"),
    "talents:edit": Row(
        "talent",
        "login 403 ok ok/404 403/404 ok/404 404 404 404 404 403/404 404",
        post="login 403 ok ok/404 403/404 ok/404 404 404 404 404 403/404 404",
    ),
    "talents:reveal": Row(
        "talent",
        NOT_GET_SIGNED_IN,
        post="login ok ok ok/404 ok/404 ok/404 404 404 404 404 ok/404 404",
    ),
    # A clerk serving the talent creates their account at the counter.
    "talents:account-link": Row(
        "talent",
        "login 403 403 403/404 403/404 ok/404 404 404 404 404 403/404 404",
        post="login 403 403 403/404 403/404 ok/404 404 404 404 404 403/404 404",
    ),
    "talents:card-issue": Row("talent", CARD_MANAGERS, post=CARD_MANAGERS),
    "talents:card-record": Row("talent", CARD_MANAGERS, post=CARD_MANAGERS),
    "talents:card-renew": Row("card", CARD_MANAGERS, post=CARD_MANAGERS),
    "talents:card-revoke": Row("card", CARD_MANAGERS, post=CARD_MANAGERS),
    "talents:card-qr": Row("card", SEES_TALENT),
    "talents:card-verify": Row("token", ALL),
    "talents:claim-start": Row(None, ALL),
    "talents:claim-confirm": Row(None, ALL),
    # API lists answer every signed-in role with the rows in its scope (often none).
    # ROLES.md: a clerk finds by exact identifiers, no browsing of lists; the API lists the
    # talents they served today (and their cards).
    "api:talent-list": Row(
        None,
        "login ok ok ok ok 403? ok ok ok ok ok ok",
        post="login 403 ok ok 403 ok 403 403 403 403 403 403",
    ),
    "api:talent-detail": Row("talent", SEES_TALENT),
    "api:talent-cards": Row("talent", SEES_TALENT),
    "api:card-list": Row(
        None,
        "login ok ok ok ok 403? ok ok ok ok ok ok",
        # A body naming a talent the role cannot see answers 400 naming the field.
        post="login 403 ok ok 403 403 400 400 400 400 403 400",
    ),
    "api:card-verify": Row("token", ALL),
    "api:card-detail": Row("card", SEES_TALENT),
    "api:card-renew": Row("card", NOT_GET_SIGNED_IN, post=CARD_MANAGERS),
    "api:card-revoke": Row("card", NOT_GET_SIGNED_IN, post=CARD_MANAGERS),
    # --- policies --------------------------------------------------------------------------
    "policies:handbook": Row(None, ALL),
    "policies:catalogue": Row(None, READERS),
    "policies:create": Row(None, MANAGERS, post=MANAGERS),
    "policies:edit": Row("policy", MANAGERS, post=MANAGERS),
    "policies:benefit-create": Row(
        "policy",
        "login ok ok 403 ok 403 403 403 403 403 403 403",
        post="login ok ok 403 ok 403 403 403 403 403 403 403",
    ),
    "policies:benefit-rule-count": Row(None, NOT_GET, post=COUNTERS),
    "policies:benefit-detail": Row("benefit", READERS),
    "policies:benefit-edit": Row(
        "benefit",
        "login ok ok 403 ok/403 403 403 403 403 403 403 403",
        post="login ok ok 403 ok/403 403 403 403 403 403 403 403",
    ),
    "policies:benefit-draft": Row("benefit", "login ok ok 403 ok/403 403 403 403 403 403 403 403"),
    "policies:benefit-publish": Row(
        "benefit", NOT_GET, post="login ok ok 403 ok/403 403 403 403 403 403 403 403"
    ),
    "policies:benefit-simulation": Row("benefit", COUNTERS),
    "policies:benefit-simulation-preview": Row("benefit", NOT_GET, post=COUNTERS),
    "policies:outreach-list": Row(None, OUTREACH),
    "policies:notice-list": Row(None, OUTREACH),
    "policies:outreach-start": Row(None, NOT_GET, post=OUTREACH),
    # The world's run is city-wide: a county officer sees only their county's runs.
    "policies:outreach-detail": Row("outreach", OUTREACH_RUN),
    "policies:pack-mine": Row(None, TALENT_ONLY),
    "policies:talent-pack": Row("talent", SEES_TALENT),
    "policies:talent-pack-docx": Row("talent", SEES_TALENT),
    "policies:entitlement-list": Row(None, "login ok ok ok ok 403 403 403 403 403 403 403"),
    "policies:entitlement-import": Row(None, RECORDERS, post=RECORDERS),
    "policies:entitlement-import-template": Row(None, RECORDERS),
    "policies:entitlement-detail": Row(
        "entitlement", "login ok ok ok/404 ok/404 ok/404 404 404 404 404 ok/404 404"
    ),
    "policies:entitlement-record": Row(
        "talent",
        "login 403 ok ok/404 ok/404 403/404 404 404 404 404 403/404 404",
        post="login 403 ok ok/404 ok/404 403/404 404 404 404 404 403/404 404",
    ),
    "api:benefit-simulate": Row(
        "benefit", "login 400 400 400 400 403 403 403 403 403 403 403", post=COUNTERS
    ),
    "api:talent-eligibility": Row("talent", SEES_TALENT),
    "api:policy-list": Row(None, READERS, post=MANAGERS),
    "api:policy-detail": Row("policy", READERS),
    "api:benefit-list": Row(None, READERS),
    "api:benefit-detail": Row("benefit", READERS),
    "api:benefit-publish": Row(
        "benefit",
        "login 405 405 405 405 405 403 403 403 403 403 403",
        post="login ok ok 403 ok/403 403 403 403 403 403 403 403",
    ),
    "api:benefit-versions": Row("benefit", READERS),
    "api:entitlement-list": Row(None, "login ok ok ok ok 403 403 403 403 403 403 403"),
    "api:entitlement-detail": Row(
        "entitlement", "login ok ok ok/404 ok/404 ok/404 404 404 404 404 ok/404 404"
    ),
    "api:entitlement-transition": Row(
        "entitlement",
        NOT_GET_SIGNED_IN,
        post="login 403 ok ok/404 ok/404 403/404 404 404 404 404 403/404 404",
    ),
    "api:outreach-run-list": Row(None, OUTREACH, post=OUTREACH),
    "api:outreach-run-detail": Row("outreach", OUTREACH_RUN),
    # --- desk: cases -----------------------------------------------------------------------
    "desk:window": Row(None, CLERK),
    "desk:window-preview": Row(None, NOT_GET_SIGNED_IN, post=CLERK),
    "desk:window-register": Row(None, NOT_GET_SIGNED_IN, post=CLERK),
    "desk:window-talent": Row("talent", "login 403 403 403 403 ok/404 403 403 403 403 403 403"),
    "desk:window-start": Row(
        "talent", NOT_GET_SIGNED_IN, post="login 403 403 403 403 ok/404 403 403 403 403 403 403"
    ),
    # The case list shows the cases in the actor's scope: none for most roles.
    "desk:application-list": Row(None, SIGNED_IN),
    "desk:application-detail": Row("case", CASE_SEEN),
    "desk:receipt": Row("case", CASE_SEEN),
    "desk:receipt-pdf": Row("case", CASE_SEEN),
    # Whoever sees the case gets past the door; a refused action comes back as a message on
    # the case page (desk/tests/test_views_cases.py checks those).
    "desk:application-action": Row("case", NOT_GET_SIGNED_IN, post=CASE_SEEN),
    "desk:document-upload": Row("case", NOT_GET_SIGNED_IN),
    "desk:document-seen": Row("case", NOT_GET_SIGNED_IN),
    "desk:document-download": Row("case", CASE_SEEN),
    "desk:queue": Row(None, REPORTS),
    "desk:report": Row(None, REPORTS),
    "desk:ledger": Row(None, LEDGER),
    "desk:ledger-export": Row(None, LEDGER),
    "desk:my-applications": Row(None, TALENT_ONLY),
    "desk:my-application-detail": Row(
        "case", "login 404 404 404 404 404 404 404 404 404 ok/404 404"
    ),
    "desk:my-apply": Row(None, TALENT_ONLY),
    "desk:my-apply-benefit": Row("benefit", TALENT_ONLY),
    # The service network: where to go in person, for anyone signed in.
    "desk:service-point-list": Row(None, SIGNED_IN),
    "api:service-point-list": Row(None, API_SIGNED_IN),
    "api:service-point-detail": Row("service_point", API_SIGNED_IN),
    "api:application-list": Row(None, API_SIGNED_IN),
    "api:application-bulk-approve": Row(None, NOT_GET_SIGNED_IN),
    "api:application-handling-report": Row(None, REPORTS),
    "api:application-open-outreach": Row(None, NOT_GET_SIGNED_IN),
    "api:application-queue": Row(None, REPORTS),
    "api:application-detail": Row("case", CASE_SEEN),
    "api:application-accept": Row("submitted", NOT_GET_SIGNED_IN, post=OWNING_OR_CLERK),
    "api:application-approve": Row("case", NOT_GET_SIGNED_IN),
    "api:application-close": Row(
        "case",
        NOT_GET_SIGNED_IN,
        post="login 404 403 403/404 ok/404 403/404 404 404 404 404 403/404 404",
    ),
    "api:application-disburse": Row("case", NOT_GET_SIGNED_IN, post=PAYING),
    "api:application-document": Row("case", CASE_SEEN),
    "api:application-document-seen": Row("case", NOT_GET_SIGNED_IN),
    "api:application-documents": Row("case", CASE_SEEN),
    "api:application-reject": Row("submitted", NOT_GET_SIGNED_IN, post=OWNING),
    "api:application-resubmit": Row("case", NOT_GET_SIGNED_IN),
    "api:application-return": Row("submitted", NOT_GET_SIGNED_IN, post=OWNING_OR_CLERK),
    "api:application-submit": Row("case", NOT_GET_SIGNED_IN),
    "api:application-withdraw": Row("submitted", NOT_GET_SIGNED_IN, post=TALENT_OR_CLERK),
    "api:disbursement-list": Row(None, API_SIGNED_IN),
    "api:disbursement-export": Row(None, LEDGER),
    "api:disbursement-detail": Row("disbursement", CASE_SEEN),
    "api:budget-list": Row(
        None, API_SIGNED_IN, post="login 403 ok 403 ok 403 403 403 403 403 403 403"
    ),
    # --- schooling -------------------------------------------------------------------------
    "schooling:case-list": Row(None, SCHOOLING_LISTS),
    "schooling:case-export": Row(None, SCHOOLING_LISTS),
    "schooling:case-detail": Row("enrolment", ENROLMENT_SEEN),
    # Whoever sees the case gets past the door; the state refuses the action as a message.
    "schooling:case-action": Row("enrolment", NOT_GET_SIGNED_IN, post=ENROLMENT_SEEN),
    "schooling:my-schooling": Row(None, TALENT_ONLY, post=TALENT_ONLY),
    "api:enrolment-list": Row(None, API_SIGNED_IN, post=TALENT_ONLY),
    "api:enrolment-detail": Row("enrolment", ENROLMENT_SEEN),
    "api:enrolment-review": Row("enrolment", NOT_GET_SIGNED_IN),
    "api:enrolment-assign": Row("enrolment", NOT_GET_SIGNED_IN),
    "api:enrolment-not-place": Row("enrolment", NOT_GET_SIGNED_IN),
    "api:enrolment-enrol": Row(
        "enrolment",
        NOT_GET_SIGNED_IN,
        post="login 404 403 403/404 404 404 404 404 ok/404 404 403/404 404",
    ),
    # --- housing ---------------------------------------------------------------------------
    "housing:unit-list": Row(None, HOUSING_READERS),
    "housing:unit-add": Row(None, BUREAU, post=BUREAU),
    "housing:unit-detail": Row("apartment", HOUSING_SEEN),
    "housing:unit-state": Row("apartment", NOT_GET_SIGNED_IN, post=BUREAU_ACTS),
    "housing:application-list": Row(None, HOUSING_READERS),
    "housing:application-detail": Row("housing_application", HOUSING_SEEN),
    "housing:application-refresh": Row("housing_application", NOT_GET_SIGNED_IN, post=BUREAU_ACTS),
    "housing:application-withdraw": Row(
        "housing_application", NOT_GET_SIGNED_IN, post=BUREAU_OR_TENANT
    ),
    "housing:round-list": Row(None, HOUSING_READERS),
    "housing:round-open": Row(None, NOT_GET_SIGNED_IN, post=BUREAU),
    "housing:round-detail": Row(
        "housing_round", "login 404 ok ok/404 ok 404 404 404 404 404 404 404"
    ),
    "housing:round-close": Row(
        "housing_round",
        NOT_GET_SIGNED_IN,
        post="login 404 403 403/404 ok 404 404 404 404 404 404 404",
    ),
    "housing:round-allocate": Row(
        "housing_round",
        NOT_GET_SIGNED_IN,
        post="login 404 403 403/404 ok 404 404 404 404 404 404 404",
    ),
    # Published without names: every signed-in user may read a closed round's results.
    "housing:round-results": Row("housing_round", SIGNED_IN),
    "housing:offer-answer": Row("housing_offer", NOT_GET_SIGNED_IN, post=BUREAU_OR_TENANT),
    "housing:tenancy-list": Row(None, HOUSING_READERS),
    "housing:tenancy-detail": Row("tenancy", HOUSING_SEEN),
    "housing:tenancy-renew": Row("tenancy", NOT_GET_SIGNED_IN, post=BUREAU_ACTS),
    "housing:tenancy-move-out": Row("tenancy", NOT_GET_SIGNED_IN, post=BUREAU_ACTS),
    "housing:tenancy-move-in": Row("tenancy", NOT_GET_SIGNED_IN, post=BUREAU_OR_TENANT),
    "housing:mine": Row(None, TALENT_ONLY),
    "housing:apply": Row(None, TALENT_ONLY, post=TALENT_ONLY),
    "api:apartment-list": Row(
        None, API_SIGNED_IN, post="login 404 403 403 ok 404 404 404 404 404 404 404"
    ),
    "api:apartment-detail": Row("apartment", HOUSING_SEEN),
    "api:apartment-state": Row("apartment", NOT_GET_SIGNED_IN, post=BUREAU_ACTS),
    # POST not checked here: the talent's own application would change the world (the city
    # bureau would come to see the inside talent); rencai/housing/tests/test_api.py has it.
    "api:housing-application-list": Row(None, API_SIGNED_IN),
    "api:housing-application-detail": Row("housing_application", HOUSING_SEEN),
    "api:housing-application-place": Row("housing_application", HOUSING_SEEN),
    "api:housing-application-offers": Row("housing_application", HOUSING_SEEN),
    "api:housing-application-accept-offer": Row(
        "housing_application", NOT_GET_SIGNED_IN, post=BUREAU_OR_TENANT
    ),
    "api:housing-application-decline-offer": Row(
        "housing_application", NOT_GET_SIGNED_IN, post=BUREAU_OR_TENANT
    ),
    "api:housing-application-withdraw": Row(
        "housing_application", NOT_GET_SIGNED_IN, post=BUREAU_OR_TENANT
    ),
    "api:tenancy-list": Row(None, API_SIGNED_IN),
    "api:tenancy-detail": Row("tenancy", HOUSING_SEEN),
    "api:tenancy-move-out": Row("tenancy", NOT_GET_SIGNED_IN, post=BUREAU_ACTS),
    "api:tenancy-renew": Row("tenancy", NOT_GET_SIGNED_IN, post=BUREAU_ACTS),
    "api:tenancy-move-in": Row("tenancy", NOT_GET_SIGNED_IN, post=BUREAU_OR_TENANT),
    # --- finance: start-up guarantee loans ------------------------------------------------
    # The inside loan: a 团风 borrower's, filed by the window clerk at the bank officer's bank,
    # waiting for its documents; the outside one: a 武穴 borrower's at another bank. The world's
    # department (housing) neither guarantees loans nor is a human-resources office.
    "finance:loan-list": Row(None, SIGNED_IN),
    "finance:loan-apply": Row(None, LOAN_FILERS, post=LOAN_FILERS),
    "finance:claims": Row(None, "login ok ok 403 403 403 403 ok 403 403 403 403"),
    "finance:loan-detail": Row("loan", LOAN_SEEN),
    "finance:loan-reveal": Row("loan", NOT_GET_SIGNED_IN, post=LOAN_REVEAL),
    # The matrix posts the desk's "accept", which no loan step is: refused once the loan is seen.
    "finance:loan-action": Row("loan", NOT_GET_SIGNED_IN, post=LOAN_SEEN_403),
    "api:bank-list": Row(None, API_SIGNED_IN),
    "api:bank-detail": Row("bank", API_SIGNED_IN),
    "api:loan-product-list": Row(None, API_SIGNED_IN),
    "api:loan-product-detail": Row("product", API_SIGNED_IN),
    "api:loan-list": Row(None, API_SIGNED_IN),
    "api:loan-detail": Row("loan", LOAN_SEEN),
    "api:loan-schedule": Row("loan", LOAN_SEEN),
    "api:loan-check-documents": Row("loan", NOT_GET_SIGNED_IN, post=LOAN_BANK),
    "api:loan-reject": Row("loan", NOT_GET_SIGNED_IN, post=LOAN_BANK),
    "api:loan-withdraw": Row("loan", NOT_GET_SIGNED_IN, post=LOAN_FILER),
    # Steps the waiting loan is not ready for answer 409 to whoever sees it (state first).
    "api:loan-approve-guarantee": Row("loan", NOT_GET_SIGNED_IN),
    "api:loan-approve": Row("loan", NOT_GET_SIGNED_IN),
    "api:loan-sign-contract": Row("loan", NOT_GET_SIGNED_IN),
    "api:loan-disburse": Row("loan", NOT_GET_SIGNED_IN),
    "api:loan-repay": Row("loan", NOT_GET_SIGNED_IN),
    "api:loan-record-default": Row("loan", NOT_GET_SIGNED_IN),
    "api:loan-record-overdue": Row("loan", NOT_GET_SIGNED_IN),
    "api:loan-extend": Row("loan", NOT_GET_SIGNED_IN),
    # --- engagement: leader contact and requests --------------------------------------------
    # The inside pairing is the contact leader's (a 团风 talent of its own); its talent's request
    # is assigned to the housing bureau (the matrix's department). The city administrator
    # manages configuration, not people's contacts.
    "engagement:pairing-list": Row(None, PAIRING_LISTS),
    "engagement:pairing-export": Row(None, PAIRING_LISTS),
    "engagement:pairing-detail": Row("pairing", PAIRING_SEEN),
    # Whoever sees the pairing gets past the door; an empty form is refused as a message.
    "engagement:pairing-tick": Row("pairing", NOT_GET_SIGNED_IN, post=PAIRING_SEEN),
    "engagement:pairing-log": Row("pairing", NOT_GET_SIGNED_IN, post=PAIRING_SEEN),
    "engagement:pairing-request": Row("pairing", NOT_GET_SIGNED_IN, post=PAIRING_SEEN),
    # The figures' drill-downs: the contact logs and five-ones items done of the pairings seen.
    "engagement:contact-list": Row(None, PAIRING_LISTS),
    "engagement:pack-list": Row(None, PAIRING_LISTS),
    "engagement:contact-export": Row(None, PAIRING_LISTS),
    "engagement:tick-list": Row(None, PAIRING_LISTS),
    "engagement:tick-export": Row(None, PAIRING_LISTS),
    # Officers and clerks record a request for a talent they see; the administrator and the
    # talent (who has /my/requests/) see the talent but record nothing here. An empty form is
    # shown again (200).
    "engagement:talent-request": Row(
        "talent",
        "login 403 ok ok/404 ok/404 ok/404 404 404 404 404 403/404 404",
        post="login 403 ok ok/404 ok/404 ok/404 404 404 404 404 403/404 404",
    ),
    "engagement:request-list": Row(None, REQUEST_LISTS),
    "engagement:request-export": Row(None, REQUEST_LISTS),
    "engagement:request-detail": Row("talent_request", REQUEST_SEEN),
    "engagement:request-action": Row("talent_request", NOT_GET_SIGNED_IN, post=REQUEST_SEEN),
    "engagement:rates": Row(None, "login 403 ok 403 ok 403 403 403 403 403 403 403"),
    "engagement:my-requests": Row(None, TALENT_ONLY, post=TALENT_ONLY),
    # Creates are not posted here (they would change the world): test_api.py has them.
    "api:contact-pairing-list": Row(None, API_SIGNED_IN),
    "api:contact-pairing-detail": Row("pairing", PAIRING_SEEN),
    "api:contact-pairing-tick": Row("pairing", NOT_GET_SIGNED_IN, post=PAIRING_SEEN),
    "api:contact-log-list": Row(None, API_SIGNED_IN),
    "api:contact-log-detail": Row("contact_log", PAIRING_SEEN),
    "api:request-list": Row(None, API_SIGNED_IN),
    "api:request-detail": Row("talent_request", REQUEST_SEEN),
    # An empty body is refused (400) once the request is seen; `respond` takes an empty body
    # and would change the world: rencai/engagement/tests/test_api.py has it.
    "api:request-assign": Row("talent_request", NOT_GET_SIGNED_IN, post=REQUEST_SEEN),
    "api:request-respond": Row("talent_request", NOT_GET_SIGNED_IN),
    "api:request-answer": Row("talent_request", NOT_GET_SIGNED_IN, post=REQUEST_SEEN),
    "api:request-feedback": Row("talent_request", NOT_GET_SIGNED_IN, post=REQUEST_SEEN),
    "api:request-exclude": Row("talent_request", NOT_GET_SIGNED_IN, post=REQUEST_SEEN),
    # --- job fairs (rencai.events.fairs) -------------------------------------------------
    # The world's fair is published (every signed-in user browses it and its open positions)
    # and organised by the human-resources bureau, not the world's department officer (housing):
    # no column manages it. The enterprise contact's enterprise takes part; the inside position
    # is theirs, the outside one another enterprise's. An intent is seen by its seeker, the
    # position's enterprise, the fair's organiser, the seeker's county and the task force.
    "fairs:fair-list": Row(None, SIGNED_IN),
    "fairs:fair-detail": Row("fair", SIGNED_IN),
    "fairs:fair-add-enterprise": Row("fair", NOT_GET_SIGNED_IN, post=FAIR_ORGANISER),
    "fairs:fair-import": Row("fair", NOT_GET_SIGNED_IN, post=FAIR_ORGANISER),
    "fairs:desk": Row("fair", FAIR_ORGANISER),
    "fairs:desk-propose": Row("fair", NOT_GET_SIGNED_IN, post=FAIR_ORGANISER),
    "fairs:enterprise-list": Row(None, SIGNED_IN),
    "fairs:position-list": Row(None, SIGNED_IN),
    "fairs:open-positions": Row(None, SIGNED_IN),
    # Seekers by name: the fairs' organisers (the matrix's department officer organises none:
    # an empty list) and the task force.
    "fairs:seekers-checked-in": Row(None, FAIR_SEEKERS),
    "fairs:seekers-with-intent": Row(None, FAIR_SEEKERS),
    # Without ?participant= there is no enterprise at a fair to post for.
    "fairs:position-new": Row(None, NO_PARTICIPANT, post=NO_PARTICIPANT),
    "fairs:my-positions": Row(None, ENTERPRISE_ONLY),
    "fairs:position-detail": Row("position", SIGNED_IN),
    "fairs:position-edit": Row("position", POSITION_EDITOR, post=POSITION_EDITOR),
    # A talent proposes for themself; anyone else without a seeker's code has no seeker (404).
    "fairs:position-propose": Row("position", NOT_GET_SIGNED_IN, post=SEEKER_PROPOSES),
    "fairs:intent-list": Row(None, SIGNED_IN),
    # The matrix posts the action "accept", which intents do not have: 404 for all.
    "fairs:intent-action": Row("intent", NOT_GET_SIGNED_IN, post=NO_PARTICIPANT),
    "api:fair-enterprise-list": Row(None, API_SIGNED_IN, post=FAIR_ORGANISER),
    "api:fair-enterprise-detail": Row("fair_enterprise", API_SIGNED_IN),
    "api:position-list": Row(None, API_SIGNED_IN, post=ENTERPRISE_ONLY),
    "api:position-detail": Row("position", API_SIGNED_IN),
    # Only a talent has themself to propose (others: the body names no seeker, 400).
    "api:employment-intent-list": Row(
        None, API_SIGNED_IN, post="login 400 400 400 400 400 400 400 400 400 ok 400"
    ),
    "api:employment-intent-detail": Row("intent", INTENT_SEEN),
    "api:employment-intent-confirm": Row("intent", NOT_GET_SIGNED_IN, post=INTENT_SIDES),
    "api:employment-intent-decline": Row("intent", NOT_GET_SIGNED_IN, post=INTENT_SIDES),
    # --- events ----------------------------------------------------------------------------
    "events:list": Row(None, EVENT_LISTS),
    "events:create": Row(None, EVENT_ORGANISERS, post=EVENT_ORGANISERS),
    # Registrations across the events each organiser runs (the events figures' drill-downs).
    "events:registration-search": Row(None, EVENT_ORGANISERS),
    "events:places-held": Row(None, EVENT_ORGANISERS),
    # A mixer's pairs and people paired, one row each without names (counts only).
    "events:mixer-pairs": Row(None, EVENT_ORGANISERS),
    "events:people-paired": Row(None, EVENT_ORGANISERS),
    "events:detail": Row("event", EVENT_SEEN),
    # The matrix posts no action: the organiser is let in and told "unknown action".
    "events:action": Row("event", NOT_GET_SIGNED_IN, post=EVENT_RUN),
    "events:register": Row("event", NOT_GET_SIGNED_IN, post=EVENT_TALENT),
    "events:qr": Row("event", EVENT_TALENT),
    "events:registrations": Row("event", EVENT_RUN, post=EVENT_RUN),
    "events:walk-in": Row("event", EVENT_RUN, post=EVENT_RUN),
    "events:check-in": Row("event", EVENT_RUN, post=EVENT_RUN),
    "events:picks": Row("event", EVENT_TALENT, post=EVENT_TALENT),
    "events:matches": Row("event", EVENT_TALENT, post=EVENT_TALENT),
    "api:event-list": Row(None, API_SIGNED_IN, post=EVENT_ORGANISERS),
    "api:event-detail": Row("event", EVENT_SEEN),
    "api:event-transition": Row("event", NOT_GET_SIGNED_IN, post=EVENT_RUN),
    "api:event-audience": Row("event", EVENT_TALENT),
    "api:event-registrations": Row("event", EVENT_SEEN, post=EVENT_SEEN),
    "api:event-check-ins": Row("event", EVENT_RUN, post=EVENT_RUN),
    "api:event-picks": Row("event", EVENT_TALENT, post=EVENT_TALENT),
    "api:event-my-matches": Row("event", EVENT_TALENT, post=EVENT_TALENT),
    # --- open statistics (public: no log-in; a GET without its period is 400 for anyone;
    # read-only for everyone) ---
    "api:stats-list": Row(None, ALL, post=NOT_GET),
    "api:stats-detail": Row(None, "400 400 400 400 400 400 400 400 400 400 400 400", post=NOT_GET),
    # The dashboard: the roles that read figures (the task force and the administrator for the
    # city, county and department officers over what they see); a page to read, never posted.
    "dashboard:index": Row(
        None, "login ok ok ok ok 403 403 403 403 403 403 403", post=NOT_GET_SIGNED_IN
    ),
}

# --- retention: a talent's moves (the talent's county office only) and the cohort page ------
# The task force and the city administrator see the talent but record no move (ROLES.md: the
# county office registers and edits its talents); the page counts for the city and counties.
MOVE_RECORDERS = "login 403 403 ok/404 403/404 403/404 404 404 404 404 403/404 404"
RETENTION_READERS = "login ok ok ok 403 403 403 403 403 403 403 403"
ROUTES.update(
    {
        "talents:move-departure": Row("talent", MOVE_RECORDERS, post=MOVE_RECORDERS),
        "talents:move-return": Row("talent", MOVE_RECORDERS, post=MOVE_RECORDERS),
        "talents:move-transfer": Row("talent", MOVE_RECORDERS, post=MOVE_RECORDERS),
        "talents:move-list": Row(None, RETENTION_READERS),
        "dashboard:retention": Row(None, RETENTION_READERS),
    }
)
