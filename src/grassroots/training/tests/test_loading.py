"""grassroots training load FILE.json: a good file makes a class and prints its id last; any bad
field is named, and nothing at all is created."""

import pytest

from grassroots.cli import main
from grassroots.training.models import Classroom, Session, Speech, TrainingClass

pytestmark = pytest.mark.django_db


def load(path, capsys, *extra):
    status = main(["training", "load", str(path), *extra])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_good_file_creates_the_class_and_prints_its_id_on_the_last_line(tree, class_file, capsys):
    status, out, err = load(class_file(), capsys)
    assert status == 0, err
    training_class = TrainingClass.objects.get()
    assert out.strip().splitlines()[-1] == str(training_class.pk)
    assert training_class.org_node == tree.district
    assert training_class.title == "2020年全区党组织书记读书班"
    assert [s.kind for s in training_class.sessions.all()] == [
        "opening",
        "lecture",
        "group_discussion",
        "lecture",
        "evening_discussion",
        "video_class",
    ]
    discussion = training_class.sessions.get(kind="group_discussion")
    assert [s.speaker for s in discussion.speeches.all()] == ["张三", "李四", "王五"]
    video = training_class.sessions.get(kind="video_class")
    assert [(c.name, c.is_main) for c in video.classrooms.all()] == [
        ("主课堂", True),
        ("市委党校分课堂", False),
        ("区委党校分课堂", False),
    ]


def test_the_class_can_be_placed_on_another_org_node(tree, class_file, capsys):
    status, _, err = load(class_file(), capsys, "--node", tree.street_a.code)
    assert status == 0, err
    assert TrainingClass.objects.get().org_node == tree.street_a


def test_unknown_fields_are_reported_but_do_not_stop_the_load(tree, class_file, class_data, capsys):
    class_data["sessions"][0]["room"] = "三楼"
    status, out, err = load(class_file(class_data), capsys)
    assert status == 0
    assert "sessions[0].room" in err


def _nothing_created():
    return not (
        TrainingClass.objects.exists()
        or Session.objects.exists()
        or Speech.objects.exists()
        or Classroom.objects.exists()
    )


@pytest.mark.parametrize(
    "raw, expected",
    [
        ('{"title": "班", "organizer": ', "JSON 格式错误：第1行"),
        ("[1, 2]", "顶层应为一个 JSON 对象"),
        (b"\xff\xfe\x00{", "不是 UTF-8"),
    ],
)
def test_a_file_that_is_not_a_json_object_is_refused_with_a_reason(
    tree, class_file, capsys, raw, expected
):
    status, out, err = load(class_file(raw=raw), capsys)
    assert status == 1
    assert expected in err
    assert "未创建任何数据" in err
    assert _nothing_created()


def _break(data, where, key, value):
    target = data
    for step in where:
        target = target[step]
    if value is KeyError:
        del target[key]
    else:
        target[key] = value
    return data


BAD_FIELDS = [
    ((), "title", KeyError, "title: 缺少此字段"),
    ((), "title", "   ", "title: 不能为空"),
    ((), "organizer", 12, "organizer: 应为文字"),
    ((), "start_date", "2020/09/21", "start_date: 应为 YYYY-MM-DD"),
    ((), "end_date", "2020-09-20", "end_date: 结业日期早于开班日期"),
    ((), "required_hours", -1, "required_hours: 应为不小于0的学时数"),
    ((), "sessions", {"kind": "lecture"}, "sessions: 应为课程的列表"),
    (("sessions", 1), "kind", "speech", "sessions[1].kind: 应为以下之一"),
    (("sessions", 1), "date", "2020-10-01", "sessions[1].date: 2020-10-01 不在开班日期"),
    (("sessions", 1), "date", KeyError, "sessions[1].date: 缺少此字段"),
    (("sessions", 1), "title", KeyError, "sessions[1].title: 缺少此字段"),
    (("sessions", 1), "start", "9点半", "sessions[1].start: 应为 HH:MM 格式的时间"),
    (("sessions", 1), "start", "25:00", "sessions[1].start: 应为 HH:MM"),
    (("sessions", 1), "hours", "三", "sessions[1].hours: 应为不小于0的学时数"),
    (("sessions", 1), "classrooms", ["分课堂"], "sessions[1].classrooms: 只有视频课"),
    (("sessions", 2), "speeches", "张三发言", "sessions[2].speeches: 应为发言的列表"),
    (("sessions", 2, "speeches", 1), "text", "", "sessions[2].speeches[1].text: 不能为空"),
    (
        ("sessions", 2, "speeches", 0),
        "speaker",
        KeyError,
        "sessions[2].speeches[0].speaker: 缺少此字段",
    ),
    (("sessions", 2, "speeches", 0), "post", ["书记"], "sessions[2].speeches[0].post: 应为文字"),
]


@pytest.mark.parametrize(
    "where, key, value, expected",
    BAD_FIELDS,
    ids=[f"{'.'.join(map(str, w))}.{k}" for w, k, _, _ in BAD_FIELDS],
)
def test_a_bad_field_is_named_and_nothing_is_created(
    tree, class_file, class_data, capsys, where, key, value, expected
):
    status, out, err = load(class_file(_break(class_data, where, key, value)), capsys)
    assert status == 1
    assert expected in err, err
    assert _nothing_created()


def test_every_bad_field_is_listed_at_once(tree, class_file, class_data, capsys):
    class_data["sessions"][0]["kind"] = "party"
    class_data["sessions"][3]["start"] = "8:3"
    class_data["sessions"][5] = "视频课"
    status, out, err = load(class_file(class_data), capsys)
    assert status == 1
    assert "sessions[0].kind" in err and "sessions[3].start" in err
    assert "sessions[5]: 应为课程对象" in err
    assert _nothing_created()


def test_a_missing_file_is_a_clear_error(tree, tmp_path, capsys):
    status, out, err = load(tmp_path / "none.json", capsys)
    assert status == 1 and "无法读取文件" in err


def test_without_a_single_root_the_organiser_node_must_be_given(db, class_file, capsys):
    status, out, err = load(class_file(), capsys)
    assert status == 1 and "--node" in err
    assert _nothing_created()
