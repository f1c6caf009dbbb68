"""The shell collects what every app's plugin declares, and a new module needs nothing more."""

from __future__ import annotations

import sys
import textwrap

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import URLResolver, get_resolver, resolve, reverse

from grassroots import cli
from grassroots.kernel.permissions import Role, has_permission
from grassroots.kernel.plugins import installed_plugins, load
from grassroots.settings.apps import GRASSROOTS_APPS
from grassroots.site.api import api
from grassroots.web.navigation import main_navigation, navigation_sections

FAKE_PLUGIN = """
from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import NavEntry, Plugin, permission

plugin = Plugin(
    name="councils_demo",
    permissions=(permission("councils_demo.view", "查看议事会", roles=[Role.GRID_WORKER]),),
    commands="councils_demo.cli",
    navigation=(NavEntry("议事会", "site:home", 55, permission="councils_demo.view"),),
)
"""
FAKE_CLI = """
def register(subparsers):
    subparsers.add_parser("yard-talks", help="议事会 / yard talks").set_defaults(func=lambda a: 0)
"""


@pytest.fixture
def new_module(tmp_path, monkeypatch):
    """A module that exists only as its own folder: __init__.py, plugin.py and cli.py."""
    package = tmp_path / "councils_demo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "plugin.py").write_text(textwrap.dedent(FAKE_PLUGIN))
    (package / "cli.py").write_text(textwrap.dedent(FAKE_CLI))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "councils_demo"
    for name in [m for m in sys.modules if m.startswith("councils_demo")]:
        del sys.modules[name]


def _request(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path)
    return request


def test_every_mount_of_every_plugin_is_in_the_url_map():
    included = {
        (str(p.pattern), getattr(p.urlconf_name, "__name__", ""))
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver)
    }
    for plugin in installed_plugins():
        for mount in plugin.urls:
            if mount.include:
                assert (mount.path, mount.include) in included, mount
            else:
                assert resolve(f"/{mount.path}").url_name == mount.name, mount


def test_every_router_of_every_plugin_is_in_the_api_schema():
    paths = set(api.get_openapi_schema()["paths"])
    for plugin in installed_plugins():
        for dotted in plugin.api_routers:
            router = load(dotted)
            declared = {
                f"/api/v1{p if p.startswith('/') else '/' + p}" for p in router.path_operations
            }
            assert declared <= paths, dotted


def test_every_command_module_of_every_plugin_is_in_the_grassroots_command():
    commands = cli.build_parser()._subparsers._group_actions[0].choices
    assert {"serve", "migrate", "backup", "org", "registry", "demands", "demo"} <= set(commands)
    assert len(cli.command_modules()) == sum(1 for p in installed_plugins() if p.commands)


def test_every_demo_seeds_and_scope_samples_module_can_be_loaded():
    for plugin in installed_plugins():
        for dotted in (plugin.demo_seeds, plugin.scope_samples):
            if dotted:
                load(dotted)


def test_the_navigation_follows_the_plugins_order_and_the_users_permissions(personas):
    admin = [link.label for link in main_navigation(_request(personas[Role.DISTRICT_ADMIN]))]
    assert admin[:3] == ["首页", "组织架构", "党组织"]
    assert admin.index("人口房屋") < admin.index("民情诉求") < admin.index("审计日志")
    resident = [link.label for link in main_navigation(_request(personas[Role.RESIDENT]))]
    assert "人口房屋" not in resident and "审计日志" not in resident and "组织架构" in resident


def test_the_navigation_marks_the_page_s_own_entry_the_most_specific_one(personas):
    admin = personas[Role.DISTRICT_ADMIN]
    party_page = _request(admin, reverse("org:party_tree"))
    current = [link.label for link in main_navigation(party_page) if link.current]
    assert current == ["党组织"]  # not 组织架构, whose pattern "org:" matches too
    home = [link.label for link in main_navigation(_request(admin, "/")) if link.current]
    assert home == ["首页"]


def test_the_navigation_stands_in_groups_the_page_s_own_one_marked(personas):
    admin = personas[Role.DISTRICT_ADMIN]
    sections = navigation_sections(_request(admin, reverse("demands:list")))
    headings = [s.label for s in sections]
    assert headings == ["", "组织", "党建", "治理", "系统"]
    links = {s.label: [link.label for link in s.links] for s in sections}
    assert links[""] == ["首页"]
    assert {"人口房屋", "扫楼", "民情诉求"} <= set(links["治理"])
    assert {"审计日志", "API文档", "两步验证"} == set(links["系统"])
    assert [s.label for s in sections if s.current] == ["治理"]
    # Every link of the flat navigation stands in exactly one group.
    flat = [link.label for link in main_navigation(_request(admin))]
    assert sorted(flat) == sorted(label for s in sections for label in links[s.label])
    resident = navigation_sections(_request(personas[Role.RESIDENT]))
    assert "系统" not in [s.label for s in resident]  # no group without a link


def test_a_new_module_plugs_in_by_being_installed_and_nothing_else(new_module, personas):
    worker, admin = personas[Role.GRID_WORKER], personas[Role.DISTRICT_ADMIN]
    assert not has_permission(worker, "councils_demo.view")

    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, new_module]):
        assert has_permission(worker, "councils_demo.view")
        assert not has_permission(admin, "councils_demo.view")
        labels = [link.label for link in main_navigation(_request(worker))]
        assert "议事会" in labels
        assert "议事会" not in [link.label for link in main_navigation(_request(admin))]

    parser = cli.build_parser(cli.command_modules([*GRASSROOTS_APPS, new_module]))
    assert "yard-talks" in parser._subparsers._group_actions[0].choices
    assert not has_permission(worker, "councils_demo.view")  # uninstalled again


LISTENING_PLUGIN = """
from grassroots.kernel.plugins import Listener, Plugin

plugin = Plugin(
    name="rentals_demo",
    listeners=(Listener("registry.room_use_changed", "rentals_demo.rules:room_use_changed"),),
)
"""
LISTENING_RULES = """
HEARD = []


def room_use_changed(*, room, old_use, new_use, on, actor):
    HEARD.append((room.pk, old_use, new_use, on, actor))
"""


def test_a_module_hears_of_a_room_use_change_it_listens_for(tmp_path, monkeypatch, tree):
    import datetime

    from grassroots.registry.choices import RoomUse
    from grassroots.registry.services import change_room_use
    from grassroots.registry.testing import make_room

    package = tmp_path / "rentals_demo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "plugin.py").write_text(textwrap.dedent(LISTENING_PLUGIN))
    (package / "rules.py").write_text(textwrap.dedent(LISTENING_RULES))
    monkeypatch.syspath_prepend(str(tmp_path))
    room = make_room(tree.grid_a1_1, "901")
    day = datetime.date(2026, 11, 1)
    try:
        with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "rentals_demo"]):
            change_room_use(room, use=RoomUse.GROUP_RENTAL, on=day)
            change_room_use(room, use=RoomUse.GROUP_RENTAL, on=day)  # no change: not heard
        change_room_use(room, use=RoomUse.RENTED, on=day)  # uninstalled: not heard
        from rentals_demo.rules import HEARD

        assert HEARD == [(room.pk, room.use, RoomUse.GROUP_RENTAL, day, None)]
    finally:
        for name in [m for m in sys.modules if m.startswith("rentals_demo")]:
            del sys.modules[name]
