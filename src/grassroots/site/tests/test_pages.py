"""The home page, the shared page frame, the language switch and the error pages."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from grassroots.kernel.permissions import Role
from grassroots.org.models import Level, OrgNode
from grassroots.testing.personas import make_account


def _counts(response):
    return response.context["counts"]


def test_the_home_page_shows_the_users_unit_and_what_lies_below_it(client, tree, personas):
    client.force_login(personas[Role.STREET_STAFF])
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "汉江街道" in page and "420606001000" in page and "街道乡镇" in page
    counts = _counts(response)
    assert (counts.streets, counts.communities, counts.grids) == (0, 2, 3)
    # street A leads itself, two communities, two grid branches and a party group
    assert counts.party_orgs == 6
    assert counts.tally("people") == 1  # 张建国 in grid A1-1; 李秀英 is in street B
    assert counts.tally("accounts") == sum(
        1 for role, a in personas.items() if a.org_node.path.startswith(tree.street_a.path)
    )
    assert "王寨街道" not in page and "春园社区" not in page


def test_the_home_page_links_into_the_tree(client, tree, personas):
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    page = client.get("/").content.decode()
    assert f'href="/org/{tree.community_a1.pk}/"' in page
    assert f'href="/org/{tree.grid_a1_1.pk}/"' in page
    assert f'href="/org/{tree.grid_a1_2.pk}/"' in page


def test_an_operator_sees_every_district_on_the_home_page(client, tree):
    operator = make_account(None, username="root", is_superuser=True, is_staff=True)
    client.force_login(operator)
    response = client.get("/")
    counts = _counts(response)
    assert (counts.streets, counts.communities, counts.grids) == (2, 3, 4)
    assert "樊城区" in response.content.decode()


def test_an_account_without_a_unit_is_told_so_rather_than_shown_an_error(client, tree):
    client.force_login(make_account(None, Role.GRID_WORKER, username="lost"))
    response = client.get("/")
    assert response.status_code == 200
    assert "尚未分配所属单位" in response.content.decode()


def test_the_home_page_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def _add_grids(community, count, start):
    for n in range(start, start + count):
        OrgNode.objects.add_child(
            OrgNode.objects.get(pk=community.pk),
            {"code": f"{community.code}{n:03d}", "name": f"第{n}网格", "level": Level.GRID},
        )


def test_the_home_page_asks_the_same_queries_however_many_units_lie_below(client, tree, personas):
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    _add_grids(tree.community_a1, 12, start=10)
    with CaptureQueriesContext(connection) as after:
        response = client.get("/")
    assert len(response.context["children"]) == 14
    assert len(after) == len(before)


def test_the_home_page_query_count_stays_small(
    client, tree, personas, django_assert_max_num_queries
):
    client.force_login(personas[Role.DISTRICT_ADMIN])
    _add_grids(tree.community_b1, 20, start=10)
    # 16 for the unit and the tree (one asks whether the district is the whole tree,
    # kernel/scope.py) and 17 for the panels (the results at a glance 3, the group-rental
    # cases 2, the surveys running 1 ...), each a few grouped queries whatever the size of
    # the district (site/tests/test_workbench.py).
    with django_assert_max_num_queries(33):
        client.get("/")


def test_the_navigation_names_the_user_and_their_unit(client, tree, personas):
    account = personas[Role.GRID_WORKER]
    account.display_name = "王网格"
    account.save()
    client.force_login(account)
    page = client.get("/").content.decode()
    assert "王网格" in page and "清河口第一网格" in page
    assert 'action="/accounts/sign-out/"' in page
    assert 'action="/i18n/setlang/"' in page
    assert 'href="/api/v1/docs"' in page


def test_only_audit_readers_get_the_audit_link(client, tree, personas):
    client.force_login(personas[Role.DISTRICT_ADMIN])
    assert "审计日志" in client.get("/").content.decode()
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    assert "审计日志" not in client.get("/").content.decode()


def test_pages_are_chinese_even_when_the_browser_asks_for_english(client, tree, personas):
    client.force_login(personas[Role.GRID_WORKER])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "组织架构" in page and 'lang="zh-CN"' in page


def test_the_language_switch_turns_the_pages_english(client, tree, personas):
    client.force_login(personas[Role.GRID_WORKER])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "Organisation" in page and "组织架构" not in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "组织架构" in client.get("/").content.decode()


def test_static_assets_come_from_this_site_only(client, tree, personas):
    client.force_login(personas[Role.GRID_WORKER])
    page = client.get("/").content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in page
    assert "http://" not in page and "https://" not in page and "//cdn" not in page


@pytest.mark.parametrize("template", ["404.html", "500.html", "403.html", "400.html"])
def test_error_pages_render_without_touching_the_database(template, db):
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string(template)
    assert len(queries) == 0
    assert "返回首页" in html


def test_an_unknown_address_gets_a_friendly_chinese_page(client, tree, personas):
    client.force_login(personas[Role.GRID_WORKER])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
