"""``grassroots dualreport feedback``: the workbook and the papers written to a folder."""

import openpyxl
import pytest

from grassroots.cli import main

pytestmark = pytest.mark.django_db


def test_feedback_writes_the_workbook_and_a_paper_per_member_and_says_so(
    quarter,
    tmp_path,
    capsys,
):
    status = main(["dualreport", "feedback", "--quarter", quarter.code, "--out", str(tmp_path)])
    out = capsys.readouterr().out.strip().splitlines()
    assert status == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    assert len(written) == 4 and sum(p.endswith(".docx") for p in written) == 3
    assert f"双报到服务情况-{quarter.code}.xlsx" in written
    assert any(p.startswith("区税务局/张伟-") for p in written)
    assert all(str(tmp_path / p) in out for p in written)
    assert "报到党员3名" in out[-1] and "未参加服务1名" in out[-1] and "写入文件4个" in out[-1]
    book = openpyxl.load_workbook(tmp_path / f"双报到服务情况-{quarter.code}.xlsx")
    assert [r[1] for r in list(book["未参加服务党员"].values)[1:]] == ["李娜"]


def test_feedback_narrowed_to_a_community_of_another_street_finds_nobody(
    quarter,
    tmp_path,
    capsys,
):
    args = ["dualreport", "feedback", "--quarter", quarter.code, "--unit", "420606002001"]
    assert main([*args, "--out", str(tmp_path)]) == 0
    assert "报到党员0名" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == [f"双报到服务情况-春园社区-{quarter.code}.xlsx"]


def test_a_bad_quarter_or_unit_is_told_in_chinese(tree, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["dualreport", "feedback", "--quarter", "2026Q5", "--out", str(tmp_path)])
    assert "季度应写作YYYYQn" in capsys.readouterr().err
    args = [
        "dualreport",
        "feedback",
        "--quarter",
        "2026Q3",
        "--unit",
        "999",
        "--out",
        str(tmp_path),
    ]
    assert main(args) == 1
    assert "找不到编码为999的组织节点" in capsys.readouterr().err
