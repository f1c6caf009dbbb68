"""Browsing the org tree and the party tree: scope, breadcrumbs, counts, query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.org.models import Level, OrgNode, PartyOrganization, PartyOrgKind
from grassroots.people.models import Gender, Person
from grassroots.testing.personas import make_account


def test_the_tree_starts_at_the_users_unit(as_role, tree):
    response = as_role(Role.COMMUNITY_SECRETARY).get("/org/")
    assert response.status_code == 302
    assert response["Location"] == f"/org/{tree.community_a1.pk}/"


def test_an_operator_starts_at_the_roots(client, tree):
    client.force_login(make_account(None, username="root", is_superuser=True, is_staff=True))
    response = client.get("/org/")
    assert response.status_code == 200
    assert f'href="/org/{tree.district.pk}/"' in response.content.decode()


def test_a_node_page_lists_children_with_their_counts(as_role, tree):
    response = as_role(Role.STREET_STAFF).get(f"/org/{tree.street_a.pk}/")
    rows = {row.node.name: row.counts for row in response.context["children"]}
    assert set(rows) == {"清河口社区", "前进社区"}
    assert rows["清河口社区"].grids == 2
    assert rows["清河口社区"].party_orgs == 4  # committee, two grid branches, one party group
    assert rows["清河口社区"].tally("people") == 1
    assert rows["前进社区"].grids == 1 and rows["前进社区"].tally("people") == 0


def test_breadcrumbs_link_only_to_ancestors_inside_the_users_scope(as_role, tree):
    page = as_role(Role.COMMUNITY_SECRETARY).get(f"/org/{tree.grid_a1_1.pk}/").content.decode()
    crumbs = page[page.index('data-testid="crumbs"') : page.index("</ol>")]
    assert "樊城区" in crumbs and "汉江街道" in crumbs  # shown for orientation ...
    assert f'href="/org/{tree.district.pk}/"' not in crumbs  # ... but not reachable
    assert f'href="/org/{tree.street_a.pk}/"' not in crumbs
    assert f'href="/org/{tree.community_a1.pk}/"' in crumbs


def test_a_grid_page_shows_the_branch_built_on_it_and_its_people(as_role, tree):
    page = as_role(Role.COMMUNITY_SECRETARY).get(f"/org/{tree.grid_a1_1.pk}/").content.decode()
    assert "清河口第一网格党支部" in page and "网格党支部" in page
    assert f'href="/org/party/{tree.party["grid_a1_1"].pk}/"' in page
    assert "张建国" in page


def test_roles_without_people_access_see_the_tree_but_no_names(as_role, tree):
    page = as_role(Role.RESIDENT).get(f"/org/{tree.grid_a1_1.pk}/").content.decode()
    assert "清河口第一网格党支部" in page
    assert "张建国" not in page


def test_the_children_fragment_is_the_list_alone(as_role, tree):
    response = as_role(Role.STREET_STAFF).get(
        f"/org/{tree.community_a1.pk}/children/", HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "清河口第一网格" in page and "清河口第二网格" in page


def test_every_expand_button_also_works_as_a_plain_link(as_role, tree):
    page = as_role(Role.STREET_STAFF).get(f"/org/{tree.street_a.pk}/").content.decode()
    pk = tree.community_a1.pk
    assert re.search(rf'<a class="expand" href="/org/{pk}/"\s+hx-get="/org/{pk}/children/"', page)


@pytest.mark.parametrize("path", ["/org/{pk}/", "/org/{pk}/children/"])
def test_a_node_outside_the_scope_is_not_found(as_role, tree, path):
    client = as_role(Role.COMMUNITY_SECRETARY)
    for node in (tree.community_a2, tree.street_a, tree.district, tree.grid_b1_1):
        assert client.get(path.format(pk=node.pk)).status_code == 404
    assert client.get(path.format(pk=999999)).status_code == 404


def test_a_party_organisation_outside_the_scope_is_not_found(as_role, tree):
    client = as_role(Role.GRID_WORKER)
    for key in ("grid_a1_2", "community_a1", "street_b"):
        assert client.get(f"/org/party/{tree.party[key].pk}/").status_code == 404


def test_the_party_tree_starts_at_the_highest_organisation_the_user_sees(as_role, tree):
    response = as_role(Role.STREET_STAFF).get("/org/party/")
    assert [r.party_org.name for r in response.context["roots"]] == ["汉江街道大党工委"]
    response = as_role(Role.GRID_WORKER).get("/org/party/")
    assert [r.party_org.name for r in response.context["roots"]] == ["清河口第一网格党支部"]


def test_a_party_organisation_page_links_to_the_node_it_leads_and_its_sub_organisations(
    as_role, tree
):
    response = as_role(Role.STREET_STAFF).get(f"/org/party/{tree.party['community_a1'].pk}/")
    page = response.content.decode()
    assert f'href="/org/{tree.community_a1.pk}/"' in page
    children = {r.party_org.name: r for r in response.context["children"]}
    assert set(children) == {"清河口第一网格党支部", "清河口第二网格党支部"}
    assert children["清河口第一网格党支部"].sub_orgs == 1
    assert children["清河口第一网格党支部"].tally("members") == 1


def test_party_breadcrumbs_link_only_inside_the_scope(as_role, tree):
    page = (
        as_role(Role.GRID_WORKER).get(f"/org/party/{tree.party['group_a1_1'].pk}/").content.decode()
    )
    crumbs = page[page.index('data-testid="crumbs"') : page.index("</ol>")]
    assert "清河口社区党委" in crumbs
    assert f'href="/org/party/{tree.party["community_a1"].pk}/"' not in crumbs
    assert f'href="/org/party/{tree.party["grid_a1_1"].pk}/"' in crumbs


def _grow(tree, count):
    """Add ``count`` grids to community A1, each with a branch and a person."""
    community = OrgNode.objects.get(pk=tree.community_a1.pk)
    for n in range(10, 10 + count):
        grid = OrgNode.objects.add_child(
            OrgNode.objects.get(pk=community.pk),
            {"code": f"{community.code}{n:03d}", "name": f"第{n}网格", "level": Level.GRID},
        )
        branch = PartyOrganization.objects.add_child(
            PartyOrganization.objects.get(pk=tree.party["community_a1"].pk),
            {"org_node": grid, "kind": PartyOrgKind.GRID_BRANCH, "name": f"第{n}网格党支部"},
        )
        Person.objects.create(
            org_node=grid,
            name=f"居民{n}",
            gender=Gender.MALE,
            is_party_member=True,
            party_branch=branch,
        )


@pytest.mark.parametrize(
    "page",
    [
        "/org/{street_a}/",
        "/org/{community_a1}/",
        "/org/{community_a1}/children/",
        "/org/party/",
        "/org/party/{party_community_a1}/",
    ],
)
def test_tree_pages_ask_the_same_queries_however_many_children(
    as_role, tree, page, django_assert_max_num_queries
):
    client = as_role(Role.STREET_STAFF)
    url = page.format(
        street_a=tree.street_a.pk,
        community_a1=tree.community_a1.pk,
        party_community_a1=tree.party["community_a1"].pk,
    )
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _grow(tree, 15)
    with django_assert_max_num_queries(len(before)):
        assert client.get(url).status_code == 200


def test_the_admin_shows_the_trees_in_chinese(client, tree):
    client.force_login(make_account(None, username="root", is_superuser=True, is_staff=True))
    for url in (
        "/admin/org/orgnode/",
        "/admin/org/partyorganization/",
        f"/admin/org/orgnode/{tree.grid_a1_1.pk}/change/",
        f"/admin/org/partyorganization/{tree.party['grid_a1_1'].pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/admin/org/orgnode/").content.decode()
    assert "组织节点" in page and "樊城区" in page


def test_renaming_a_node_in_the_admin_is_audited(client, tree):
    client.force_login(make_account(None, username="root", is_superuser=True, is_staff=True))
    node = tree.grid_a1_2
    response = client.post(
        f"/admin/org/orgnode/{node.pk}/change/",
        {
            "code": node.code,
            "name": "清河口二网格",
            "level": node.level,
            "treebeard_position": "sorted-child",
            "treebeard_ref_node": tree.community_a1.pk,
        },
    )
    assert response.status_code == 302
    node.refresh_from_db()
    assert node.name == "清河口二网格"
    event = AuditEvent.objects.get(action=Action.ORG_NODE_CHANGED, target__contains=node.code)
    assert event.detail["fields"] == ["name"] and event.username == "root"
