"""``grassroots wishes summary``: each community's wishes by status, and their value."""

import json

import pytest

from grassroots.cli import main
from grassroots.kernel.permissions import Role
from grassroots.wishes.services import cancel_wish, claim_wish
from grassroots.wishes.testing import wish_in

pytestmark = pytest.mark.django_db


def test_the_summary_counts_each_community_by_status(tree, personas, member_user, capsys):
    wish_in(tree.grid_a1_1, "1")
    claim_wish(wish_in(tree.grid_a1_2, "2"), version=1, actor=member_user)
    cancel_wish(
        wish_in(tree.grid_a1_1, "3"),
        version=1,
        actor=personas[Role.COMMUNITY_SECRETARY],
        reason="重复",
    )
    wish_in(tree.grid_b1_1, "4")
    assert main(["wishes", "summary", "--json"]) == 0
    rows = {row["community"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows[tree.community_a1.code] == {
        "community": tree.community_a1.code,
        "community_name": "清河口社区",
        "open": 1,
        "claimed": 1,
        "fulfilled": 0,
        "confirmed": 0,
        "cancelled": 1,
        "value": "300.00",
    }
    assert main(["wishes", "summary", "--unit", tree.street_b.code, "--json"]) == 0
    only = json.loads(capsys.readouterr().out)
    assert [row["community"] for row in only] == [tree.community_b1.code]


def test_an_unknown_unit_is_a_clear_error(capsys):
    assert main(["wishes", "summary", "--unit", "NOPE"]) == 1
    assert "没有编码为NOPE的单位" in capsys.readouterr().err
