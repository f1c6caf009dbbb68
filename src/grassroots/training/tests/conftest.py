"""A reading class like the district's real one, loaded through the JSON loader."""

from __future__ import annotations

import copy
import json

import pytest

CLASS_JSON = {
    "title": "2020年全区党组织书记读书班",
    "organizer": "中共樊城区委组织部",
    "start_date": "2020-09-21",
    "end_date": "2020-09-23",
    "required_hours": 6,
    "sessions": [
        {
            "kind": "opening",
            "title": "开班式",
            "date": "2020-09-21",
            "start": "08:30",
            "speaker": "王建华",
            "speaker_post": "区委常委、组织部部长",
            "hours": 0.5,
        },
        {
            "kind": "lecture",
            "title": "党建引领基层治理的实践与思考",
            "date": "2020-09-21",
            "start": "09:30",
            "speaker": "李明",
            "speaker_post": "市委党校教授",
            "hours": 3,
        },
        {
            "kind": "group_discussion",
            "title": "分组讨论",
            "date": "2020-09-21",
            "start": "14:30",
            "hours": 2.5,
            "speeches": [
                {
                    "speaker": "张三",
                    "post": "樊城区米公街道党工委书记",
                    "text": (
                        "通过学习，我深受启发。\n\n一是要把党组织建在网格上。\n二是要用好下沉党员。"
                    ),
                },
                {"speaker": "李四", "post": "清河口社区党委书记", "text": "我谈三点体会。"},
                {"speaker": "王五", "post": "", "text": "  要坚持小事不出网格。  "},
            ],
        },
        {
            "kind": "lecture",
            "title": "网格化管理",
            "date": "2020-09-22",
            "start": "08:30",
            "speaker": "赵强",
            "speaker_post": "区委党校副校长",
            "hours": 3,
        },
        {
            "kind": "evening_discussion",
            "title": "我为群众办实事",
            "date": "2020-09-22",
            "start": "19:30",
            "hours": 1,
            "speeches": [{"speaker": "钱七", "post": "春园社区党委书记", "text": "夜谈发言。"}],
        },
        {
            "kind": "video_class",
            "title": "全国社区党组织书记视频培训",
            "date": "2020-09-23",
            "start": "09:00",
            "hours": 3,
            "classrooms": ["市委党校分课堂", "区委党校分课堂"],
        },
    ],
}


@pytest.fixture
def class_data():
    return copy.deepcopy(CLASS_JSON)


@pytest.fixture
def class_file(tmp_path, class_data):
    def write(data=None, *, raw=None):
        path = tmp_path / "class.json"
        if raw is not None:
            path.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
        else:
            path.write_text(
                json.dumps(class_data if data is None else data, ensure_ascii=False),
                encoding="utf-8",
            )
        return path

    return write


@pytest.fixture
def reading_class(tree, class_data):
    from grassroots.training.loading import parse_class
    from grassroots.training.services import create_class

    spec, _ = parse_class(class_data)
    return create_class(spec=spec, node=tree.district)


@pytest.fixture
def participants(tree, reading_class):
    """Two enrolled participants with accounts: 张建国 (street A) and 李秀英 (street B)."""
    from grassroots.kernel.permissions import Role
    from grassroots.testing.personas import make_account
    from grassroots.training.services import enrol

    accounts = {}
    for key, post in (("grid_a1_1", "清河口第一网格党支部书记"), ("grid_b1_1", "春园社区党委书记")):
        person = tree.people[key]
        enrol(
            training_class=reading_class, person=person, post=post, group_name="第一组", actor=None
        )
        accounts[key] = make_account(
            person.org_node, Role.PARTY_MEMBER, username=f"learner_{key}", person=person
        )
    return accounts
