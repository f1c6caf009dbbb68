"""The lead paragraph reads like the department's own briefs, whatever the shape of the day."""

import datetime

from grassroots.training.lead import DaySession, chinese_date, compose_lead, part_of_day

DAY = datetime.date(2020, 9, 21)
TITLE = "2020年全区党组织书记读书班"
t = datetime.time


def lead(*sessions):
    return compose_lead(DAY, sessions, class_title=TITLE)


def test_an_opening_day_names_the_mobilisation_speaker_and_the_discussion_that_followed():
    text = lead(
        DaySession("opening", "开班式", t(8, 30), "王建华", "区委常委、组织部部长"),
        DaySession("group_discussion", "分组讨论", t(10, 0)),
    )
    assert text == (
        "9月21日上午，2020年全区党组织书记读书班开班。区委常委、组织部部长王建华"
        "出席开班式并作动员讲话。随后，学员分组进行了讨论。"
    )


def test_an_afternoon_session_starts_with_afternoon_and_the_next_with_then():
    text = lead(
        DaySession("opening", "开班式", t(8, 30), "王建华", "区委常委、组织部部长"),
        DaySession("lecture", "党建引领基层治理", t(14, 30), "李明", "市委党校教授"),
        DaySession("group_discussion", "分组讨论", t(16, 0)),
    )
    assert text == (
        "9月21日上午，2020年全区党组织书记读书班开班。区委常委、组织部部长王建华"
        "出席开班式并作动员讲话。下午，市委党校教授李明作《党建引领基层治理》专题授课。"
        "随后，学员分组进行了讨论。"
    )


def test_a_day_without_an_opening_begins_with_its_first_session():
    text = lead(DaySession("lecture", "网格化管理", t(8, 30), "赵强", "区委党校副校长"))
    assert text == "9月21日上午，区委党校副校长赵强作《网格化管理》专题授课。"


def test_a_day_of_only_lectures_tells_each_in_time_order():
    text = lead(
        DaySession("lecture", "第二课", t(14, 0), "乙", "教授"),
        DaySession("lecture", "第一课", t(8, 30), "甲", "教授"),
        DaySession("lecture", "《第三课》", t(15, 30), "丙", "讲师"),
    )
    assert text == (
        "9月21日上午，教授甲作《第一课》专题授课。下午，教授乙作《第二课》专题授课。"
        "随后，讲师丙作《第三课》专题授课。"
    )


def test_an_evening_discussion_is_told_as_the_evening():
    text = lead(
        DaySession("case_exchange", "小院议事厅", t(14, 30), "孙丽", "社区党委书记"),
        DaySession("evening_discussion", "我为群众办实事", t(19, 30)),
    )
    assert text == (
        "9月21日下午，社区党委书记孙丽围绕“小院议事厅”作案例交流。"
        "晚上，学员围绕“我为群众办实事”开展了夜谈交流。"
    )


def test_several_discussion_groups_at_once_are_one_discussion():
    text = lead(
        DaySession("group_discussion", "第一组", t(14, 30)),
        DaySession("group_discussion", "第二组", t(14, 30)),
    )
    assert text == "9月21日下午，学员分组进行了讨论。"


def test_an_opening_without_a_named_speaker_still_opens_the_class():
    assert lead(DaySession("opening", "开班式", t(9, 0))) == (
        "9月21日上午，2020年全区党组织书记读书班开班。"
    )


def test_a_video_class_counts_its_sub_classrooms_and_a_film_is_named():
    text = lead(
        DaySession("video_class", "全国视频培训", t(9, 0), classrooms=2),
        DaySession("film", "榜样", t(19, 0)),
    )
    assert text == (
        "9月21日上午，学员在主课堂和2个分课堂同步收看了《全国视频培训》视频课。"
        "晚上，学员集中观看了《榜样》。"
    )


def test_sessions_without_a_time_follow_the_timed_ones_without_a_part_of_day():
    text = lead(
        DaySession("group_discussion", "分组讨论"),
        DaySession("lecture", "课", t(9, 0), "甲", "教授"),
    )
    assert text == "9月21日上午，教授甲作《课》专题授课。随后，学员分组进行了讨论。"


def test_a_day_with_nothing_has_no_lead():
    assert lead() == ""


def test_parts_of_the_day_and_chinese_dates():
    assert [part_of_day(t(h, 0)) for h in (8, 11, 12, 17, 18, 21)] == [
        "上午",
        "上午",
        "下午",
        "下午",
        "晚上",
        "晚上",
    ]
    assert part_of_day(None) == ""
    assert chinese_date(datetime.date(2020, 9, 1)) == "2020年9月1日"
    assert chinese_date(datetime.date(2020, 10, 21), year=False) == "10月21日"
