"""The scope mechanism itself: subtree queries, siblings never visible, index used."""

from django.db import connection

from grassroots.accounts.roles import Role
from grassroots.core.testing import PERSONA_HOMES
from grassroots.org.models import OrgNode, PartyOrganization
from grassroots.people.models import Person


def test_each_role_sees_its_subtree_and_no_sibling(tree, personas):
    for role, account in personas.items():
        home, sibling = PERSONA_HOMES[role]
        home_node = getattr(tree, home)
        visible = set(OrgNode.objects.visible_to(account).values_list("code", flat=True))
        expected = {n.code for n in tree.nodes() if n.code.startswith(home_node.code.rstrip("0"))
                    and n.path.startswith(home_node.path)}
        assert visible == expected, role
        if sibling:
            assert getattr(tree, sibling).code not in visible


def test_people_and_party_orgs_follow_the_node_scope(tree, personas):
    grid_worker = personas[Role.GRID_WORKER]
    assert list(Person.objects.visible_to(grid_worker)) == [tree.people["grid_a1_1"]]
    names = set(PartyOrganization.objects.visible_to(grid_worker).values_list("name", flat=True))
    assert names == {"清河口第一网格党支部", "清河口第一网格第一党小组"}


def test_anonymous_and_inactive_users_see_nothing(tree, personas):
    from django.contrib.auth.models import AnonymousUser

    assert not OrgNode.objects.visible_to(AnonymousUser()).exists()
    account = personas[Role.DISTRICT_ADMIN]
    account.is_active = False
    assert not OrgNode.objects.visible_to(account).exists()


def test_subtree_query_uses_the_path_index(tree, personas):
    sql, params = OrgNode.objects.visible_to(personas[Role.STREET_STAFF]).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "org_orgnode_path_prefix" in plan or "Index" in plan, plan
