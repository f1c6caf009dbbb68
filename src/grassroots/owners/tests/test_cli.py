"""The commands: owners import, votes open / ballots / tally --json / close."""

import json

import pytest

from grassroots.cli import main
from grassroots.owners.models import Ballot, Owner, Vote
from grassroots.owners.services.importing import BALLOT_HEADERS, OWNER_HEADERS

from .conftest import ESTATE_ROWS, GRID, write_csv

pytestmark = pytest.mark.django_db


def test_owners_import_reports_and_a_second_run_changes_nothing(estate_rooms, tmp_path, capsys):
    path = write_csv(tmp_path / "owners.csv", OWNER_HEADERS, ESTATE_ROWS)
    assert main(["owners", "import", str(path)]) == 0
    assert "新增6" in capsys.readouterr().out
    assert main(["owners", "import", str(path)]) == 0
    assert "未变6" in capsys.readouterr().out
    assert Owner.objects.count() == 5


def test_owners_import_with_errors_lists_them_and_exits_1(estate_rooms, tmp_path, capsys):
    rows = [(GRID, "翠湖小区", "1号楼", "1单元", "101", "abc", "张伟", "", "个人")]
    path = write_csv(tmp_path / "bad.csv", OWNER_HEADERS, rows)
    assert main(["owners", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第2行 专有部分面积:" in err
    assert "第2行 证件号码:" in err
    assert "未写入任何数据" in err
    assert Owner.objects.count() == 0


def _open(capsys, *extra):
    status = main(
        ["votes", "open", "--grid", GRID, "--estate", "翠湖小区", "--title", "续聘物业", *extra]
    )
    assert status == 0
    return int(capsys.readouterr().out.strip().splitlines()[-1])


def test_votes_open_prints_the_id_and_limits_to_buildings(estate, capsys):
    vote = Vote.objects.get(pk=_open(capsys, "--matter", "major", "--buildings", "1号楼"))
    assert vote.kind == "major"
    assert [b.name for b in vote.buildings.all()] == ["1号楼"]


def test_votes_open_in_an_unknown_estate_says_so(estate, capsys):
    status = main(
        [
            "votes",
            "open",
            "--grid",
            GRID,
            "--estate",
            "无此小区",
            "--title",
            "T",
            "--matter",
            "major",
        ]
    )
    assert status == 1
    assert "无此小区" in capsys.readouterr().err


def test_ballots_then_tally_json(estate, tmp_path, capsys):
    vote_id = _open(capsys, "--matter", "ordinary")
    rows = [
        ("1号楼", "1单元", "101", "同意"),
        ("1号楼", "1单元", "102", "反对"),
        ("1号楼", "1单元", "103", "同意"),  # 王芳 again: replaces her 反对 for both rooms
        ("2号楼", "1单元", "201", "弃权"),
    ]
    path = write_csv(tmp_path / "ballots.csv", BALLOT_HEADERS, rows)
    assert main(["votes", "ballots", str(vote_id), str(path)]) == 0
    capsys.readouterr()
    assert main(["votes", "tally", str(vote_id), "--json"]) == 0
    text = capsys.readouterr().out
    figures = json.loads(text)
    assert figures["rooms"] == 6 and figures["owners"] == 4
    assert figures["voted_owners"] == 3
    assert figures["area_total"] == 644.75
    assert figures["voted_area"] == 569.75
    assert figures["agree_owners"] == 2 and figures["agree_area"] == 309.75
    assert figures["quorum"] is True  # 3 of 4 heads, 569.75 of 644.75
    assert figures["passed"] is True
    assert '"area_total": 644.75' in text and '"voted_area": 569.75' in text
    # Areas always carry two decimals.
    assert '"agree_area": 309.75' in text
    # The same file again changes nothing.
    count = Ballot.objects.count()
    assert main(["votes", "ballots", str(vote_id), str(path)]) == 0
    assert Ballot.objects.count() == count


def test_area_figures_are_written_with_two_decimals(estate, tmp_path, capsys):
    vote_id = _open(capsys, "--matter", "ordinary")
    path = write_csv(tmp_path / "b.csv", BALLOT_HEADERS, [("2号楼", "1单元", "202", "同意")])
    main(["votes", "ballots", str(vote_id), str(path)])
    capsys.readouterr()
    main(["votes", "tally", str(vote_id), "--json"])
    text = capsys.readouterr().out
    assert '"voted_area": 260.00' in text
    assert '"passed": false' in text


def test_ballots_with_errors_write_nothing(estate, tmp_path, capsys):
    vote_id = _open(capsys, "--matter", "ordinary")
    rows = [
        ("1号楼", "1单元", "101", "同意"),
        ("1号楼", "1单元", "109", "同意"),
        ("2号楼", "1单元", "201", "赞成"),
    ]
    path = write_csv(tmp_path / "bad.csv", BALLOT_HEADERS, rows, encoding="gbk")
    assert main(["votes", "ballots", str(vote_id), str(path)]) == 1
    err = capsys.readouterr().err
    assert "第3行 房号:" in err and "第4行 表决意见:" in err
    assert Ballot.objects.count() == 0


def test_votes_close_closes_and_a_closed_vote_takes_no_ballots(estate, tmp_path, capsys):
    vote_id = _open(capsys, "--matter", "ordinary")
    assert main(["votes", "close", str(vote_id)]) == 0
    assert "未通过" in capsys.readouterr().out
    path = write_csv(tmp_path / "late.csv", BALLOT_HEADERS, [("1号楼", "1单元", "101", "同意")])
    assert main(["votes", "ballots", str(vote_id), str(path)]) == 1
    assert "不在表决期内" in capsys.readouterr().err
