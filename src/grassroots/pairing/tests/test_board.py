"""``grassroots pairing board --json``: each pairing's pledges, closed, overdue, due soon, rate."""

import datetime
import json

import pytest

from grassroots.cli import main
from grassroots.kernel.permissions import Role
from grassroots.pairing.services import add_evidence, close_pledge
from grassroots.pairing.testing import make_pledge, pair, photo

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 6, 1)


@pytest.fixture
def pledges(housing, tree, personas):
    """住建局 ⇄ 清河口: 3 pledges, one closed on 5-20, one overdue, one due in 7 days."""
    closed = make_pledge(housing, "已完成", deadline=datetime.date(2026, 5, 1))
    make_pledge(housing, "已超期", deadline=datetime.date(2026, 5, 31))
    make_pledge(housing, "将到期", deadline=datetime.date(2026, 6, 8))
    evidence = add_evidence(closed, upload=photo())
    close_pledge(
        closed,
        version=1,
        evidence_ids=[evidence.pk],
        actor=personas[Role.COMMUNITY_SECRETARY],
        on=datetime.date(2026, 5, 20),
    )
    other = pair("CGJ", "区城管局", tree.community_b1)
    make_pledge(other, "远期事项", deadline=datetime.date(2026, 6, 9))


def _board(capsys, *args):
    capsys.readouterr()
    assert main(["pairing", "board", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_board_counts_each_pairings_pledges_as_of_a_day(pledges, capsys):
    rows = _board(capsys, "--as-of", AS_OF.isoformat())
    assert rows == [
        {
            "unit_code": "CGJ",
            "community_code": "420606002001",
            "pledges": 1,
            "closed": 0,
            "overdue": 0,
            "due_soon": 0,
            "rate": 0.0,
        },
        {
            "unit_code": "ZJJ",
            "community_code": "420606001001",
            "pledges": 3,
            "closed": 1,
            "overdue": 1,
            "due_soon": 1,
            "rate": 33.3,
        },
    ]


def test_a_pledge_closed_after_the_day_counts_as_open_then(pledges, capsys):
    rows = _board(capsys, "--unit", "ZJJ", "--as-of", "2026-05-10")
    assert [(r["closed"], r["overdue"], r["rate"]) for r in rows] == [(0, 1, 0.0)]


def test_the_rate_rounds_half_up(housing, capsys):
    for n in range(8):
        make_pledge(housing, f"事项{n}", deadline=datetime.date(2026, 12, 31))
    from grassroots.pairing.models import Pledge

    # 1 of 8 closed = 12.5 exactly: half up, one decimal, stays 12.5; 1 of 16 = 6.25 → 6.3
    for n in range(8, 16):
        make_pledge(housing, f"事项{n}", deadline=datetime.date(2026, 12, 31))
    Pledge.objects.filter(text="事项0").update(status="closed", closed_on=datetime.date(2026, 1, 2))
    assert _board(capsys, "--as-of", "2026-06-01")[0]["rate"] == 6.3


def test_an_unknown_unit_is_an_error(pledges, capsys):
    assert main(["pairing", "board", "--unit", "NOPE", "--json"]) == 1
    assert "NOPE" in capsys.readouterr().err


def test_without_json_the_board_is_a_line_per_pairing_in_chinese(pledges, capsys):
    capsys.readouterr()
    assert main(["pairing", "board", "--unit", "ZJJ", "--as-of", AS_OF.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "区住建局（ZJJ） ⇄ 清河口社区（420606001001）" in out
    assert "承诺3 销号1 超期1 7天内到期1 销号率33.3%" in out
