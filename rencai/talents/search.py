"""Name search that scales: every name's search keys, stored on the talent when it is saved.

A talent's `search_keys` holds, between single spaces (" 张 三 张三 zhangsan zs "):

- every character of a Chinese name and every two adjacent characters (bigrams), so a query
  of one or two characters is one key and a longer one is all of its bigrams (then checked
  against the name itself, so the result is exactly "the name contains the query");
- the name's full pinyin and its initials (陈超: "chenchao", "cc"), every reading of a
  character with several (单: "shan", "dan", "chan"), up to MAX_READINGS combinations;
- a name in Latin letters: each word, lower-cased, and the words run together.

PostgreSQL answers "has these keys" from a GIN index on the keys as an array
(`string_to_array`), created by migration `talents/0004_talent_search_keys`; other databases
(SQLite) compare the text with LIKE, which scans but gives the same results.

How PostgreSQL serves the registry's page (newest first, 50 rows) at a million talents
(docs/performance.md, "Finding talents by name"): for a key that few talents have, a bitmap
scan of the GIN index and a sort of the matches; for a common one (a surname), a walk of the
primary key backwards, each row checked, until the page is full. The planner chooses from its
estimate of the key's frequency, so the index keeps the frequencies of its 10,000 most common
keys (`STATISTICS_TARGET`, migration `talents/0012_search_keys_statistics`; the default 1,000
left every rarer key estimated at 383 talents, and a name that 4 talents have walked the whole
table). The walk checks each row first with `strpos` on the stored text (a quarter of the
array's cost: no array is built for the rows that do not match), then with the array. A key
that 1,001 to about 1,600 talents have would still be walked (25,000–50,000 rows) at the
default cost of a random page read: the registry reads such a page's ids
`planned_as_in_memory` (below; `talents.selectors.registry_page`,
docs/decisions/0014-name-search-planner-costs.md). From about 1,600 matches the walk is still
chosen, and is short enough (ids only: 12,000–30,000 rows, 4–11 ms at load 8).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from django.contrib.postgres.fields import ArrayField
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import Exact

SEPARATOR = " "
MAX_READINGS = 8
# What the GIN index of migration 0004 is built on; SearchKeySet repeats it exactly.
PG_INDEX_EXPRESSION = "string_to_array(btrim(search_keys), ' '::text)"
PG_INDEX = "talent_search_keys_gin"
# The index's statistics target: 10 × this many most common keys keep their frequencies.
STATISTICS_TARGET = 1000
# What PostgreSQL is told a random page read costs while it plans a name search's page
# (`planned_as_in_memory`); its default, 4, prices a disk that seeks.
RANDOM_PAGE_COST = 1.1

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-z0-9]+")


def is_han(text: str) -> bool:
    return bool(_HAN.search(text))


def _han_only(text: str) -> str:
    return "".join(_HAN.findall(text))


@lru_cache(maxsize=200_000)
def name_keys(name: str) -> str:
    """The stored form: keys between spaces, with a space at each end (for LIKE)."""
    keys = _keys(name)
    return f"{SEPARATOR}{SEPARATOR.join(sorted(keys))}{SEPARATOR}" if keys else ""


def _keys(name: str) -> set[str]:
    keys: set[str] = set()
    han = _han_only(name)
    if han:
        keys.update(han)
        keys.update(han[i : i + 2] for i in range(len(han) - 1))
        keys.update(_pinyin_keys(han))
    words = _LATIN_WORD.findall(name.lower())
    if words:
        keys.update(words)
        keys.add("".join(words))
    return keys


def _readings(han: str) -> list[tuple[str, ...]]:
    """Up to MAX_READINGS spellings of a Chinese name, syllable by syllable."""
    from pypinyin import Style, pinyin

    readings = pinyin(han, style=Style.NORMAL, heteronym=True, errors="ignore")
    choices = [sorted({r for r in char if r.isascii() and r.isalpha()}) for char in readings]
    return list(itertools.islice(itertools.product(*(c for c in choices if c)), MAX_READINGS))


def _pinyin_keys(han: str) -> set[str]:
    keys: set[str] = set()
    for combo in _readings(han):
        keys.add("".join(combo))
        keys.add("".join(syllable[0] for syllable in combo))
    return keys


def full_pinyin(name: str) -> set[str]:
    """The name's full spellings in pinyin, without tones ("zhangsan")."""
    han = _han_only(name)
    return {"".join(combo) for combo in _readings(han)} if han else set()


def spelling(text: str) -> str:
    """A query in Latin letters as keys store it: lower case, words run together."""
    return "".join(_LATIN_WORD.findall(text.lower()))


def query_keys(text: str) -> tuple[list[str], Q | None]:
    """The keys a query needs (all of them), and the exact check on the name, if any.

    "" (no keys): the query has nothing to search by; the caller matches nothing.
    """
    text = text.strip()
    han = _han_only(text)
    if han:
        keys = [han] if len(han) == 1 else sorted({han[i : i + 2] for i in range(len(han) - 1)})
        # Bigrams do not keep their order (张三丰 has 三丰 and 张三, so does 三丰张三), and
        # keys hold no digits or marks beside Chinese characters (测试7): check the name.
        return keys, (Q(name__contains=text) if len(text) > 2 or text != han else None)
    spelled = spelling(text)
    return ([spelled] if spelled else []), None


class SearchKeySet(Func):
    """The stored keys as an array (PostgreSQL): what the GIN index is built on."""

    function = "string_to_array"

    def __init__(self) -> None:
        super().__init__(
            Func(F("search_keys"), function="btrim"),
            Value(SEPARATOR),
            output_field=ArrayField(TextField()),
        )


def with_name(queryset: QuerySet, text: str) -> QuerySet:
    """`queryset` narrowed to names matching `text` by characters, pinyin or initials."""
    keys, exact = query_keys(text)
    if not keys:
        return queryset.none()
    if connection.vendor == "postgresql":
        # strpos first (the planner orders a row's checks by cost; `NOT (… = 0)` leaves its
        # estimate of the matches as it was), then the array that the GIN index answers.
        for key in keys:
            position = StrIndex(F("search_keys"), Value(f"{SEPARATOR}{key}{SEPARATOR}"))
            queryset = queryset.exclude(Exact(position, 0))
        queryset = queryset.alias(search_key_set=SearchKeySet()).filter(
            search_key_set__contains=keys
        )
    else:
        for key in keys:
            queryset = queryset.filter(search_keys__contains=f"{SEPARATOR}{key}{SEPARATOR}")
    return queryset.filter(exact) if exact is not None else queryset


@contextmanager
def planned_as_in_memory(*, using: str = DEFAULT_DB_ALIAS, active: bool = True) -> Iterator[None]:
    """Inside: PostgreSQL plans as if the table were in memory (`random_page_cost` 1.1), for
    the statements run inside only; elsewhere (SQLite, `active` false) nothing changes.

    For the registry's page of a name search: a key that 1,001 to about 1,600 talents have (李俊,
    the initials xyy) is priced at the default cost of 4 a random page, so the planner walks the
    primary key backwards through 30,000–50,000 rows for the newest 50 (30–45 ms) rather than
    read the matches from the GIN index and sort them (2–3 ms); with the table's pages cached,
    as a registry's are, 1.1 prices them as they are (docs/performance.md, "Finding talents by
    name"). The setting is the transaction's (`set_config(…, true)`, SET LOCAL), so it never
    outlives it: a block that is not inside one opens and commits its own; inside one (a
    caller's `atomic`), it puts the previous value back on the way out, so the rest of that
    transaction plans as before. Either way it suits a pooler in transaction mode (PgBouncer),
    which hands the connection to someone else between transactions.
    """
    db = connections[using]
    if not active or db.vendor != "postgresql":
        yield
        return
    nested = db.in_atomic_block
    with transaction.atomic(using=using):
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('random_page_cost'), "
                "set_config('random_page_cost', %s, true)",
                [str(RANDOM_PAGE_COST)],
            )
            previous = cursor.fetchone()[0]
        yield
        if nested:
            # A savepoint's release keeps what was set after it; an error's rollback undoes it.
            with db.cursor() as cursor:
                cursor.execute("SELECT set_config('random_page_cost', %s, true)", [previous])
