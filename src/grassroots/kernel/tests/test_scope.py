"""The scope mechanism itself: subtree queries, siblings never visible, indexes used."""

import pytest
from django.db import connection

from grassroots.accounts.models import Account
from grassroots.kernel.permissions import Role
from grassroots.kernel.scope import restricts
from grassroots.org.models import Level, OrgNode, PartyOrganization
from grassroots.people.models import Gender, Person
from grassroots.testing.personas import PERSONA_HOMES


def test_each_role_sees_its_subtree_and_no_sibling(tree, personas):
    for role, account in personas.items():
        home, sibling = PERSONA_HOMES[role]
        home_node = getattr(tree, home)
        visible = set(OrgNode.objects.visible_to(account).values_list("code", flat=True))
        expected = {
            n.code
            for n in tree.nodes()
            if n.code.startswith(home_node.code.rstrip("0")) and n.path.startswith(home_node.path)
        }
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


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(str(row[3]) for row in cursor.fetchall())


def test_rows_are_scoped_by_their_own_node_column_not_a_join_to_the_tree(tree, personas):
    newest = (
        Person.objects.visible_to(personas[Role.STREET_STAFF])
        .order_by("-pk")
        .values_list("pk", flat=True)[:50]
    )
    assert " JOIN " not in str(newest.query)
    if connection.vendor == "sqlite":
        plan = _plan(newest)
        # the person table leads, through its node index; the tree only answers the IN list
        assert plan.startswith("SEARCH people_person USING COVERING INDEX"), plan
        assert "(org_node_id=?)" in plan, plan


def test_a_district_holding_the_whole_tree_reads_its_rows_without_a_condition(tree, personas):
    admin = personas[Role.DISTRICT_ADMIN]
    assert "WHERE" not in str(Person.objects.visible_to(admin).query)
    assert set(Person.objects.visible_to(admin)) == set(tree.people.values())


def test_a_second_district_stays_outside_the_first_districts_administrator(tree, personas):
    other = OrgNode.objects.add_root(
        {"code": "420607000000", "name": "襄州区", "level": Level.DISTRICT}
    )
    outsider = Person.objects.create(org_node=other, name="王外区", gender=Gender.MALE)
    admin = Account.objects.get(pk=personas[Role.DISTRICT_ADMIN].pk)
    visible = set(Person.objects.visible_to(admin))
    assert outsider not in visible
    assert visible == set(tree.people.values())
    assert other not in OrgNode.objects.visible_to(admin)


def test_rows_whose_node_may_be_missing_are_not_taken_as_on_the_tree(tree, personas):
    from grassroots.audit.models import Action, AuditEvent

    admin = personas[Role.DISTRICT_ADMIN]
    AuditEvent.objects.create(action=Action.SIGN_IN, outcome="success", username="无单位")
    AuditEvent.objects.create(
        action=Action.SIGN_IN, outcome="success", username="网格", node=tree.grid_a1_1
    )
    names = set(AuditEvent.objects.visible_to(admin).values_list("username", flat=True))
    assert names == {"网格"}


def test_only_an_operator_and_a_unit_holding_the_whole_tree_see_rows_unrestricted(tree, personas):
    from django.contrib.auth.models import AnonymousUser

    from grassroots.audit.models import AuditEvent
    from grassroots.testing.personas import make_account

    operator = make_account(None, username="operator", is_superuser=True)
    assert not restricts(operator, Person) and not restricts(operator, AuditEvent)
    assert not restricts(personas[Role.DISTRICT_ADMIN], Person)
    assert restricts(personas[Role.DISTRICT_ADMIN], AuditEvent)  # its node may be missing
    assert restricts(personas[Role.STREET_STAFF], Person)
    assert restricts(AnonymousUser(), Person)
    OrgNode.objects.add_root({"code": "420607000000", "name": "襄州区", "level": Level.DISTRICT})
    assert restricts(Account.objects.get(pk=personas[Role.DISTRICT_ADMIN].pk), Person)


def only_party_members(user, subtree_rows, all_rows):
    """A scope rule for the test below: this account sees the party members of the whole
    table, wherever they are; everyone else their subtree."""
    return all_rows.filter(is_party_member=True) if user.username == "narrowed" else subtree_rows


def test_a_declared_scope_rule_decides_an_accounts_rows_but_not_an_operators(
    tree, personas, monkeypatch
):
    import dataclasses

    from grassroots.kernel import scope
    from grassroots.testing.personas import make_account

    spec = scope.spec_for(Person)
    narrowed_spec = dataclasses.replace(
        spec, rule="grassroots.kernel.tests.test_scope:only_party_members"
    )
    monkeypatch.setitem(scope._REGISTRY, Person, narrowed_spec)
    Person.objects.create(name="群众乙", gender=Gender.FEMALE, org_node=tree.grid_a1_2)
    narrowed = make_account(tree.grid_b1_1, Role.GRID_WORKER, username="narrowed")
    everyone = Person.objects.visible_to(personas[Role.DISTRICT_ADMIN])
    members = Person.objects.visible_to(narrowed)
    # Members outside the account's grid too, and no one else: the rule, not the subtree.
    assert set(members) == set(everyone.filter(is_party_member=True))
    assert members.count() < everyone.count()
    assert any(not p.org_node.path.startswith(tree.grid_b1_1.path) for p in members)
    worker = personas[Role.GRID_WORKER]
    assert set(Person.objects.visible_to(worker)) == {tree.people["grid_a1_1"]}
    operator = Account.objects.create_superuser("root_for_narrowing", password="x-Pass-2026!")
    assert Person.objects.visible_to(operator).count() == Person.objects.count()


def test_rows_that_reach_down_are_read_below_their_node_and_changed_only_by_their_own_unit(
    tree, personas, monkeypatch
):
    import dataclasses

    from grassroots.kernel import scope

    spec = dataclasses.replace(scope.spec_for(Person), reaches_down=True)
    monkeypatch.setitem(scope._REGISTRY, Person, spec)
    at = {
        key: Person.objects.create(name=key, gender=Gender.MALE, org_node=getattr(tree, key))
        for key in ("district", "street_a", "street_b", "community_a1", "community_a2")
    }
    worker = personas[Role.GRID_WORKER]
    seen = set(Person.objects.visible_to(worker))
    # Its grid's, and the rows on the nodes above it: never a sibling branch's.
    assert seen == {tree.people["grid_a1_1"], at["district"], at["street_a"], at["community_a1"]}
    assert set(Person.objects.editable_by(worker)) == {tree.people["grid_a1_1"]}
    street = personas[Role.STREET_STAFF]
    assert at["district"] in Person.objects.visible_to(street)
    assert at["street_b"] not in Person.objects.visible_to(street)
    assert at["district"] not in Person.objects.editable_by(street)
    # Narrowed first, widened after: a filter applies to the rows from above too.
    named = Person.objects.filter(name="district").visible_to(worker)
    assert list(named) == [at["district"]]


def grid_b_people(user, all_rows):
    """A ``shared`` function for the test below: grid B1-1's people, shared with everyone."""
    return all_rows.filter(org_node__code="420606002001001")


def test_rows_shared_with_an_account_are_read_but_not_changed(tree, personas, monkeypatch):
    import dataclasses

    from django.http import Http404

    from grassroots.kernel import scope

    spec = dataclasses.replace(
        scope.spec_for(Person), shared="grassroots.kernel.tests.test_scope:grid_b_people"
    )
    monkeypatch.setitem(scope._REGISTRY, Person, spec)
    worker = personas[Role.GRID_WORKER]
    shared = tree.people["grid_b1_1"]
    assert set(Person.objects.visible_to(worker)) == {tree.people["grid_a1_1"], shared}
    assert scope.get_visible_or_404(Person, worker, pk=shared.pk) == shared
    with pytest.raises(Http404):
        scope.get_editable_or_404(Person, worker, pk=shared.pk)
    assert scope.get_editable_or_404(Person, worker, pk=tree.people["grid_a1_1"].pk)
