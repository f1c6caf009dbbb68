"""Registry search and list pages: every match once, newest first, and nothing out of scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grassroots.accounts.models import Account
from grassroots.kernel.permissions import Role
from grassroots.org.models import Level, OrgNode
from grassroots.registry import selectors
from grassroots.registry.models import Resident
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.testing import SAMPLE_DAY
from grassroots.registry.validation import ResidentData

pytestmark = pytest.mark.django_db


def _resident(grid: OrgNode, name: str, estate: str, number: str) -> Resident:
    room = ensure_room(grid=grid, estate=estate, building="1栋", unit="1单元", number=number)
    return register_resident(room=room, data=ResidentData(name=name, gender="F"), on=SAMPLE_DAY)


def _all_pages(user, **filters) -> list[list[int]]:
    pages, after = [], None
    while True:
        page = selectors.resident_page(user, after=after, **filters)
        pages.append([r.pk for r in page.rows])
        if page.next_after is None:
            return pages
        after = page.next_after


def test_search_pages_give_each_name_or_address_match_once_newest_first(
    tree, personas, monkeypatch
):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    grid = tree.grid_a1_1
    matches = []
    for n in range(4):  # by name and by address, taking turns; the last one by both
        matches.append(_resident(grid, f"湖光{n}", f"江景小区{n}", f"{n}01室"))
        matches.append(_resident(grid, f"周{n}", f"湖光小区{n}", f"{n}02室"))
        _resident(grid, f"吴{n}", f"江景小区{n}", f"{n}03室")
    matches.append(_resident(grid, "湖光名", "湖光小区名", "901室"))
    pages = _all_pages(personas[Role.GRID_WORKER], query="湖光")
    assert [len(p) for p in pages] == [3, 3, 3]
    assert sum(pages, []) == sorted((r.pk for r in matches), reverse=True)


def test_list_pages_cover_the_scope_once_and_end(tree, personas, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    mine = [_resident(tree.grid_a1_1, f"郑{n}", "清河小区", f"{n}室") for n in range(5)]
    _resident(tree.grid_a1_2, "郑邻", "清河小区", "邻室")
    pages = _all_pages(personas[Role.GRID_WORKER])
    assert pages == [[mine[4].pk, mine[3].pk], [mine[2].pk, mine[1].pk], [mine[0].pk]]


def test_a_search_never_finds_a_siblings_resident_by_name_or_address(tree, personas):
    own = _resident(tree.grid_a1_1, "钱江", "钱塘小区", "1室")
    sibling_grid = _resident(tree.grid_a1_2, "钱江", "钱塘小区", "2室")
    sibling_street = _resident(tree.grid_b1_1, "钱江", "钱塘小区", "3室")
    for query in ("钱江", "钱塘", "qj"):
        for role, expected in (
            (Role.GRID_WORKER, {own}),
            (Role.COMMUNITY_SECRETARY, {own, sibling_grid}),
            (Role.STREET_STAFF, {own, sibling_grid}),
            (Role.DISTRICT_ADMIN, {own, sibling_grid, sibling_street}),
        ):
            found = set(selectors.resident_page(personas[role], query=query).rows)
            assert found == expected, (query, role)


def test_another_districts_residents_stay_outside_a_district_search(tree, personas):
    other = OrgNode.objects.add_root(
        {"code": "420607000000", "name": "襄州区", "level": Level.DISTRICT}
    )
    street = OrgNode.objects.add_child(
        other, {"code": "420607001000", "name": "张湾街道", "level": Level.STREET}
    )
    community = OrgNode.objects.add_child(
        street, {"code": "420607001001", "name": "张湾社区", "level": Level.COMMUNITY}
    )
    grid = OrgNode.objects.add_child(
        community, {"code": "420607001001001", "name": "张湾第一网格", "level": Level.GRID}
    )
    ours = _resident(tree.grid_b1_1, "孙河", "孙家小区", "1室")
    _resident(grid, "孙河", "孙家小区", "1室")
    admin = Account.objects.get(pk=personas[Role.DISTRICT_ADMIN].pk)
    for query in ("", "孙河", "孙家"):
        assert selectors.resident_page(admin, query=query).rows == [ours], query


def test_narrowing_to_a_unit_keeps_to_it_in_lists_and_searches(tree, personas):
    inside = _resident(tree.grid_a1_2, "冯川", "冯家小区", "1室")
    _resident(tree.grid_a1_1, "冯川", "冯家小区", "2室")
    _resident(tree.grid_b1_1, "冯川", "冯家小区", "3室")
    admin = personas[Role.DISTRICT_ADMIN]
    for query in ("", "冯川", "冯家", "fc"):
        page = selectors.resident_page(admin, query=query, node=tree.grid_a1_2)
        assert page.rows == [inside], query


def test_a_page_within_a_scope_asks_its_ids_in_an_order_the_id_index_cannot_give(tree, personas):
    # On PostgreSQL that makes the planner read the scope through the grid index and sort it,
    # rather than walk the id index backwards hoping to meet the scope's rows early.
    _resident(tree.grid_a1_1, "陈清", "陈家小区", "1室")
    for role, scoped in (
        (Role.STREET_STAFF, True),
        (Role.GRID_WORKER, True),
        (Role.DISTRICT_ADMIN, False),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert selectors.resident_page(personas[role]).rows
        assert ("NULLS LAST" in queries.captured_queries[0]["sql"]) is scoped, role
