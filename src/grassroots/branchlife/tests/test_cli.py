"""``grassroots branchlife compliance``: the quarter's check by command, as text or JSON."""

import datetime
import json

import pytest

from grassroots.branchlife.models import MeetingKind
from grassroots.branchlife.rules import Quarter
from grassroots.branchlife.testing import make_meeting
from grassroots.cli import main

from .test_compliance import full_quarter

pytestmark = pytest.mark.django_db

Q2 = Quarter(2026, 2)


@pytest.fixture
def held(tree):
    """2026Q2: 清河口第一网格 held everything; 清河口第二网格 missed May's 党小组会."""
    for key, skip in (("grid_a1_1", set()), ("grid_a1_2", {(MeetingKind.GROUP, 5)})):
        for kind, month in sorted(full_quarter(Q2)):
            if (kind, month) not in skip:
                day = datetime.date(2026, month, 12)
                make_meeting(tree.party[key], kind, day, f"{kind}{month}")


def test_the_json_names_each_branch_that_missed_a_meeting(held, capsys):
    status = main(
        ["branchlife", "compliance", "--quarter", "2026Q2", "--org", "清河口社区党委", "--json"]
    )
    assert status == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quarter"] == "2026Q2" and data["complete"] is True
    assert (data["branches"], data["compliant"], data["not_compliant"]) == (2, 1, 1)
    assert data["rate"] == 50.0
    (failing,) = data["not_compliant_branches"]
    assert failing["name"] == "清河口第二网格党支部"
    assert failing["missing"] == [{"kind": "group", "kind_label": "党小组会", "month": 5}]


def test_without_an_org_every_root_is_a_row_and_the_total_sums_them(held, capsys):
    assert main(["branchlife", "compliance", "--quarter", "2026Q2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {row["name"]: row for row in data["by_org"]}
    assert rows["汉江街道大党工委"]["branches"] == 2
    assert rows["王寨街道大党工委"]["branches"] == 1
    assert data["branches"] == 3 and data["compliant"] == 1


def test_the_text_lists_what_is_missing(held, capsys):
    assert main(["branchlife", "compliance", "--quarter", "2026Q2"]) == 0
    out = capsys.readouterr().out
    assert "党支部3个，达标1个，未达标2个，达标率33.3%" in out
    assert "清河口第二网格党支部: 党小组会（5月）" in out


def test_a_bad_quarter_or_an_unknown_org_is_refused_in_chinese(tree, capsys):
    assert main(["branchlife", "compliance", "--quarter", "2026Q7"]) == 1
    assert "季度应写作如2026Q3" in capsys.readouterr().err
    assert main(["branchlife", "compliance", "--org", "没有这个党委"]) == 1
    assert "找不到名为没有这个党委的党组织" in capsys.readouterr().err
