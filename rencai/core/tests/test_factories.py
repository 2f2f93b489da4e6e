"""The shared factories make valid rows: other apps' tests rely on them."""

import pytest

from rencai.core.choices import OrganisationKind, Role
from rencai.core.permissions import roles_of
from rencai.talents.choices import CardKind
from rencai.talents.identity import parse_id
from rencai.talents.tests.factories import make_card, make_talent

from .factories import make_county, make_organisation, make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


def test_make_talent_produces_valid_unique_identity_numbers():
    county = make_county()
    talents = [make_talent(county=county) for _ in range(20)]
    numbers = {t.id_number for t in talents}
    assert len(numbers) == 20
    for talent in talents:
        parsed = parse_id(talent.id_type, talent.id_number)
        assert parsed.birth_date == talent.birth_date
        assert talent.id_number.startswith(county.code)


def test_make_user_gives_each_role_a_fitting_scope():
    for role in Role:
        user = make_user(role=role)
        roles = roles_of(user)
        assert roles.has(role)
    clerk = make_user(role=Role.WINDOW_CLERK)
    (point_id,) = roles_of(clerk).organisation_ids(Role.WINDOW_CLERK)
    assert make_organisation().pk != point_id


def test_make_user_without_password_cannot_log_in_but_with_one_can(client):
    silent = make_user(username="silent")
    speaking = make_user(username="speaking", password="Secret-pass-42")
    assert not silent.has_usable_password()
    assert speaking.check_password("Secret-pass-42")


def test_make_card_defaults_to_an_active_green_card_and_chucai_gets_a_level():
    talent = make_talent()
    green = make_card(talent)
    chucai = make_card(talent, kind=CardKind.CHUCAI_CARD)
    assert green.status == "active"
    assert green.level == ""
    assert chucai.level == "A"
    assert make_organisation(kind=OrganisationKind.SERVICE_POINT).service_point_kind == "window"
