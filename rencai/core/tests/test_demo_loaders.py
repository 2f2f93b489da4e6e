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
