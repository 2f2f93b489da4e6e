"""Demo loaders: each app loads its own demo; `load_demo` runs them in dependency order."""

import ast
from datetime import date
from pathlib import Path

import pytest

from rencai.core import demo_loaders

pytestmark = pytest.mark.portable


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the apps' loaders come back afterwards)."""
    monkeypatch.setattr(demo_loaders, "_loaders", {})
    return demo_loaders


def names(registry) -> list[str]:
    return [d.name for d in registry.ordered()]


def test_the_installed_apps_load_their_demos_core_first_then_as_they_depend():
    order = names(demo_loaders)

    assert order[0] == "core"
    assert order.index("talents") < order.index("policies") < order.index("desk")


def test_a_loader_runs_after_those_it_names_and_otherwise_in_registration_order(registry):
    registry.register_demo_loader("core", lambda o: None, after=())
    registry.register_demo_loader("late", lambda o: None, after=("core", "middle"))
    registry.register_demo_loader("early", lambda o: None)
    registry.register_demo_loader("middle", lambda o: None, after=("early",))

    assert names(registry) == ["core", "early", "middle", "late"]


def test_a_dependency_on_an_app_not_installed_is_ignored(registry):
    registry.register_demo_loader("core", lambda o: None, after=())
    registry.register_demo_loader("desk", lambda o: None, after=("core", "medical"))

    assert names(registry) == ["core", "desk"]


def test_loaders_waiting_for_each_other_are_an_error_naming_them(registry):
    registry.register_demo_loader("a", lambda o: None, after=("b",))
    registry.register_demo_loader("b", lambda o: None, after=("a",))

    with pytest.raises(ValueError, match=r"\['a', 'b'\]"):
        registry.ordered()


def test_registering_again_replaces_the_loader_in_its_place(registry):
    registry.register_demo_loader("core", lambda o: "first", after=())
    registry.register_demo_loader("other", lambda o: "other")
    registry.register_demo_loader("core", lambda o: "second", after=())

    assert registry.load_all(None) == [("core", "second"), ("other", "other")]


def test_a_city_without_a_story_for_a_loader_skips_it(registry, tmp_path):
    """A city's city.json lists the loaders it has data for (`DemoOptions.only`)."""
    registry.register_demo_loader("core", lambda o: "core", after=())
    registry.register_demo_loader("desk", lambda o: "desk")
    registry.register_demo_loader("events", lambda o: "events", after=("desk",))

    options = registry.DemoOptions(data_dir=tmp_path, as_of=date(2023, 3, 1))
    only = registry.DemoOptions(
        data_dir=tmp_path, as_of=date(2023, 3, 1), only=frozenset({"core", "desk"})
    )

    assert [name for name, _ in registry.load_all(options)] == ["core", "desk", "events"]
    assert [name for name, _ in registry.load_all(only)] == ["core", "desk"]


def test_load_demo_imports_no_domain_app():
    source = Path(demo_loaders.__file__).parent / "management/commands/load_demo.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)

    assert {m for m in imported if m.startswith("rencai.")} <= {"rencai.core"}


@pytest.mark.django_db
def test_a_registry_larger_than_the_bound_is_sampled_evenly_and_the_same_for_a_seed():
    from random import Random

    from rencai.core.models import Division

    from .factories import make_division

    for n in range(60):
        make_division(f"43{n:04d}", f"测试县{n}")
    rows = Division.objects.filter(code__startswith="43")

    first = list(demo_loaders.bounded(rows, Random(7), 20).values_list("pk", flat=True))
    again = list(demo_loaders.bounded(rows, Random(7), 20).values_list("pk", flat=True))

    assert first == again
    assert 0 < len(first) <= 20
    assert {pk % 3 for pk in first} == {first[0] % 3}  # every third key, from one offset


@pytest.mark.django_db
def test_a_registry_within_the_bound_is_returned_whole_without_drawing_from_the_seed():
    from random import Random

    from rencai.core.models import Division

    from .factories import make_division

    for n in range(5):
        make_division(f"43{n:04d}", f"测试县{n}")
    rows = Division.objects.filter(code__startswith="43")
    rng = Random(7)

    assert demo_loaders.bounded(rows, rng, 20).count() == 5
    assert rng.random() == Random(7).random()
