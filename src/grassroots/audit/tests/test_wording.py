"""The audit log reads in Chinese: the details' keys and coded values, and the objects, as the
modules that record them declare (``Plugin.audit_details``, ``audit_targets``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

import grassroots
from grassroots.audit.models import Action, action_labels
from grassroots.audit.services import record
from grassroots.audit.wording import detail_lines, value_names, wording
from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import installed_plugins, load

PACKAGE = Path(grassroots.__file__).parent
# audit_event's own arguments, stored in columns rather than in the details.
COLUMNS = {"actor", "request", "outcome", "username", "target", "node"}


def _lines(action, **detail):
    return [(line.label, line.text) for line in detail_lines(action, detail)]


def test_a_sweep_visit_names_its_outcome_in_chinese():
    lines = _lines(Action.SWEEP_VISIT_RECORDED, outcome="no_answer", hazards=0, room_id=7)
    assert lines == [("走访结果", "无人在家"), ("发现隐患", "0"), ("房屋编号", "7")]
    assert _lines(Action.SWEEP_VISIT_RECORDED, outcome="met") == [("走访结果", "已入户")]


def test_a_change_reads_before_and_after_and_a_list_item_by_item():
    assert _lines(Action.ROOM_CHANGED, use=["rented", "group_rental"]) == [
        ("房屋用途", "出租 → 群租房")
    ]
    assert _lines(Action.ROLE_CHANGED, **{"from": ["grid_worker"], "to": []}) == [
        ("原角色", "网格员"),
        ("新角色", "—"),
    ]
    fields = dict(_lines(Action.PERSONAL_DATA_VIEWED, fields=["id_number", "phone"]))
    assert "id_number" not in fields["字段"] and "phone" not in fields["字段"]


def test_the_same_key_of_two_modules_reads_by_the_action_that_recorded_it():
    wish = dict(_lines("wish_changed", status=["open", "claimed"]))
    hazard = dict(_lines(Action.HAZARD_CHANGED, status=["open", "rectified"]))
    assert wish["状态"] != hazard["状态"]
    assert "open" not in wish["状态"] + hazard["状态"]


def test_the_words_follow_the_page_s_language():
    with translation.override("en"):
        assert _lines(Action.SWEEP_VISIT_RECORDED, outcome="no_answer") == [
            ("Outcome", "Nobody at home")
        ]


def test_the_audit_page_shows_words_and_names_not_codes(client, personas, tree):
    worker, admin = personas[Role.GRID_WORKER], personas[Role.DISTRICT_ADMIN]
    record(Action.SWEEP_VISIT_RECORDED, actor=worker, target="1栋101", visit_outcome="no_answer")
    # Earlier visits were recorded with the outcome in the record's own 结果 column.
    record(Action.SWEEP_VISIT_RECORDED, actor=worker, target="1栋102", outcome="met")
    record(Action.ROLE_CHANGED, actor=admin, target=f"account:{worker.pk}", to=["grid_worker"])
    client.force_login(admin)
    html = client.get("/audit/").content.decode()
    text = re.sub(r"<[^>]+>", " ", html[html.index("<tbody") :])
    assert "走访结果：无人在家" in text and "已入户" in text
    assert "no_answer" not in text and "met" not in text.split()
    assert f"account:{worker.pk}" not in text and str(worker) in text
    assert "新角色：网格员" in text


def _calls() -> list[tuple[str, str, str]]:
    """(file, action expression, detail key) of every audit record written in the code."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in ("record", "audit_event"):
                continue
            keys = [k.arg for k in node.keywords if k.arg and k.arg not in COLUMNS]
            for spread in (k.value for k in node.keywords if k.arg is None):
                if isinstance(spread, ast.Dict):
                    keys += [k.value for k in spread.keys if isinstance(k, ast.Constant)]
            module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
            found += [(module, ast.unparse(node.args[0]), key) for key in keys]
    return found


def _action(module: str, expression: str) -> str | None:
    """The action code an expression stands for: Action.X, a module constant, a literal."""
    try:
        value = ast.literal_eval(expression)
    except ValueError:
        head, _, attribute = expression.partition(".")
        if head == "Action" and attribute:
            return getattr(Action, attribute, None)
        source = load(module)
        value = getattr(source, expression, None)
    return value if isinstance(value, str) else None


def test_every_detail_key_the_code_records_has_chinese_words():
    words = wording()
    known = set(action_labels())
    unworded = sorted(
        f"{module}: {expression} {key}"
        for module, expression, key in _calls()
        if (action := _action(module, expression)) in known and words.detail(action, key) is None
    )
    assert len(_calls()) > 100  # the scan finds the records
    assert not unworded, "\n".join(unworded)


@pytest.mark.parametrize(
    "path", sorted({d.values for p in installed_plugins() for d in p.audit_details if d.values})
)
def test_every_declared_value_source_names_its_values(path):
    names = value_names(path)
    assert names and all(str(label) for label in names.values())
