"""Synthetic demo talents: deterministic, valid, unique and plausibly distributed."""

import json
import shutil
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from rencai.core.demo import DATA_DIR
from rencai.core.validators import MOBILE_RE
from rencai.talents.choices import IdType, Relation, Sex
from rencai.talents.demo import (
    Employer,
    IdAllocator,
    MobileAllocator,
    TalentGenerator,
    age_on,
    load_talents,
    read_profile,
)
from rencai.talents.identity import parse_id
from rencai.talents.models import FamilyMember, Talent
from rencai.talents.search import PG_INDEX, STATISTICS_TARGET, name_keys
from rencai.talents.tests.stock_checks import assert_table_is_live

pytestmark = pytest.mark.portable

AS_OF = date(2026, 11, 28)
EMPLOYERS = [Employer(1, "enterprise", "421102"), Employer(2, "enterprise", "421182")] + [
    Employer(3, "hospital", "421100"),
    Employer(4, "school", "421121"),
]
COUNTY_CODES = {"421102", "421121", "421122", "421123", "421124"} | {
    "421125",
    "421126",
    "421127",
    "421181",
    "421182",
}


def generate(n: int, seed: int = 7) -> list:
    generator = TalentGenerator(read_profile(DATA_DIR), seed=seed, as_of=AS_OF, employers=EMPLOYERS)
    return [generator.talent() for _ in range(n)]


@pytest.fixture(scope="module")
def people():
    return generate(20_000)


# The generator alone (no database) ----------------------------------------------------


def test_same_seed_gives_the_same_people_and_another_seed_does_not():
    first, again, other = generate(300), generate(300), generate(300, seed=8)

    assert first == again
    assert [p.id_number for p in first] != [p.id_number for p in other]


def test_every_identity_number_parses_and_agrees_with_birth_date_and_sex(people):
    for person in people:
        parsed = parse_id(IdType.RIC, person.id_number, today=AS_OF)
        assert (parsed.birth_date, parsed.sex) == (person.birth_date, person.sex)


def test_identity_numbers_and_mobiles_are_unique_and_mobiles_valid(people):
    assert len({p.id_number for p in people}) == len(people)
    assert len({p.mobile for p in people}) == len(people)
    assert all(MOBILE_RE.match(p.mobile) for p in people)


def test_birth_dates_fall_in_the_profile_range(people):
    births = [p.birth_date for p in people]

    assert min(births) >= date(1965, 1, 1)
    assert max(births) <= date(2003, 12, 31)


def test_most_numbers_are_from_the_city_s_counties_and_some_from_elsewhere(people):
    native = sum(p.id_number[:6] in COUNTY_CODES for p in people) / len(people)
    wuhan = sum(p.id_number.startswith("4201") for p in people)

    assert 0.75 < native < 0.9
    assert wuhan > 0
    assert {p.county for p in people} == COUNTY_CODES


def test_degrees_bachelor_most_doctorate_few(people):
    degrees = Counter(p.degree for p in people)

    assert degrees.most_common(1)[0][0] == "bachelor"
    assert degrees["master"] > degrees["doctorate"] > 0
    assert degrees["doctorate"] < 0.05 * len(people)


def test_tiers_mostly_none_e_some_a_very_rare(people):
    tiers = Counter(p.tier for p in people)

    assert tiers[""] > 0.85 * len(people)
    assert tiers["E"] > tiers["D"] > tiers["A"]
    assert tiers["A"] < 0.002 * len(people)


def test_graduation_and_arrival_never_after_the_load_date(people):
    for person in people:
        if person.graduation_date:
            assert person.birth_date < person.graduation_date <= AS_OF
        if person.arrival_date:
            assert person.arrival_date <= AS_OF
            assert age_on(person.birth_date, person.arrival_date) >= 18


def test_tags_follow_their_rules(people):
    for person in people:
        if "youth" in person.tags:
            assert age_on(person.birth_date, AS_OF) <= 35
        if "veteran" in person.tags:
            assert person.sex == Sex.MALE
        if "unemployed_graduate" in person.tags:
            assert person.employer is None
    assert any("graduate" in p.tags for p in people)


def test_children_have_birth_dates_after_their_parent_is_grown(people):
    children = [(p, r) for p in people for r in p.family if r.relation == Relation.CHILD]

    assert children
    for parent, child in children:
        assert age_on(parent.birth_date, child.birth_date) >= 24
        assert child.birth_date <= AS_OF


def test_id_allocator_refuses_the_501st_number_of_one_day_and_sex():
    ids = IdAllocator()

    numbers = {ids.allocate("421182", date(1990, 1, 1), Sex.FEMALE) for _ in range(500)}

    assert len(numbers) == 500
    with pytest.raises(ValueError, match="No identity numbers left"):
        ids.allocate("421182", date(1990, 1, 1), Sex.FEMALE)
    assert ids.allocate("421182", date(1990, 1, 1), Sex.MALE)


def test_mobile_allocator_never_repeats_within_a_prefix():
    mobiles = MobileAllocator(["139"], seed=1)

    numbers = [mobiles.allocate("139") for _ in range(50_000)]

    assert len(set(numbers)) == len(numbers)


# Loaded into the database -------------------------------------------------------------


def load(**options) -> None:
    options = {
        "talents": 200,
        "batch_size": 50,
        "as_of": AS_OF,
        "seed": 11,
        "no_cases": True,  # the tests delete the talents, which cases would protect
        **options,
    }
    call_command("load_demo", stdout=StringIO(), **options)


def snapshot() -> list[tuple]:
    return list(Talent.objects.order_by("id").values_list("name", "id_number", "mobile"))


@pytest.mark.django_db
def test_loading_twice_with_the_same_seed_gives_identical_talents():
    load()
    first = snapshot()
    Talent.objects.all().delete()

    load()

    assert snapshot() == first
    assert len(first) == 201


@pytest.mark.django_db
def test_loading_with_another_seed_gives_other_talents():
    load()
    first = snapshot()
    Talent.objects.all().delete()

    load(seed=12)

    assert snapshot() != first


@pytest.mark.django_db
def test_loaded_talents_are_valid_rows_with_family_and_tags():
    load()
    talents = list(Talent.objects.all())

    for talent in talents:
        parsed = parse_id(talent.id_type, talent.id_number, today=AS_OF)
        assert (parsed.birth_date, parsed.sex) == (talent.birth_date, talent.sex)
        assert MOBILE_RE.match(talent.mobile)
    assert len({t.mobile for t in talents}) == len(talents)
    assert Talent.objects.values("county").distinct().count() == 10
    assert (
        FamilyMember.objects.filter(relation=Relation.CHILD, birth_date__isnull=True).count() == 0
    )
    assert FamilyMember.objects.exists()
    assert Talent.tags.through.objects.exists()
    assert not Talent.objects.filter(county__code="421100").exists()


@pytest.mark.django_db
def test_demo_talent_chen_chao_is_a_recent_master_in_huangzhou_linked_to_his_account():
    load()

    talent = Talent.objects.select_related("degree", "county", "user").get(user__username="talent")

    assert talent.name == "陈超"
    assert talent.degree.code == "master"
    assert talent.county.name == "黄州区"
    assert talent.age_on(AS_OF) == 28
    assert 0 < (AS_OF - talent.arrival_date).days < 365
    assert parse_id(IdType.RIC, talent.id_number, today=AS_OF).sex == Sex.MALE


def schema_of_talent_tables() -> set[tuple]:
    """Constraints and indexes of the tables the bulk-load path drops and rebuilds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid IN ('talents_talent'::regclass, 'talents_familymember'::regclass,"
            " 'talents_talent_tags'::regclass) "
            "UNION SELECT tablename, indexdef FROM pg_indexes "
            "WHERE tablename IN ('talents_talent', 'talents_familymember', "
            "'talents_talent_tags')"
        )
        return set(cursor.fetchall())


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL bulk-load path"
)


@postgresql_only
@pytest.mark.django_db
def test_bulk_load_path_restores_every_index_and_foreign_key():
    load(talents=0)
    before = schema_of_talent_tables()
    Talent.objects.all().delete()

    totals = load_talents(
        data_dir=DATA_DIR, count=300, seed=3, as_of=AS_OF, batch_size=100, rebuild_indexes=True
    )

    assert schema_of_talent_tables() == before
    assert totals["talents"] == Talent.objects.count() == 301
    # the registry's stocks were kept through the COPY (talents.stocks' triggers)
    counties = list(Talent.objects.values_list("county_id", flat=True).distinct()[:2])
    assert_table_is_live([counties], days=[date(2020, 1, 1), AS_OF])


def search_index_statistics_target() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = %s::regclass AND attnum = 1",
            [PG_INDEX],
        )
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db
def test_bulk_load_path_keeps_the_search_index_statistics_target():
    # given the search keys' index with its statistics target (migration 0012)
    load(talents=0)
    Talent.objects.all().delete()
    assert search_index_statistics_target() == STATISTICS_TARGET
    # when talents are loaded the bulk way (the index dropped and built again)
    load_talents(
        data_dir=DATA_DIR, count=100, seed=3, as_of=AS_OF, batch_size=100, rebuild_indexes=True
    )
    # then the rebuilt index keeps it (an index's definition does not carry it)
    assert search_index_statistics_target() == STATISTICS_TARGET


@pytest.mark.django_db
def test_a_load_that_fails_half_way_leaves_nothing_behind(tmp_path):
    # Given a profile where everyone is born the same day in the same county, as men:
    # the 501st identity number cannot be made.
    for source in DATA_DIR.iterdir():
        shutil.copy(source, tmp_path / source.name)
    profile = read_profile(DATA_DIR)
    profile.update(
        birth_dates=["1990-01-01", "1990-01-01"],
        counties={"421102": 1},
        native_share=1.0,
        male_share=1.0,
    )
    (tmp_path / "talent_profile.json").write_text(json.dumps(profile), encoding="utf-8")
    load(talents=0)
    Talent.objects.all().delete()
    schema = schema_of_talent_tables() if connection.vendor == "postgresql" else None

    with pytest.raises(ValueError, match="No identity numbers left"):
        load_talents(
            data_dir=tmp_path, count=600, seed=3, as_of=AS_OF, batch_size=100, rebuild_indexes=True
        )

    assert not Talent.objects.exists()
    assert not FamilyMember.objects.exists()
    if schema is not None:
        assert schema_of_talent_tables() == schema


@pytest.mark.django_db
def test_generated_talents_carry_their_name_search_keys():
    load(talents=0)
    Talent.objects.all().delete()

    load_talents(data_dir=DATA_DIR, count=60, seed=5, as_of=AS_OF, batch_size=30)

    rows = Talent.objects.values_list("name", "search_keys")
    assert rows
    assert all(keys == name_keys(name) for name, keys in rows)
