"""Demo loaders: each app loads its own demo; `manage.py load_demo` runs them in order.

An app registers its loader in `AppConfig.ready()`:

    demo_loaders.register_demo_loader("policies", load_policies, after=("talents",))

`load` is a callable or its dotted path (imported only when the demo is loaded);
`load(options)` receives one `DemoOptions` and returns a short summary for the command's
output (or None). `load_demo` orders the loaders by their `after` names (topologically; among
loaders free to go, in registration order — INSTALLED_APPS order) and runs them all in one
transaction. A name in `after` that no loader has is ignored (the app is not installed).
`core` knows no domain app: it registers only its own loader ("core": the city, its
organisations, the demo users and the official calendar).

A city's demo need not have a story for every app: its `city.json` may list the loaders it has
data for (`demo_loaders`, read into `DemoOptions.only`); the others are skipped, and
`demo_loaders_off` says why each is off. Huanggang's lists none (all run); Xiaogan's lists
them all. The stories read the city from its data (`core.demo.city_division`,
`city_organisation`, `county_bureau`, `read_story`), never a code of their own.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from django.db.models import F, QuerySet
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class DemoOptions:
    """What `load_demo` was asked for; every loader reads what concerns it."""

    data_dir: Path
    as_of: date  # the date the demo is generated for (default: the clock's today)
    talents: int = 3000
    seed: int = 2022
    batch_size: int = 10_000
    progress: bool | None = None  # None: a progress bar only on a terminal
    cases: bool = True
    only: frozenset[str] | None = None  # the loaders to run (city.json); None: all
    applications: int = 0  # synthetic desk cases for benchmarks (`--applications`)
    stdout: TextIO | None = None
    stderr: TextIO | None = None


Loader = Callable[[DemoOptions], "str | None"]


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Loader | str
    after: tuple[str, ...]

    def __call__(self, options: DemoOptions) -> str | None:
        load = import_string(self.load) if isinstance(self.load, str) else self.load
        return load(options)


_loaders: dict[str, DemoLoader] = {}


def register_demo_loader(name: str, load: Loader | str, after: Iterable[str] = ("core",)) -> None:
    """Add (or replace, keeping its place) the loader `name`, run after the loaders `after`."""
    after = tuple(a for a in after if a != name)
    _loaders[name] = DemoLoader(name, load, after)


def unregister_demo_loader(name: str) -> None:
    _loaders.pop(name, None)


def ordered() -> list[DemoLoader]:
    """The loaders, each after those it names; ties in registration order. A cycle is an
    error (ValueError naming the loaders in it)."""
    pending = list(_loaders.values())
    done: list[DemoLoader] = []
    names: set[str] = set()
    while pending:
        ready = next(
            (d for d in pending if all(a in names or a not in _loaders for a in d.after)), None
        )
        if ready is None:
            raise ValueError(f"demo loaders wait for each other: {[d.name for d in pending]}")
        pending.remove(ready)
        done.append(ready)
        names.add(ready.name)
    return done


def load_all(
    options: DemoOptions, *, timed: Callable[[str, float], None] | None = None
) -> list[tuple[str, str]]:
    """Run every loader in order (those in `options.only`, when given; the caller holds the
    transaction); (name, summary) each. `timed(name, seconds)` is told each loader's time."""
    only = getattr(options, "only", None)
    chosen = [d for d in ordered() if only is None or d.name in only]
    summaries = []
    for loader in chosen:
        started = time.perf_counter()
        summary = loader(options)
        if timed is not None:
            timed(loader.name, time.perf_counter() - started)
        if summary:
            summaries.append((loader.name, summary))
    return summaries


def bounded[M](queryset: QuerySet[M], rng: random.Random, limit: int) -> QuerySet[M]:
    """`queryset`, or about `limit` of its rows when it holds more: every n-th primary key
    from an offset drawn from `rng` (deterministic from the demo's seed, spread over the whole
    registry, one scan). A demo story that draws from the registry so costs what the story
    needs, not what the registry holds (`load_demo --talents 1000000`); a registry of at most
    `limit` is returned whole, and `rng` is not drawn from, so the shipped demo is unchanged."""
    size = queryset.count()
    if size <= limit:
        return queryset
    stride = -(-size // limit)  # ceil: about `limit` rows
    return queryset.alias(_slot=F("pk") % stride).filter(_slot=rng.randrange(stride))
