"""``grassroots surveys draw|show|answers``: the import names every bad row and column and
writes nothing; ``show`` prints the rates with n and the interval."""

import json

import pytest

from grassroots.cli import main
from grassroots.surveys.models import Answer, Outcome

pytestmark = pytest.mark.django_db

HEADER = "网格编码,小区,楼栋,单元,房号,问题,回答"


def write(tmp_path, lines, encoding="utf-8"):
    path = tmp_path / "answers.csv"
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode(encoding))
    return str(path)


def address_of(sampled):
    room = sampled.household.room
    building = room.building
    return f"{sampled.grid.code},{building.estate.name},{building.name},{room.unit},{room.number}"


def not_sampled(survey, registry):
    drawn = set(survey.sample.values_list("household_id", flat=True))
    household = next(h for h in registry["a1_1"] if h.pk not in drawn)
    room = household.room
    return f"{household.grid.code},{room.building.estate.name},1栋,1单元,{room.number}"


def run(capsys, *args):
    status = main(["surveys", *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_gbk_file_of_answers_is_imported_by_question_number_or_text(running, tmp_path, capsys):
    first, second = running.sample.order_by("pk")[:2]
    lines = [
        f"{address_of(first)},1,非常满意",
        f"{address_of(first)},2,安全",
        f"{address_of(second)},您对本社区的工作总体满意吗？,不满意",
        f"{address_of(second)},您在本社区生活感到安全吗,比较安全",
    ]
    status, out, err = run(capsys, "answers", str(running.pk), write(tmp_path, lines, "gbk"))
    assert (status, err) == (0, "")
    assert "2户" in out
    first.refresh_from_db()
    assert (first.outcome, first.channel) == (Outcome.ANSWERED, "import")
    assert Answer.objects.filter(sampled=second, choice="不满意", favourable=False).exists()


def test_every_bad_row_is_named_with_its_column_and_nothing_is_written(
    running, registry, tmp_path, capsys
):
    first, second = running.sample.order_by("pk")[:2]
    lines = [
        f"{address_of(first)},1,满意",  # row 2: fine
        f"{address_of(first)},2,还行",  # row 3: off the scale
        "420606001001001,清河小区,9栋,1单元,999,1,满意",  # row 4: no such household
        f"{not_sampled(running, registry)},1,满意",  # row 5: not in the sample
        f"{address_of(second)},第三题,满意",  # row 6: unknown question
    ]
    status, _, err = run(capsys, "answers", str(running.pk), write(tmp_path, lines))
    assert status == 1
    assert "第3行 回答: 回答应为安全、比较安全、不太安全、不安全之一" in err
    assert "第4行 房号: 登记中没有这一户" in err
    assert "第5行 房号: 该户不在本次测评的样本中" in err
    assert "第6行 问题: 没有这个问题" in err
    assert "未写入任何数据" in err
    assert not Answer.objects.exists()
    first.refresh_from_db()
    assert first.outcome == Outcome.PENDING


def test_a_household_missing_a_question_is_named_at_its_first_row(running, tmp_path, capsys):
    first = running.sample.order_by("pk").first()
    status, _, err = run(
        capsys, "answers", str(running.pk), write(tmp_path, [f"{address_of(first)},1,满意"])
    )
    assert status == 1
    assert "第2行 问题: 该户缺少第2题的回答" in err


def test_answers_to_a_draft_survey_are_refused_in_one_line(survey, tmp_path, capsys):
    status, _, err = run(capsys, "answers", str(survey.pk), write(tmp_path, ["x,x,x,x,x,1,满意"]))
    assert status == 1 and "测评未开始或已结束" in err


def test_draw_then_show_prints_the_rates_with_n_and_the_interval(survey, capsys):
    status, out, _ = run(capsys, "draw", str(survey.pk))
    assert status == 0 and "样本28户" in out
    status, _, err = run(capsys, "draw", "99999")
    assert status == 1 and "没有编号为99999的测评" in err
    from grassroots.surveys.services import start_survey
    from grassroots.surveys.testing import answer_all

    start_survey(survey)
    for sampled in survey.sample.order_by("pk")[:4]:
        answer_all(sampled, "满意", "安全")
    status, out, _ = run(capsys, "show", str(survey.pk))
    assert "群众满意度: 100.0%（n=4，95%置信区间" in out
    status, out, _ = run(capsys, "show", str(survey.pk), "--json")
    data = json.loads(out)
    assert data["answered"] == 4 and data["sampled"] == 28
    satisfaction = data["rates"][0]
    assert satisfaction["indicator"] == "satisfaction_rate"
    assert (satisfaction["sample_size"], satisfaction["value"]) == (4, 100.0)
    assert satisfaction["interval_low"] < 100.0 == satisfaction["interval_high"]


def test_redrawing_a_running_survey_by_command_is_refused(running, capsys):
    status, _, err = run(capsys, "draw", str(running.pk))
    assert status == 1 and "不能重新抽样" in err
