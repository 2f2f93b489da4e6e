"""The one-person file shows nothing the viewer may not see (issue 15), over the matrix's world.

Two walks over every registered timeline provider:

- `OUTSIDERS` names, for each provider, a viewer who may see a talent but not that app's record
  of them (ROLES.md: a liaison of another hospital, an officer of another bank or department, a
  clerk who did not open the case …). That viewer gets no entry from the provider, while the
  task force gets at least one (the record is there). A provider without a row fails
  `test_every_timeline_provider_has_an_outsider`: a new app adds its row.
- Every entry any role's viewer is shown links only to a page that viewer can open.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction
from django.test import override_settings

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import User
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_organisation, make_user
from rencai.core.timeline import providers
from rencai.desk.tests.factories import make_clerk, serve
from rencai.policies.evaluation import clear_caches
from rencai.policies.pack import clear_in_force
from rencai.policies.tests.factories import make_department
from rencai.talents.models import Talent
from rencai.talents.services.finding import find_to_serve

from .world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        clear_caches()
        clear_in_force()
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)
        clear_caches()
        clear_in_force()


def _found_by(kind: str, role: str, talent: Talent) -> User:
    """A fresh officer of a fresh organisation who found the talent to serve today."""
    user = make_user(role=role, organisation=make_organisation(kind))
    find_to_serve(actor=user, id_number=talent.id_number)
    return user


def _found_by_department(code: str, talent: Talent) -> User:
    user = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department(code))
    find_to_serve(actor=user, id_number=talent.id_number)
    return user


def _served_by_another_clerk(talent: Talent) -> User:
    clerk = make_clerk()
    serve(clerk, talent)
    return clerk


# provider → (the talent with a record of that app, a viewer who sees the talent, not the record).
# None: the provider's entries are the talent's registry record itself (registration, cards, moves),
# which whoever may see the talent sees.
Outsider = Callable[[World], tuple[Talent, User]] | None
OUTSIDERS: dict[str, Outsider] = {
    "talents.registry": None,
    # Departures, returns and transfers are the registry's own record of where the talent is.
    "talents.moves": None,
    # The inside talent's housing-bureau case, seen by the science bureau that found them.
    "policies.entitlements": lambda w: (
        w.inside.talent,
        _found_by_department("science", w.inside.talent),
    ),
    "desk.cases": lambda w: (w.inside.talent, _found_by_department("science", w.inside.talent)),
    # The borrower's loan at the bank officer's bank, seen by an officer of another bank.
    "finance.loans": lambda w: (
        w.loans["inside"].talent,
        _found_by(OrganisationKind.BANK, Role.BANK_OFFICER, w.loans["inside"].talent),
    ),
    # The tenant's apartment, seen by a clerk serving them.
    "housing.records": lambda w: (
        w.inside.housing_application.talent,
        _served_by_another_clerk(w.inside.housing_application.talent),
    ),
    # The visit at the liaison's hospital, seen by the liaison of another hospital.
    "medical.visits": lambda w: (
        w.inside.talent,
        _found_by(OrganisationKind.HOSPITAL, Role.HOSPITAL_LIAISON, w.inside.talent),
    ),
    # The child's enrolment (the education bureau's), seen by the housing officer (a case).
    "schooling.cases": lambda w: (w.inside.talent, w.users[Role.DEPARTMENT_OFFICER]),
    # The housing bureau's mixer, seen by the science bureau that found the talent.
    "events.registrations": lambda w: (
        w.inside.talent,
        _found_by_department("science", w.inside.talent),
    ),
    # The intent at the human-resources bureau's fair, seen by the housing officer (a case).
    "fairs.intents": lambda w: (w.inside.talent, w.users[Role.DEPARTMENT_OFFICER]),
    # The contact leader's visit and the request (the housing bureau's), seen by a clerk.
    "engagement.contacts": lambda w: (
        w.inside.pairing.talent,
        _served_by_another_clerk(w.inside.pairing.talent),
    ),
    "engagement.requests": lambda w: (
        w.inside.pairing.talent,
        _served_by_another_clerk(w.inside.pairing.talent),
    ),
    # The enterprise's proposal, seen by the housing officer (the talent's housing case).
    "projects.proposals": lambda w: (w.inside.talent, w.users[Role.DEPARTMENT_OFFICER]),
}


def test_every_timeline_provider_has_an_outsider():
    assert set(providers.names()) == set(OUTSIDERS)


@pytest.mark.parametrize("name", sorted(n for n, o in OUTSIDERS.items() if o is not None))
def test_a_viewer_outside_an_apps_scope_gets_no_entry_from_it(world, name):
    make_outsider = OUTSIDERS[name]
    assert make_outsider is not None
    talent, outsider = make_outsider(world)
    provider = providers.get(name)
    assert Talent.objects.for_actor(outsider).filter(pk=talent.pk).exists()
    assert list(provider.entries(world.users[Role.TASK_FORCE], talent))

    assert list(provider.entries(outsider, talent)) == []


def test_every_entry_links_only_to_a_page_its_viewer_can_open(world):
    talents = list(Talent.objects.all())
    refused = []
    checked = 0
    for role, user in world.users.items():
        client = page_client(user)
        opened: dict[str, int] = {}
        for talent in Talent.objects.for_actor(user).filter(pk__in=[t.pk for t in talents]):
            for name in providers.names():
                for entry in providers.get(name).entries(user, talent):
                    if not entry.link or entry.link in opened:
                        continue
                    opened[entry.link] = client.get(entry.link).status_code
                    checked += 1
                    if opened[entry.link] != 200:
                        refused.append((role, name, entry.link, opened[entry.link]))
    assert checked > 20
    assert refused == []
