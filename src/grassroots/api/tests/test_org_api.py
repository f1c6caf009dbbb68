"""Org nodes and party organisations through the API: filters, pagination, scope."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.org.models import OrgNode

NODES = "/api/v1/org/nodes"
PARTY = "/api/v1/party/organizations"


@pytest.fixture
def admin_api(personas, bearer):
    return bearer(personas[Role.DISTRICT_ADMIN])


@pytest.fixture
def street_api(personas, bearer):
    return bearer(personas[Role.STREET_STAFF])


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_the_node_list_is_the_callers_subtree_in_tree_order(tree, street_api):
    assert codes(street_api.get(NODES)) == [
        "420606001000",
        "420606001001",
        "420606001001001",
        "420606001001002",
        "420606001002",
        "420606001002001",
    ]


def test_nodes_filter_by_level(tree, admin_api):
    assert codes(admin_api.get(NODES, {"level": "community"})) == [
        "420606001001",
        "420606001002",
        "420606002001",
    ]


def test_nodes_filter_by_parent_lists_direct_children_only(tree, admin_api):
    assert codes(admin_api.get(NODES, {"parent": tree.street_a.pk})) == [
        "420606001001",
        "420606001002",
    ]


def test_a_parent_outside_the_scope_filters_to_nothing(tree, street_api):
    response = street_api.get(NODES, {"parent": tree.street_b.pk})
    assert response.json() == {"items": [], "count": 0, "page": 1, "page_size": 50}


def test_nodes_filter_by_text_in_name_or_code(tree, admin_api):
    assert codes(admin_api.get(NODES, {"q": "清河口"})) == [
        "420606001001",
        "420606001001001",
        "420606001001002",
    ]
    assert codes(admin_api.get(NODES, {"q": "002001"})) == [
        "420606001002001",
        "420606002001",
        "420606002001001",
    ]


def test_nodes_filter_by_subtree_code(tree, admin_api, street_api):
    assert codes(admin_api.get(NODES, {"under": "420606002000"})) == [
        "420606002000",
        "420606002001",
        "420606002001001",
    ]
    assert codes(street_api.get(NODES, {"under": "420606002000"})) == []


def test_node_filters_combine(tree, admin_api):
    assert codes(admin_api.get(NODES, {"under": "420606001000", "level": "grid", "q": "第二"})) == [
        "420606001001002"
    ]


def test_the_node_list_is_paginated(tree, admin_api):
    first = admin_api.get(NODES, {"page_size": 4}).json()
    second = admin_api.get(NODES, {"page_size": 4, "page": 2}).json()
    last = admin_api.get(NODES, {"page_size": 4, "page": 3}).json()
    assert first["count"] == second["count"] == len(tree.nodes()) == 10
    assert [len(p["items"]) for p in (first, second, last)] == [4, 4, 2]
    every = [i["code"] for p in (first, second, last) for i in p["items"]]
    assert len(set(every)) == 10
    assert admin_api.get(NODES, {"page": 9}).json()["items"] == []


def test_a_node_shows_its_parent_code_and_children_count(tree, street_api):
    response = street_api.get(f"{NODES}/{tree.community_a1.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "420606001001"
    assert body["name"] == "清河口社区"
    assert body["level"] == "community"
    assert body["level_name"] == "社区村"
    assert body["parent_code"] == "420606001000"
    assert body["children_count"] == 2


def test_the_top_node_has_no_parent_code(tree, admin_api):
    assert admin_api.get(f"{NODES}/{tree.district.pk}").json()["parent_code"] is None


def test_a_node_outside_the_scope_is_exactly_like_a_missing_one(tree, street_api):
    outside = street_api.get(f"{NODES}/{tree.street_b.pk}")
    missing = street_api.get(f"{NODES}/{OrgNode.objects.order_by('-pk')[0].pk + 100}")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert outside.json()["detail"]


def test_children_of_a_node(tree, street_api):
    assert codes(street_api.get(f"{NODES}/{tree.community_a1.pk}/children")) == [
        "420606001001001",
        "420606001001002",
    ]
    assert street_api.get(f"{NODES}/{tree.community_b1.pk}/children").status_code == 404


def test_party_organisations_within_the_scope(tree, personas, bearer):
    response = bearer(personas[Role.COMMUNITY_SECRETARY]).get(PARTY)
    names = [item["name"] for item in response.json()["items"]]
    assert names == [
        "清河口社区党委",
        "清河口第一网格党支部",
        "清河口第一网格第一党小组",
        "清河口第二网格党支部",
    ]


def test_party_organisations_filter_by_kind_and_node(tree, admin_api):
    by_kind = admin_api.get(PARTY, {"kind": "street_working_committee"}).json()["items"]
    assert [i["name"] for i in by_kind] == ["汉江街道大党工委", "王寨街道大党工委"]
    by_node = admin_api.get(PARTY, {"node": tree.grid_a1_1.pk}).json()["items"]
    assert [i["name"] for i in by_node] == ["清河口第一网格党支部", "清河口第一网格第一党小组"]


def test_a_party_organisation_names_the_node_it_leads(tree, street_api):
    branch = tree.party["grid_a1_1"]
    body = street_api.get(f"{PARTY}/{branch.pk}").json()
    assert body["kind"] == "grid_branch"
    assert body["kind_name"] == "网格党支部"
    assert (body["org_node_id"], body["org_node_code"]) == (tree.grid_a1_1.pk, "420606001001001")
    assert body["children_count"] == 1


def test_a_party_organisation_outside_the_scope_is_404(tree, street_api):
    assert street_api.get(f"{PARTY}/{tree.party['street_b'].pk}").status_code == 404
    assert street_api.get(f"{PARTY}/{tree.party['street_a'].pk}").status_code == 200


def test_listing_nodes_takes_a_fixed_number_of_queries(
    tree, admin_api, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        admin_api.get(NODES)
