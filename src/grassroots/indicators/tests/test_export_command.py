"""``grassroots indicators export``: a unit's scorecard written to .xlsx or .docx."""

import datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from grassroots.audit.models import AuditEvent
from grassroots.cli import main
from grassroots.indicators.models import CriminalCaseCount
from grassroots.indicators.periods import parse_period
from grassroots.indicators.services import roll_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def november(tree):
    CriminalCaseCount.objects.create(
        community=tree.community_a1, month=datetime.date(2026, 11, 1), cases=1
    )
    roll_up(parse_period("2026-11"))


def export(capsys, *args):
    status = main(["indicators", "export", *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_the_command_writes_a_workbook_of_the_units_indicators(november, tmp_path, capsys):
    target = tmp_path / "street.xlsx"
    status, out, _ = export(capsys, "--unit", "420606001000", "--period", "2026-11", str(target))
    assert status == 0 and "street.xlsx" in out
    book = load_workbook(target)
    names = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "万人刑事案件发案率" in names
    # A street's second sheet is its communities.
    codes = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert codes == ["420606001001", "420606001002"]
    assert AuditEvent.objects.filter(action="indicators_exported").count() == 1


def test_the_command_writes_the_monthly_meeting_report(november, tmp_path, capsys):
    target = tmp_path / "report.docx"
    status, _, _ = export(capsys, "--unit", "420606000000", "--period", "2026-11", str(target))
    assert status == 0
    texts = [p.text for p in Document(str(target)).paragraphs]
    assert texts[0] == "樊城区2026-11考核指标情况"
    assert "三、各街道（乡镇）" in texts and "四、各社区（村）" in texts


@pytest.mark.parametrize(
    "args,message",
    [
        (["--unit", "420606000000", "--period", "2026-11", "out.pdf"], "请以 .xlsx 或 .docx 结尾"),
        (["--unit", "999", "--period", "2026-11", "out.xlsx"], "找不到编码为999的组织节点"),
        (["--unit", "420606000000", "--period", "2026-13", "out.xlsx"], "无法识别"),
        (["--unit", "420606000000", "--period", "2024-01", "out.xlsx"], "尚未汇总"),
    ],
)
def test_bad_input_is_a_clear_message_and_no_file(
    november, tmp_path, capsys, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    status, _, err = export(capsys, *args)
    assert status == 1 and message in err
    assert not list(tmp_path.iterdir())
