"""The hot-path statements read and write exactly what the ORM would."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from grassroots.accounts.models import ApiToken, RoleGrant
from grassroots.audit.models import Action, AuditEvent
from grassroots.demands.models import Category, Demand
from grassroots.kernel.db import rows as sqlrows
from grassroots.kernel.db.around import forget, written_around_orm
from grassroots.kernel.permissions import Role
from grassroots.org.models import Level, OrgNode
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db


def test_first_finds_the_same_row_as_the_orm_with_every_field(tree):
    found = sqlrows.first(OrgNode, code=tree.grid_a1_1.code, level=Level.GRID)
    expected = OrgNode.objects.get(pk=tree.grid_a1_1.pk)
    assert found is not None
    for field in OrgNode._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.updated_at.tzinfo is not None  # time zones converted as the ORM does
    assert not found._state.adding


def test_first_returns_none_when_nothing_matches(tree):
    assert sqlrows.first(OrgNode, code=tree.grid_a1_1.code, level=Level.STREET) is None


def test_first_loads_nested_foreign_keys_without_more_queries(tree, django_assert_num_queries):
    account = make_account(tree.grid_a1_1, Role.GRID_WORKER, username="hot_path_worker")
    ApiToken.objects.create(
        account=account, name="t", prefix="gr_abc", digest="d" * 64, expires_at=timezone.now()
    )
    with django_assert_num_queries(1):
        token = sqlrows.first(
            ApiToken, related=("account", "account__org_node"), digest="d" * 64, revoked_at=None
        )
        assert token.account.username == "hot_path_worker"
        assert token.account.org_node.code == tree.grid_a1_1.code


def test_none_in_first_means_is_null(tree):
    account = make_account(tree.grid_a1_1, Role.GRID_WORKER, username="revoked_holder")
    ApiToken.objects.create(
        account=account,
        name="t",
        prefix="gr_abc",
        digest="e" * 64,
        revoked_at=timezone.now(),
        expires_at=timezone.now(),
    )
    assert sqlrows.first(ApiToken, digest="e" * 64, revoked_at=None) is None
    assert sqlrows.first(ApiToken, digest="e" * 64) is not None


def test_an_empty_outer_join_leaves_the_foreign_key_empty(db):
    top = Category.objects.create(code="sqlrows-top", name="测试大类")
    found = sqlrows.first(Category, related=("parent",), code="sqlrows-top")
    assert found.pk == top.pk and found.parent is None


def test_insert_writes_defaults_auto_times_and_json_like_save(tree):
    before = timezone.now()
    event = sqlrows.insert(
        AuditEvent(
            action=Action.DEMAND_CREATED,
            outcome="success",
            node=tree.grid_a1_1,
            target="x",
            detail={"键": [1, 2]},
        )
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.detail == {"键": [1, 2]}
    assert stored.node_id == tree.grid_a1_1.pk
    assert stored.at >= before - datetime.timedelta(seconds=1)
    assert not event._state.adding


def test_insert_encrypts_what_the_field_encrypts(tree):
    category = Category.objects.create(code="sqlrows-cat", name="测试类别")
    now = timezone.now()
    demand = Demand(
        code="SQLROWS00001",
        title="t",
        description="d",
        category=category,
        channel="grid_report",
        grid=tree.grid_a1_1,
        owner_unit=tree.grid_a1_1,
        received_at=now,
        response_due=now,
        resolve_due=now,
    )
    demand.set_reporter_phone("13800001234")
    sqlrows.insert(demand)
    stored = Demand.objects.get(pk=demand.pk)
    assert stored.reporter_phone == "13800001234"
    with connection.cursor() as cursor:
        table = Demand._meta.db_table
        cursor.execute(f"SELECT reporter_phone FROM {table} WHERE id = %s", [demand.pk])
        assert "13800001234" not in str(cursor.fetchone()[0])


@pytest.fixture
def org_nodes_declared():
    """OrgNode stands in for a counter table here; the helpers write only declared models."""
    written_around_orm(OrgNode)
    yield
    forget(OrgNode)


def test_the_single_row_writes_refuse_a_model_nobody_declared(tree):
    with pytest.raises(ImproperlyConfigured, match="org.OrgNode is written around the ORM"):
        sqlrows.add(OrgNode, {"code": tree.grid_a1_1.code}, {"version": 1})
    with pytest.raises(ImproperlyConfigured, match="org.OrgNode is written around the ORM"):
        sqlrows.insert(OrgNode(code="420606009000", name="未声明", level=Level.STREET))


def test_add_increments_the_matching_rows_and_counts_them(tree, org_nodes_declared):
    account = make_account(tree.grid_a1_1, Role.GRID_WORKER, username="counter_holder")
    assert sqlrows.add(OrgNode, {"code": tree.grid_a1_1.code}, {"version": 2}) == 1
    assert sqlrows.add(OrgNode, {"code": "no-such-code"}, {"version": 1}) == 0
    assert OrgNode.objects.get(pk=tree.grid_a1_1.pk).version == tree.grid_a1_1.version + 2
    assert sqlrows.pluck(RoleGrant, "role", account=account.pk) == [Role.GRID_WORKER]
