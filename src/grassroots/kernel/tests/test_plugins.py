"""Reading the plugins: what a module declares, and the mistakes that stop the start."""

from __future__ import annotations

import sys

import pytest

from grassroots.kernel import permissions
from grassroots.kernel.plugins import Plugin, installed_plugins, load, permission


@pytest.fixture
def packages(tmp_path, monkeypatch):
    """Write throwaway packages: ``packages(name, plugin_source)``."""
    monkeypatch.syspath_prepend(str(tmp_path))
    made = []

    def make(name: str, plugin_source: str | None) -> str:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "__init__.py").write_text("")
        if plugin_source is not None:
            (folder / "plugin.py").write_text(plugin_source)
        made.append(name)
        return name

    yield make
    for name in [m for m in sys.modules if m.split(".")[0] in made]:
        del sys.modules[name]


def test_plugins_are_read_in_the_order_of_the_apps_and_apps_without_one_are_skipped(packages):
    first = packages(
        "plug_first",
        'from grassroots.kernel.plugins import Plugin\nplugin = Plugin(name="first")\n',
    )
    bare = packages("plug_bare", None)
    second = packages(
        "plug_second",
        'from grassroots.kernel.plugins import Plugin\nplugin = Plugin(name="second")\n',
    )
    assert [p.name for p in installed_plugins([second, bare, first])] == ["second", "first"]


def test_a_plugin_module_without_a_plugin_stops_the_start(packages):
    broken = packages("plug_broken", "plugin = {'name': 'broken'}\n")
    with pytest.raises(TypeError, match="plug_broken.plugin must define plugin = Plugin"):
        installed_plugins([broken])


def test_a_permission_declared_by_two_modules_stops_the_start():
    twice = (
        permission("demo.view", "甲", roles=["grid_worker"]),
        permission("demo.view", "乙", roles=["resident"]),
    )
    with pytest.raises(ValueError, match="declared twice: demo.view"):
        permissions._table(twice)


def test_each_role_holds_the_permissions_granted_to_it():
    table = permissions._table(
        (
            permission("a.view", "甲", roles=["grid_worker", "resident"]),
            permission("a.manage", "乙", roles=["grid_worker"]),
        )
    )
    assert table["grid_worker"] == {"a.view", "a.manage"}
    assert table["resident"] == {"a.view"}
    assert table["district_admin"] == frozenset()


def test_a_dotted_declaration_loads_a_module_or_an_attribute():
    assert load("grassroots.kernel.plugins:Plugin") is Plugin
    assert load("grassroots.kernel.plugins").Plugin is Plugin
