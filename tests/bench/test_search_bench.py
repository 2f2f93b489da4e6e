"""The search bench runs at a tiny size (the real runs are by hand: docs/performance.md)."""

import importlib.util
from pathlib import Path

import pytest

from rencai.core.choices import Role
from rencai.core.tests.factories import make_talent, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

BENCH = Path(__file__).resolve().parents[2] / "bench" / "search.py"


def test_the_search_bench_times_every_kind_of_query(capsys):
    make_user(role=Role.TASK_FORCE)
    for name in ("张三", "李四光", "王小明", "陈超"):
        make_talent(name=name)
    spec = importlib.util.spec_from_file_location("bench_search", BENCH)
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    ratios = bench.main(["--queries", "3", "--before", "1", "--full-count", "1", "--explain"])

    assert set(ratios) == {"1 character", "2 characters", "3 characters", "pinyin", "initials"}
    out = capsys.readouterr().out
    assert "lookup by id" in out
    assert "old bench (full count): 2 characters" in out
    assert "-- pinyin (" in out
