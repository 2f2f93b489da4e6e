"""Who sees which projects, proposals and talents — the allowed case beside the denied one."""

import pytest

from rencai.core.choices import Role
from rencai.core.masking import mask_id_number
from rencai.core.tests.factories import make_user
from rencai.projects import selectors
from rencai.projects.models import Expertise
from rencai.talents.models import Talent
from rencai.talents.tests.factories import make_talent

from .factories import (
    make_enterprise,
    make_enterprise_contact,
    make_expert,
    make_project,
    make_proposal,
    make_science_officer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def two_enterprises():
    mine, theirs = make_enterprise(), make_enterprise()
    talent_user = make_user(username="expert", role=Role.TALENT)
    expert = make_expert("焊接机器人离线编程", user=talent_user, major="机械电子工程")
    Expertise.objects.filter(talent=expert).update(share_employer=False)
    my_proposal = make_proposal(make_project(mine), expert)
    their_proposal = make_proposal(make_project(theirs), make_expert("茶叶加工"))
    return {
        "mine": mine,
        "contact": make_enterprise_contact(mine),
        "talent_user": talent_user,
        "expert": expert,
        "my_proposal": my_proposal,
        "their_proposal": their_proposal,
    }


def test_science_bureau_sees_every_project_and_proposal(two_enterprises):
    officer = make_science_officer()

    assert selectors.projects_for_actor(officer).count() == 2
    assert selectors.proposals_for_actor(officer).count() == 2


def test_enterprise_contact_sees_its_own_projects_and_proposals_only(two_enterprises, client_as):
    w = two_enterprises
    client = client_as(w["contact"])

    assert client.get(f"/match-proposals/{w['my_proposal'].pk}/").status_code == 200
    assert client.get(f"/match-proposals/{w['their_proposal'].pk}/").status_code == 404
    assert client.get(f"/tech-projects/{w['my_proposal'].project_id}/").status_code == 200
    assert client.get(f"/tech-projects/{w['their_proposal'].project_id}/").status_code == 404


def test_enterprise_sees_the_name_and_shared_profile_never_the_identity(two_enterprises, client_as):
    w = two_enterprises
    page = client_as(w["contact"]).get(f"/match-proposals/{w['my_proposal'].pk}/")

    html = page.content.decode()
    assert w["expert"].name in html
    assert "焊接机器人离线编程" in html
    assert w["expert"].id_number not in html
    assert mask_id_number(w["expert"].id_number) not in html
    assert w["expert"].mobile not in html


def test_enterprise_contact_does_not_see_the_talent_page_or_the_ranking(
    two_enterprises, client_as, api_as
):
    w = two_enterprises

    assert not Talent.objects.for_actor(w["contact"]).exists()
    assert client_as(w["contact"]).get(f"/talents/{w['expert'].pk}/").status_code == 404
    matches = api_as(w["contact"]).get(
        f"/api/v1/tech-projects/{w['my_proposal'].project_id}/matches/"
    )
    assert matches.status_code == 403


def test_talent_sees_their_own_proposals_only(two_enterprises, client_as):
    w = two_enterprises
    client = client_as(w["talent_user"])

    assert client.get(f"/match-proposals/{w['my_proposal'].pk}/").status_code == 200
    assert client.get(f"/match-proposals/{w['their_proposal'].pk}/").status_code == 404
    assert list(selectors.proposals_for_actor(w["talent_user"])) == [w["my_proposal"]]


def test_science_bureau_ranks_talents_open_to_projects_not_those_who_opted_out():
    officer = make_science_officer()
    welder = make_expert("钢结构焊接变形控制")
    shy = make_expert("钢结构焊接变形控制与焊缝跟踪")
    Expertise.objects.filter(talent=shy).update(open_to_projects=False)
    make_talent(major="焊接技术")  # no profile: not visible to the science bureau
    selectors.clear_index_cache()

    ranked = selectors.ranked_candidates(officer, make_project())

    assert [c.talent for c in ranked] == [welder]
    assert "焊接变形" in ranked[0].reasons


def test_a_department_that_is_not_the_science_bureau_sees_nothing(two_enterprises):
    housing = make_user(role=Role.DEPARTMENT_OFFICER)

    assert not selectors.projects_for_actor(housing).exists()
    assert not selectors.proposals_for_actor(housing).exists()
    assert selectors.ranked_candidates(housing, two_enterprises["my_proposal"].project) == []


def test_the_index_is_rebuilt_when_a_profile_changes():
    officer = make_science_officer()
    project = make_project()
    talent = make_expert("茶叶加工")
    assert selectors.ranked_candidates(officer, project) == []

    Expertise.objects.filter(talent=talent).update(profile="焊缝跟踪")
    Expertise.objects.get(talent=talent).save()  # bumps updated_at as a service would

    assert [c.talent for c in selectors.ranked_candidates(officer, project)] == [talent]


def test_science_bureau_opens_the_talent_page_of_a_proposed_talent_only(client_as):
    officer = make_science_officer()
    candidate, proposed = make_expert("焊缝跟踪"), make_expert("焊接变形")
    make_proposal(make_project(), proposed)
    client = client_as(officer)

    assert client.get(f"/talents/{candidate.pk}/").status_code == 404
    assert client.get(f"/talents/{proposed.pk}/").status_code == 200
    assert candidate in selectors.candidates_for_actor(officer)
