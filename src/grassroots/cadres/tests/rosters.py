"""Two hand-counted rosters of the fixture tree (testing/personas.py), and what they add up to.

2021, reference date 2021-10-31 (ages in full years on that day):

    清河口社区  王建国 男 51 高中   书记/主任 (一肩挑)   刘芳 女 35 本科 副书记/副主任
                陈明   男 34 大专   委员/—               赵丽 女 26 硕士 —/委员
    前进社区    孙强   男 56 初中   书记/—               周伟 男 45 中专 —/主任
                吴军   男 41 大专   委员/委员
    春园社区    郑红   女 43 本科   书记/主任 (一肩挑)   冯刚 男 22 大专 委员/—

3 units, 9 members; 一肩挑 2 of 3 units = 66.7 %; ages 353/9 = 39.2; 35 and under 4
(35, 34, 26, 22) = 44.4 %; 大专 and above 6 = 66.7 %; women 3 = 33.3 %, none in 前进社区;
cross-appointed 4 (王建国, 刘芳, 吴军, 郑红) = 44.4 %.

2016, reference date 2016-11-30:

    清河口社区  王建国 男 46 高中 书记/—   钱进 男 58 初中 —/主任   李梅 女 56 高中 委员/委员
    前进社区    孙强   男 51 初中 书记/主任   何平 男 53 小学 —/委员
    春园社区    郑红   女 38 大专 书记/—   马超 男 46 高中 —/主任   林涛 男 31 本科 委员/—

8 members; ages 379/8 = 47.375 → 47.4; 35 and under 1 = 12.5 %; 大专 and above 2 = 25.0 %;
women 2 = 25.0 %; 一肩挑 1 of 3 = 33.3 %.

Change 2021 on 2016: members +1; average age 353/9 - 379/8 = -587/72 = -8.15… → -8.2;
35 and under 44.44… - 12.5 = 31.94… → 31.9; 大专 66.66… - 25 = 41.66… → 41.7;
women 33.33… - 25 = 8.33… → 8.3 percentage points.
"""

import datetime

from grassroots.cadres.rows import HEADERS

DATE_2021 = datetime.date(2021, 10, 31)
DATE_2016 = datetime.date(2016, 11, 30)
Q, J, C = "清河口社区", "前进社区", "春园社区"

ROSTER_2021 = [
    [Q, "王建国", "男", "1970-03-15", "", "高中", "书记", "主任"],
    [Q, "刘芳", "女", "1986-10-31", "", "本科", "副书记", "副主任"],
    [Q, "陈明", "男", "1986-11-01", "", "大专", "委员", ""],
    [Q, "赵丽", "女", "1995-01-20", "", "硕士研究生", "", "委员"],
    [J, "孙强", "男", "1965-06-30", "", "初中", "书记", ""],
    [J, "周伟", "男", "1975-12-01", "", "中专", "", "主任"],
    [J, "吴军", "男", "1980-10-30", "", "大专", "委员", "委员"],
    [C, "郑红", "女", "1978-02-28", "", "本科", "书记", "主任"],
    [C, "冯刚", "男", "1999-07-07", "", "大专", "委员", ""],
]
ROSTER_2016 = [
    [Q, "王建国", "男", "1970-03-15", "", "高中", "书记", ""],
    [Q, "钱进", "男", "1958-01-01", "", "初中", "", "主任"],
    [Q, "李梅", "女", "1960-05-05", "", "高中", "委员", "委员"],
    [J, "孙强", "男", "1965-06-30", "", "初中", "书记", "主任"],
    [J, "何平", "男", "1962-12-12", "", "小学", "", "委员"],
    [C, "郑红", "女", "1978-02-28", "", "大专", "书记", ""],
    [C, "马超", "男", "1970-08-08", "", "高中", "", "主任"],
    [C, "林涛", "男", "1985-01-01", "", "本科", "委员", ""],
]

EXPECTED_2021 = {
    "units": 3,
    "members": 9,
    "one_shoulder_units": 2,
    "one_shoulder_rate": 66.7,
    "average_age": 39.2,
    "aged_35_and_under": 4,
    "aged_35_and_under_rate": 44.4,
    "college_or_above": 6,
    "college_or_above_rate": 66.7,
    "women": 3,
    "women_rate": 33.3,
    "units_without_women": ["前进社区"],
    "cross_appointed": 4,
    "cross_appointed_rate": 44.4,
}
EXPECTED_CHANGE = {
    "members": 1,
    "average_age": -8.2,
    "aged_35_and_under_rate": 31.9,
    "college_or_above_rate": 41.7,
    "women_rate": 8.3,
}


def import_both(tmp_path):
    from grassroots.cadres.services import import_roster
    from grassroots.cadres.tests.conftest import write_roster

    import_roster(
        write_roster(tmp_path / "2021.csv", ROSTER_2021), year=2021, reference_date=DATE_2021
    )
    import_roster(
        write_roster(tmp_path / "2016.csv", ROSTER_2016), year=2016, reference_date=DATE_2016
    )


__all__ = ["HEADERS"]
