"""The events' demo (示例 where not from the report): the youth league's nine mixers of the 2022
talent service month ("青年有约·爱在黄冈" in Huanggang), a forum and a training — each made
through the services at the dates of the work (`rencai.core.clock.at`). Their titles and
places are the city's data (`events.json`: `mixer_title`, `places`, `forum_title`, `hall`);
the organisers are the city's youth league and human-resources bureau (organisations.csv).

The report: nine mixers by 9 September drew 860+ young talents, and 120 of them paired off
(60 couples). FACTS.md counts the 860+ as check-ins at those mixers (a person at two counts
twice) and the 120 as the people in mutual pairs. Here the league creates and publishes each
mixer ten days ahead (audience: age ≤ 35), imports its sign-up sheet five days ahead, checks
the participants in at the door (a few registered do not come), the participants pick after
the mixer — exactly 60 mutual, disjoint pairs in all, and one-sided picks that pair no one —
and the league closes the round the next morning. 864 check-ins in all.

Deterministic from the seed; nothing is done when events exist.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from rencai.core import clock
from rencai.core.demo import city_organisation, read_story
from rencai.core.models import User
from rencai.talents.models import Talent

from . import services
from .choices import EventKind, RegistrationSource
from .models import Event, Registration

YOUTH_USER = "youth"  # users.csv: 团市委经办
HRSS_USER = "hrss"  # users.csv: 市人社局经办
YOUNG = {"<=": [{"var": "age"}, 35]}
# (date, check-ins, mutual pairs): 864 check-ins, 60 pairs, all by 9 September 2022.
MIXERS = [
    (date(2022, 8, 26), 92, 6),
    (date(2022, 8, 27), 95, 7),
    (date(2022, 8, 28), 98, 7),
    (date(2022, 9, 2), 94, 6),
    (date(2022, 9, 3), 96, 7),
    (date(2022, 9, 4), 99, 7),
    (date(2022, 9, 7), 97, 6),
    (date(2022, 9, 8), 95, 7),
    (date(2022, 9, 9), 98, 7),
]
NO_SHOW_SHARE = 0.05
ONE_SIDED = 15  # participants per mixer whose picks nobody returns


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load_demo(options) -> str | None:
    if Event.objects.exists() or not options.cases:  # no service records asked for
        return None
    story = read_story(options.data_dir, "events.json")
    league = city_organisation("youth_league")
    organiser = User.objects.filter(username=YOUTH_USER).first()
    if league is None or organiser is None or not story:
        return None
    rng = random.Random(options.seed)  # noqa: S311 (demo data, not secrets)
    last = MIXERS[-1][0]
    born_after = last.replace(year=last.year - 36)
    young = list(
        Talent.objects.filter(birth_date__gt=born_after).order_by("pk").values_list("pk", flat=True)
    )
    if len(young) < 40:
        return None
    check_ins = pairs = 0
    for number, (day, attended, pair_count) in enumerate(MIXERS, start=1):
        done = _mixer(rng, story, organiser, league, number, day, attended, pair_count, young)
        check_ins += done[0]
        pairs += done[1]
    _others(rng, story, organiser, league, young)
    _upcoming(rng, story, organiser, league, young, options.as_of)
    return f"{len(MIXERS)} mixers, {check_ins} check-ins, {pairs} pairs; a forum and a training"


def _upcoming(rng, story, organiser, league, young, as_of: date) -> None:
    """The next mixer, ten days after the demo's date, open for registration (示例), so the
    league's home and the young talents' homes have an event to come."""
    with clock.at(at(as_of - timedelta(days=1), 10)):
        event = _create(
            organiser,
            league,
            kind=EventKind.MIXER,
            title=f"{story['mixer_title']}（示例·下一期）",
            place=story["places"][0],
            starts_at=at(as_of + timedelta(days=10), 14),
            ends_at=at(as_of + timedelta(days=10), 17, 30),
            capacity=100,
            audience_rule=YOUNG,
        )
        people = list(Talent.objects.filter(pk__in=rng.sample(young, min(30, len(young)))))
        services.register_many(
            event, actor=organiser, talents=people, source=RegistrationSource.IMPORT
        )


def _create(organiser, league, **fields) -> Event:
    event = services.create_event(
        actor=organiser, organiser=league, division=league.division, **fields
    )
    return services.publish_event(event, actor=organiser)


def _mixer(
    rng, story, organiser, league, number, day, attended, pair_count, young
) -> tuple[int, int]:
    attended = min(attended, len(young) - 2)
    no_shows = min(max(1, round(attended * NO_SHOW_SHARE)), len(young) - attended)
    with clock.at(at(day - timedelta(days=10), 10)):
        event = _create(
            organiser,
            league,
            kind=EventKind.MIXER,
            title=f"{story['mixer_title']}（第{number}期）",
            description="团市委为单身青年人才举办的联谊活动。",
            place=story["places"][number % len(story["places"])],
            starts_at=at(day, 14),
            ends_at=at(day, 17, 30),
            capacity=attended + no_shows + 10,
            audience_rule=YOUNG,
            pick_limit=3,
        )
    people = Talent.objects.filter(pk__in=rng.sample(young, attended + no_shows))
    people = sorted(people, key=lambda t: t.pk)
    rng.shuffle(people)
    with clock.at(at(day - timedelta(days=5), 9)):
        registrations = services.register_many(
            event, actor=organiser, talents=people, source=RegistrationSource.IMPORT
        )
    came = registrations[:attended]
    with clock.at(at(day, 13, 50)):
        services.check_in_many(
            event,
            actor=organiser,
            scans=[
                (r, f"demo-{event.pk}-{r.pk}", at(day, 13, 30) + timedelta(seconds=37 * i))
                for i, r in enumerate(came)
            ],
        )
    came = list(Registration.objects.filter(pk__in=[r.pk for r in came]).order_by("pk"))
    rng.shuffle(came)
    paired = came[: 2 * pair_count]
    rest = came[2 * pair_count :]
    with clock.at(at(day, 20)):
        for a, b in zip(paired[::2], paired[1::2], strict=True):
            services.set_picks(a, actor=None, chosen=[b.pk])
            services.set_picks(b, actor=None, chosen=[a.pk])
        # One-sided: each picks paired people (who pick only their partner) or someone
        # among the rest who picks nobody — no pick is returned.
        choosers, silent = rest[:ONE_SIDED], rest[ONE_SIDED:]
        for chooser in choosers:
            targets = rng.sample(paired + silent, k=min(2, len(paired + silent)))
            services.set_picks(chooser, actor=None, chosen=[t.pk for t in targets])
    with clock.at(at(day + timedelta(days=1), 10)):
        found = services.close_picks_round(event, actor=organiser)
        services.close_event(event, actor=organiser)
    return len(came), found


def _others(rng, story, organiser, league, young) -> None:
    """A forum of the human-resources bureau and a training of the youth league (示例)."""
    hrss = city_organisation("hrss")
    hrss_user = User.objects.filter(username=HRSS_USER).first()
    plans = [
        (
            league,
            organiser,
            EventKind.TRAINING,
            "青年人才创业能力培训（示例）",
            date(2022, 9, 17),
            50,
            45,
        )
    ]
    if hrss is not None and hrss_user is not None:
        plans.append(
            (
                hrss,
                hrss_user,
                EventKind.FORUM,
                story["forum_title"],
                date(2022, 9, 20),
                200,
                150,
            )
        )
    for org, user, kind, title, day, capacity, attended in plans:
        with clock.at(at(day - timedelta(days=12), 10)):
            event = _create(
                user,
                org,
                kind=kind,
                title=title,
                place=story["hall"],
                starts_at=at(day, 9),
                ends_at=at(day, 12),
                capacity=capacity,
            )
        people = list(Talent.objects.filter(pk__in=rng.sample(young, min(capacity, len(young)))))
        with clock.at(at(day - timedelta(days=3), 9)):
            registrations = services.register_many(
                event, actor=user, talents=people, source=RegistrationSource.IMPORT
            )
        with clock.at(at(day, 8, 50)):
            services.check_in_many(
                event,
                actor=user,
                scans=[
                    (r, f"demo-{event.pk}-{r.pk}", at(day, 8, 40) + timedelta(seconds=29 * i))
                    for i, r in enumerate(registrations[:attended])
                ],
            )
        with clock.at(at(day, 13)):
            services.close_event(event, actor=user)
