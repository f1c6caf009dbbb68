"""The composition report: the figures of the hand-counted rosters (see rosters.py), the
comparison, the text an organisation department publishes, the warnings, and scope."""

import datetime
import json

import pytest

from grassroots.cadres.models import CadreMember, Term
from grassroots.cadres.selectors import term_report
from grassroots.cadres.services import RosterChangeError, import_roster, record_departure
from grassroots.cadres.tests.rosters import (
    DATE_2021,
    EXPECTED_2021,
    EXPECTED_CHANGE,
    ROSTER_2021,
    import_both,
)
from grassroots.cadres.text import report_text
from grassroots.cli import main

pytestmark = pytest.mark.django_db

KEYS = [
    "units",
    "members",
    "one_shoulder_units",
    "one_shoulder_rate",
    "average_age",
    "aged_35_and_under",
    "aged_35_and_under_rate",
    "college_or_above",
    "college_or_above_rate",
    "women",
    "women_rate",
    "units_without_women",
    "cross_appointed",
    "cross_appointed_rate",
]
CHANGE_KEYS = [
    "members",
    "average_age",
    "aged_35_and_under_rate",
    "college_or_above_rate",
    "women_rate",
]


def run_report(capsys, *args):
    status = main(["cadres", "report", *args])
    out = capsys.readouterr().out
    assert status == 0
    return out


def test_the_json_report_has_exactly_the_published_keys_and_hand_counted_figures(
    tree, tmp_path, capsys
):
    import_both(tmp_path)
    data = json.loads(run_report(capsys, "--term", "2021", "--json"))
    assert list(data) == KEYS
    assert data == EXPECTED_2021


def test_compare_adds_a_change_object_computed_from_unrounded_figures(tree, tmp_path, capsys):
    import_both(tmp_path)
    data = json.loads(run_report(capsys, "--term", "2021", "--compare", "2016", "--json"))
    assert list(data) == [*KEYS, "change"]
    assert list(data["change"]) == CHANGE_KEYS
    assert data["change"] == EXPECTED_CHANGE


def test_the_last_term_on_its_own_reference_date(tree, tmp_path, capsys):
    import_both(tmp_path)
    data = json.loads(run_report(capsys, "--term", "2016", "--json"))
    assert (
        data["members"],
        data["average_age"],
        data["aged_35_and_under_rate"],
        data["college_or_above_rate"],
        data["women_rate"],
        data["one_shoulder_rate"],
    ) == (8, 47.4, 12.5, 25.0, 25.0, 33.3)


def test_unit_narrows_the_report_to_a_subtree(tree, tmp_path, capsys):
    import_both(tmp_path)
    data = json.loads(run_report(capsys, "--term", "2021", "--unit", tree.street_a.code, "--json"))
    # 清河口社区 and 前进社区: 7 members aged 51, 35, 34, 26, 56, 45, 41 → 288/7 = 41.14…
    assert (data["units"], data["members"], data["average_age"]) == (2, 7, 41.1)
    assert (data["women"], data["women_rate"]) == (2, 28.6)  # 2/7 = 28.57…
    assert data["one_shoulder_units"] == 1 and data["one_shoulder_rate"] == 50.0


def test_the_text_report_reads_like_the_published_one(tree, tmp_path, capsys):
    import_both(tmp_path)
    text = run_report(capsys, "--term", "2021", "--compare", "2016")
    assert '共选出村(社区)"两委"成员9名，比上届增加1名' in text
    assert "平均年龄39.2岁，比上届下降8.2岁" in text
    assert "35岁以下的4名，占44.4%，比上届提高31.9个百分点" in text
    assert "大专及以上学历的6名，占66.7%，比上届提高41.7个百分点" in text
    assert "女性成员3名，占33.3%，比上届提高8.3个百分点" in text
    assert "书记、主任“一肩挑”的村(社区)2个，占66.7%" in text
    assert "交叉任职的4名，占44.4%" in text
    assert "1个村(社区)“两委”班子中没有女性成员：前进社区" in text


def test_warnings_name_the_units_and_members_a_department_must_look_at(tree, roster_file):
    rows = [
        ["清河口社区", "王建国", "男", "1958-03-15", "", "高中", "书记", ""],
        ["清河口社区", "王建国", "男", "1958-03-15", "", "高中", "委员", ""],
        ["清河口社区", "刘芳", "女", "1986-10-31", "", "本科", "", "委员"],
        ["春园社区", "郑红", "女", "1978-02-28", "", "本科", "", "主任"],
    ]
    import_roster(roster_file(rows), year=2021, reference_date=DATE_2021)
    report = term_report(None, Term.objects.get(), limit=60)
    messages = [w.message for w in report.warnings]
    assert messages == [
        "1个村(社区)未配备党组织书记：春园社区",
        "1个村(社区)未配备村(居)委会主任：清河口社区",
        "1人在同一委员会中担任两个职务：王建国（清河口社区）在党组织中同时担任书记、委员",
        "1名成员年龄超过60周岁：王建国（清河口社区，63岁）",
    ]
    text = report_text(report)
    assert "需要关注的问题：" in text and "4. 1名成员年龄超过60周岁" in text
    # The same person on two rows is one member holding two posts.
    assert report.summary["members"] == 3


def test_the_age_limit_is_configurable(tree, roster_file, capsys):
    import_roster(roster_file(ROSTER_2021), year=2021, reference_date=DATE_2021)
    assert "年龄超过" not in run_report(capsys, "--term", "2021")
    text = run_report(capsys, "--term", "2021", "--age-limit", "50")
    assert "2名成员年龄超过50周岁：王建国（清河口社区，51岁）、孙强（前进社区，56岁）" in text


def test_a_resignation_during_the_term_leaves_the_reference_date_report_as_it_was(
    tree, roster_file, capsys
):
    import_roster(roster_file(ROSTER_2021), year=2021, reference_date=DATE_2021)
    woman = CadreMember.objects.get(name="赵丽")
    record_departure(woman, on=datetime.date(2022, 3, 1), reason="辞职", actor=None)
    before = json.loads(run_report(capsys, "--term", "2021", "--json"))
    assert before == EXPECTED_2021
    after = json.loads(run_report(capsys, "--term", "2021", "--as-of", "2022-03-01", "--json"))
    assert (after["members"], after["women"]) == (8, 2)
    # As of 2022-03-01 ages move on too: 王建国 51, 刘芳 35, 陈明 35, 孙强 56, 周伟 46,
    # 吴军 41, 郑红 44, 冯刚 22 → 330/8 = 41.25 → 41.3 (half up).
    assert after["average_age"] == 41.3


def test_a_change_on_or_before_the_reference_date_is_refused(tree, roster_file):
    import_roster(roster_file(ROSTER_2021), year=2021, reference_date=DATE_2021)
    with pytest.raises(RosterChangeError, match="应晚于本届统计基准日2021-10-31"):
        record_departure(
            CadreMember.objects.get(name="赵丽"), on=DATE_2021, reason="辞职", actor=None
        )


def test_an_unknown_term_or_unit_is_a_clear_error(tree, capsys):
    assert main(["cadres", "report", "--term", "2021"]) == 1
    assert "没有2021年换届的名册" in capsys.readouterr().err
    Term.objects.create(year=2021, reference_date=DATE_2021)
    assert main(["cadres", "report", "--term", "2021", "--unit", "999"]) == 1
    assert "找不到编码为999的组织节点" in capsys.readouterr().err


def test_a_report_as_of_a_later_day_speaks_of_the_members_in_office_then(tree, roster_file, capsys):
    import_roster(roster_file(ROSTER_2021), year=2021, reference_date=DATE_2021)
    text = run_report(capsys, "--term", "2021", "--as-of", "2022-03-01")
    assert '截至2022年3月1日，全区3个村(社区)2021年换届的村(社区)"两委"在任成员9名' in text
