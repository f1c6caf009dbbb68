"""Moving and creating org nodes through the services: subtrees keep everything attached."""

import pytest

from grassroots.accounts.models import Account
from grassroots.audit.models import Action, AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.org.models import OrgNode, PartyOrganization
from grassroots.org.services import (
    NodeSpec,
    StaleVersionError,
    TreeRuleError,
    add_org_nodes,
    move_org_node,
    rename_org_node,
)
from grassroots.people.models import Person
from grassroots.testing.personas import make_account


def fresh(node):
    return OrgNode.objects.get(pk=node.pk)


def snapshot():
    return list(OrgNode.objects.values_list("pk", "path", "depth", "numchild", "version", "name"))


def test_moving_a_community_takes_its_grids_people_and_accounts_to_the_new_street(tree, personas):
    staff_b = make_account(tree.street_b, Role.STREET_STAFF, username="staff_b")
    person = tree.people["grid_a1_1"]
    grid_worker = personas[Role.GRID_WORKER]

    move_org_node(tree.community_a1, new_parent=tree.street_b)

    community = fresh(tree.community_a1)
    assert OrgNode.objects.get_parent(community) == tree.street_b
    grids = OrgNode.objects.get_children(community)
    assert {g.pk for g in grids} == {tree.grid_a1_1.pk, tree.grid_a1_2.pk}
    assert all(g.path.startswith(fresh(tree.street_b).path) for g in grids)
    assert Person.objects.get(pk=person.pk).org_node_id == tree.grid_a1_1.pk
    # Accounts read afresh: a user object caches the path of its unit.
    staff_a = Account.objects.get(pk=personas[Role.STREET_STAFF].pk)
    staff_b = Account.objects.get(pk=staff_b.pk)
    assert Person.objects.visible_to(staff_b).filter(pk=person.pk).exists()
    assert not Person.objects.visible_to(staff_a).filter(pk=person.pk).exists()
    assert Account.objects.visible_to(staff_b).filter(pk=grid_worker.pk).exists()
    assert not Account.objects.visible_to(staff_a).filter(pk=grid_worker.pk).exists()
    assert (
        PartyOrganization.objects.visible_to(staff_b).filter(pk=tree.party["grid_a1_1"].pk).exists()
    )
    assert OrgNode.objects.find_problems() == ([], [], [], [], [])


def test_a_move_is_audit_logged_with_the_old_and_new_parent(tree):
    move_org_node(tree.community_a1, new_parent=tree.street_b)

    event = AuditEvent.objects.get(action=Action.ORG_NODE_CHANGED)
    assert event.target == tree.community_a1.code
    assert event.detail == {
        "change": "moved",
        "from": {"parent": tree.street_a.code},
        "to": {"parent": tree.street_b.code},
    }


def test_a_move_with_a_stale_version_is_refused_and_changes_nothing(tree):
    community = fresh(tree.community_a1)
    rename_org_node(community, name="清河口新社区")  # someone else got there first
    before = snapshot()

    with pytest.raises(StaleVersionError):
        move_org_node(community, new_parent=tree.street_b, expected_version=community.version)

    assert snapshot() == before
    assert OrgNode.objects.get_parent(fresh(tree.community_a1)) == tree.street_a


def test_a_node_cannot_move_under_its_own_descendant_or_itself(tree):
    before = snapshot()

    with pytest.raises(TreeRuleError, match="自己或它的下级"):
        move_org_node(tree.community_a1, new_parent=tree.grid_a1_1)
    with pytest.raises(TreeRuleError, match="自己或它的下级"):
        move_org_node(tree.street_a, new_parent=tree.street_a)

    assert snapshot() == before


def test_a_node_cannot_move_under_a_parent_of_the_wrong_level(tree):
    with pytest.raises(TreeRuleError, match="网格不能设在街道乡镇之下"):
        move_org_node(tree.grid_a1_1, new_parent=tree.street_b)


def test_renaming_bumps_the_version_and_is_audit_logged(tree):
    renamed = rename_org_node(fresh(tree.grid_a1_1), name="清河口一网格", expected_version=1)

    assert (renamed.name, renamed.version) == ("清河口一网格", 2)
    event = AuditEvent.objects.get(action=Action.ORG_NODE_CHANGED)
    assert event.detail["from"] == {"name": "清河口第一网格"}


def test_adding_many_nodes_builds_a_consistent_tree_and_logs_each(tree):
    specs = [
        NodeSpec("420606002002001", "春晖第一网格", "grid", "420606002002"),
        NodeSpec("420606002002", "春晖社区", "community", "420606002000"),
        NodeSpec("420606001002002", "前进第二网格", "grid", "420606001002"),
    ]

    assert add_org_nodes(specs) == 3

    assert OrgNode.objects.find_problems() == ([], [], [], [], [])
    community = OrgNode.objects.get(code="420606002002")
    assert OrgNode.objects.get_parent(community) == tree.street_b
    assert [g.code for g in OrgNode.objects.get_children(community)] == ["420606002002001"]
    assert fresh(tree.street_b).numchild == 2
    assert AuditEvent.objects.filter(action=Action.ORG_NODE_CHANGED).count() == 3


def test_adding_a_node_of_the_wrong_level_under_a_parent_is_refused(tree):
    with pytest.raises(TreeRuleError):
        add_org_nodes([NodeSpec("420606001000009", "网格", "grid", "420606001000")])

    assert not OrgNode.objects.filter(code="420606001000009").exists()


def test_adding_nodes_that_are_each_others_parents_is_refused(tree):
    specs = [
        NodeSpec("420606001003", "甲社区", "community", "420606001003001"),
        NodeSpec("420606001003001", "甲网格", "grid", "420606001003"),
    ]

    with pytest.raises(TreeRuleError, match="循环"):
        add_org_nodes(specs)

    assert not AuditEvent.objects.exists()
