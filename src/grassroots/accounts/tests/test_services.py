"""Creating accounts and granting roles: checked, atomic and audited."""

import pytest
from django.core.exceptions import ValidationError

from grassroots.accounts import services
from grassroots.accounts.models import Account
from grassroots.accounts.tests.conftest import events
from grassroots.audit.models import Action
from grassroots.kernel.permissions import Role


def test_an_account_is_created_with_its_unit_roles_and_a_forced_password_change(tree, personas):
    actor = personas[Role.DISTRICT_ADMIN]
    account = services.create_account(
        username="liu",
        password="Liu-pass-2026",
        org_node=tree.community_a1,
        roles=[Role.COMMUNITY_SECRETARY],
        actor=actor,
        display_name="刘洋",
    )
    assert account.must_change_password and account.check_password("Liu-pass-2026")
    assert account.role_codes == (Role.COMMUNITY_SECRETARY,)
    (created,) = events(Action.ACCOUNT_CREATED)
    assert created.actor_id == actor.pk and created.node_id == tree.community_a1.pk
    (roles,) = events(Action.ROLE_CHANGED)
    assert roles.detail["from"] == [] and roles.detail["to"] == [Role.COMMUNITY_SECRETARY]


@pytest.mark.parametrize("password", ["short1A", "alllowercase", "12345678", "ABCD-EFGH"])
def test_an_account_with_a_weak_password_is_not_created(db, password):
    with pytest.raises(ValidationError):
        services.create_account(username="weak", password=password)
    assert not Account.objects.filter(username="weak").exists()
    assert not events()


def test_eight_characters_of_three_kinds_are_enough(db):
    assert services.create_account(username="edge", password="Ab345678").check_password("Ab345678")


def test_a_taken_name_is_refused_in_chinese(personas):
    with pytest.raises(ValidationError) as exc:
        services.create_account(
            username=personas[Role.RESIDENT].username, password="Other-pass-2026"
        )
    assert exc.value.messages == [f"账号“{personas[Role.RESIDENT].username}”已存在。"]


def test_a_blank_name_is_refused(db):
    with pytest.raises(ValidationError, match="账号名不能为空"):
        services.create_account(username="  ", password="Other-pass-2026")


def test_granting_a_role_records_from_and_to(personas):
    account = personas[Role.GRID_WORKER]
    services.grant_role(account, Role.PARTY_MEMBER, actor=personas[Role.DISTRICT_ADMIN])
    assert set(account.role_codes) == {Role.GRID_WORKER, Role.PARTY_MEMBER}
    (changed,) = events(Action.ROLE_CHANGED)
    assert changed.detail["from"] == [Role.GRID_WORKER]
    assert changed.detail["to"] == sorted([Role.GRID_WORKER, Role.PARTY_MEMBER])


def test_setting_the_same_roles_again_records_nothing(personas):
    account = personas[Role.GRID_WORKER]
    services.set_roles(account, [Role.GRID_WORKER], actor=None)
    assert not events(Action.ROLE_CHANGED)


def test_an_unknown_role_is_refused(personas):
    with pytest.raises(ValueError):
        services.set_roles(personas[Role.GRID_WORKER], ["emperor"], actor=None)
