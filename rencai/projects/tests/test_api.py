"""The tech-projects API: post, rank, propose, answer on both sides, record an outcome — and
the refusals beside each, with the same setup."""

import pytest

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.projects import selectors
from rencai.projects.models import Proposal

from .factories import (
    make_enterprise,
    make_enterprise_contact,
    make_expert,
    make_project,
    make_science_officer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def world():
    selectors.clear_index_cache()
    enterprise = make_enterprise()
    account = make_user(role=Role.TALENT)
    return {
        "enterprise": enterprise,
        "contact": make_enterprise_contact(enterprise),
        "science": make_science_officer(),
        "account": account,
        "welder": make_expert("钢结构焊接变形控制，焊缝跟踪", user=account),
        "tea": make_expert("茶叶机械化加工"),
    }


def test_the_whole_match_through_the_api(world, api_as):
    contact, science, talent = (
        api_as(world["contact"]),
        api_as(world["science"]),
        api_as(world["account"]),
    )

    posted = contact.post(
        "/api/v1/tech-projects/",
        {
            "organisation": world["enterprise"].pk,
            "title": "焊接变形控制",
            "need": "需要焊缝跟踪和焊接变形控制",
            "field": "smart_equipment",
            "budget": "300000.00",
        },
        format="json",
    )
    assert posted.status_code == 201, posted.json()
    assert posted.json()["budget"] == "300000.00"
    pk = posted.json()["id"]

    ranked = science.get(f"/api/v1/tech-projects/{pk}/matches/").json()["results"]
    assert [r["talent"] for r in ranked] == [world["welder"].pk]
    assert "焊缝跟踪" in ranked[0]["reasons"]

    proposed = science.post(
        f"/api/v1/tech-projects/{pk}/matches/", {"talent": world["welder"].pk}, format="json"
    )
    assert proposed.status_code == 201, proposed.json()
    proposal = proposed.json()["id"]
    again = science.post(
        f"/api/v1/tech-projects/{pk}/matches/", {"talent": world["welder"].pk}, format="json"
    )
    assert again.status_code == 409

    assert talent.post(f"/api/v1/match-proposals/{proposal}/accept/").status_code == 200
    accepted = contact.post(f"/api/v1/match-proposals/{proposal}/accept/")
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["talent"] == {
        "name": world["welder"].name,
        "major": "",
        "degree": "",
        "title": "",
        "profile": "钢结构焊接变形控制，焊缝跟踪",
    }

    outcome = contact.post(
        f"/api/v1/match-proposals/{proposal}/outcome/",
        {"kind": "contract", "amount": "250000.00"},
        format="json",
    )
    assert outcome.status_code == 201, outcome.json()
    assert Proposal.objects.get(pk=proposal).outcomes.get().amount_fen == 25_000_000


def test_an_enterprise_contact_may_not_rank_or_propose(world, api_as):
    project = make_project(world["enterprise"])
    contact = api_as(world["contact"])

    assert contact.get(f"/api/v1/tech-projects/{project.pk}/matches/").status_code == 403
    refused = contact.post(
        f"/api/v1/tech-projects/{project.pk}/matches/", {"talent": world["tea"].pk}, format="json"
    )
    assert refused.status_code == 403


def test_another_enterprises_project_is_not_found(world, api_as):
    other = make_project()

    assert api_as(world["contact"]).get(f"/api/v1/tech-projects/{other.pk}/").status_code == 404


def test_proposing_a_talent_out_of_reach_names_the_field(world, api_as):
    project = make_project(world["enterprise"])
    hidden = make_user(role=Role.TALENT)  # a user id, not a talent's

    answer = api_as(world["science"]).post(
        f"/api/v1/tech-projects/{project.pk}/matches/",
        {"talent": hidden.pk + 10_000},
        format="json",
    )

    assert answer.status_code == 400
    assert "talent" in answer.json()["fields"]


def test_a_contact_may_not_post_for_another_organisation(world, api_as):
    answer = api_as(world["contact"]).post(
        "/api/v1/tech-projects/",
        {"organisation": make_enterprise().pk, "title": "x", "need": "y", "field": "tcm"},
        format="json",
    )

    assert answer.status_code == 403
