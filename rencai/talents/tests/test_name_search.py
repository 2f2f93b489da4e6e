"""Finding talents by name: characters, pinyin and initials, in the actor's scope only."""

from datetime import date

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_talent, make_user
from rencai.talents.imports import _create_all
from rencai.talents.models import Talent
from rencai.talents.search import name_keys
from rencai.talents.selectors import TalentFilters, search_talents
from rencai.talents.services.finding import find_to_serve

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def tuanfeng():
    return make_county("421121", "团风县")


@pytest.fixture
def wuxue():
    return make_county("421182", "武穴市")


def names_found(actor, query: str) -> set[str]:
    return set(search_talents(actor, TalentFilters(name=query)).values_list("name", flat=True))


@pytest.mark.parametrize("query", ["张", "张三", "三", "zhangsan", "ZhangSan", "zhang san", "zs"])
def test_zhang_san_is_found_by_a_character_the_name_its_pinyin_and_initials(tuanfeng, query):
    make_talent(county=tuanfeng, name="张三")
    make_talent(county=tuanfeng, name="李四")
    task_force = make_user(role=Role.TASK_FORCE)

    assert names_found(task_force, query) == {"张三"}


def test_a_three_character_query_matches_the_characters_in_their_order(tuanfeng):
    make_talent(county=tuanfeng, name="张三丰")
    make_talent(county=tuanfeng, name="三丰张三")  # has both bigrams, not 张三丰
    task_force = make_user(role=Role.TASK_FORCE)

    assert names_found(task_force, "张三丰") == {"张三丰"}
    assert names_found(task_force, "三丰") == {"张三丰", "三丰张三"}


def test_a_character_with_several_readings_is_found_by_each(tuanfeng):
    make_talent(county=tuanfeng, name="曾小贤")
    task_force = make_user(role=Role.TASK_FORCE)

    assert names_found(task_force, "zengxiaoxian") == {"曾小贤"}
    assert names_found(task_force, "cengxiaoxian") == {"曾小贤"}
    assert names_found(task_force, "zxx") == {"曾小贤"}


def test_a_name_in_latin_letters_is_found_by_a_word_or_the_whole(tuanfeng):
    make_talent(county=tuanfeng, name="John Smith")
    task_force = make_user(role=Role.TASK_FORCE)

    assert names_found(task_force, "smith") == {"John Smith"}
    assert names_found(task_force, "John Smith") == {"John Smith"}


def test_a_query_of_punctuation_only_finds_nobody(tuanfeng):
    make_talent(county=tuanfeng, name="张三")
    task_force = make_user(role=Role.TASK_FORCE)

    assert names_found(task_force, "·-") == set()


def test_name_search_does_not_leak_across_counties(tuanfeng, wuxue):
    make_talent(county=tuanfeng, name="张三")
    make_talent(county=wuxue, name="张山")
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    for query in ("张", "zhangshan", "zs", "张山"):
        assert "张山" not in names_found(officer, query)
    assert names_found(officer, "zs") == {"张三"}


def test_keys_follow_a_change_of_name(tuanfeng):
    talent = make_talent(county=tuanfeng, name="张三")
    task_force = make_user(role=Role.TASK_FORCE)

    talent.name = "王五"
    talent.save(update_fields=["name"])

    assert names_found(task_force, "zs") == set()
    assert names_found(task_force, "ww") == {"王五"}


def test_imported_talents_get_their_keys(tuanfeng):
    clerk = make_user(role=Role.TASK_FORCE)
    row = {
        "name": "陈超",
        "id_type": "passport",
        "id_number": "X1234567",
        "birth_date": date(1990, 1, 1),
        "mobile": "13800000001",
        "county": tuanfeng,
    }

    _create_all([row], actor=clerk)

    assert Talent.objects.get(name="陈超").search_keys == name_keys("陈超")


def test_the_registry_list_and_the_api_search_by_pinyin(client, tuanfeng, wuxue):
    make_talent(county=tuanfeng, name="陈超")
    make_talent(county=wuxue, name="陈潮")
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    client.force_login(officer)

    page = client.get(reverse("talents:list"), {"name": "cc"})
    api = client.get("/api/v1/talents/", {"name": "chenchao"})

    assert "陈超" in page.content.decode()
    assert "陈潮" not in page.content.decode()
    assert [t["name"] for t in api.json()["results"]] == ["陈超"]


def test_a_window_finds_by_full_pinyin_and_birth_date_but_not_by_initials():
    talent = make_talent(name="陈超", birth_date=date(1990, 5, 6))
    make_talent(name="陈超", birth_date=date(1991, 5, 6))
    clerk = make_user(role=Role.DEPARTMENT_OFFICER)

    assert find_to_serve(actor=clerk, name="Chen Chao", birth_date=date(1990, 5, 6)) == [talent]
    assert find_to_serve(actor=clerk, name="cc", birth_date=date(1990, 5, 6)) == []
    assert find_to_serve(actor=clerk, name="陈超", birth_date=date(1990, 5, 6)) == [talent]
