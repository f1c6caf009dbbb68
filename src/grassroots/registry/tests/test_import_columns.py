"""The import's one column spec agrees with the models it writes, and the planner with it."""

import ast
import datetime
from pathlib import Path

import pytest

from grassroots.kernel.db.around import declared
from grassroots.registry import models
from grassroots.registry.importer import columns
from grassroots.registry.importer.columns import (
    COMPARED,
    HEADERS,
    LEFT_TO_DEFAULTS,
    PERSON,
    R_PERSON,
    R_SEALED,
    RESIDENT_COLUMNS,
    SPEC,
    UPDATED_COLUMNS,
    WRITTEN,
)
from grassroots.registry.importer.plan import RowPlanner

TODAY = datetime.date(2026, 11, 1)
GRID = "420606001001001"


def _fields(name: str) -> set[str]:
    return {f.attname for f in getattr(models, name)._meta.concrete_fields}


@pytest.mark.parametrize("column", SPEC, ids=lambda c: f"{c.model}.{c.field}")
def test_every_spec_column_is_a_concrete_field_of_its_model(column):
    assert column.field in _fields(column.model)


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_every_field_of_a_written_model_is_written_or_left_to_its_default_on_purpose(name):
    written, left = set(WRITTEN[name]), LEFT_TO_DEFAULTS.get(name, set())
    assert len(written) == len(WRITTEN[name]), "a column written twice"
    assert written <= _fields(name), "a column the model does not have"
    assert not written & left, "a column both written and left to its default"
    assert _fields(name) - written == left, "a field neither written nor left out on purpose"


def test_the_models_written_in_bulk_are_declared_written_around_the_orm():
    assert {getattr(models, name) for name in WRITTEN} <= set(declared())


def test_the_derived_lists_say_what_the_writer_relies_on():
    assert HEADERS[:6] == ("网格编码", "小区", "楼栋", "单元", "房号", "房屋用途")
    assert "证件类型" not in HEADERS  # optional: the template leaves it out
    assert set(COMPARED) <= set(PERSON) <= set(RESIDENT_COLUMNS)
    assert UPDATED_COLUMNS[: len(COMPARED)] == COMPARED
    assert "id_number" not in UPDATED_COLUMNS  # the document is the match, never rewritten
    assert {"id_number", "phone"} == set(columns.SEALED)


@pytest.mark.parametrize("fast", [True, False])
def test_both_routes_lay_the_person_out_as_the_spec_says(fast):
    header = [*HEADERS, "证件类型"]
    values = {
        "网格编码": GRID,
        "小区": "清河小区",
        "楼栋": "1栋",
        "房号": "502",
        "姓名": "王小明",
        "公民身份号码": "420606199001011239",
        "性别": "男",
        "民族": "回族",
        "联系电话": "13800138000",
        "与户主关系": "本人",
        "备注": "照顾",
    }
    planner = RowPlanner(list(header), {GRID: 7}, TODAY, fast=fast)
    planned = planner.plan(2, [values.get(c, "") for c in header])
    assert planned is not None and planner.errors == []
    assert planned[R_SEALED] is None  # sealed by the writer, or by the worker ahead of it
    person = dict(zip(PERSON, planned[R_PERSON], strict=True))
    assert person["name"] == "王小明"
    assert person["id_number"] == "420606199001011239"
    assert person["phone"] == "13800138000"
    assert person["birth_date"] == "1990-01-01"
    assert person["gender"] == "M"
    assert person["id_type"] == models.IdType.CITIZEN
    assert person["notes"] == "照顾"
    assert person["id_number_index"] and person["phone_index"]


def test_the_import_package_has_no_import_loop_inside_it():
    # Function-level imports included: a loop hidden in a function is still a loop.
    package = Path(columns.__file__).parent
    prefix = "grassroots.registry.importer."
    graph = {}
    for path in package.glob("*.py"):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(prefix):
                imported.add(node.module.removeprefix(prefix))
            elif isinstance(node, ast.ImportFrom) and node.module == prefix.rstrip("."):
                imported |= {alias.name for alias in node.names}
        graph[path.stem] = imported & {p.stem for p in package.glob("*.py")} - {"__init__"}
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " -> ".join([*trail, module])
        if module not in done:
            for target in sorted(graph[module]):
                visit(target, (*trail, module))
            done.add(module)

    for module in sorted(graph):
        visit(module, ())
    assert graph["writer"] >= {"columns", "result"} and "run" not in graph["writer"]
