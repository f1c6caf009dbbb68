"""The import's fast route gives exactly what the full checks give, errors included."""

import datetime
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grassroots.kernel import crypto
from grassroots.registry.generator import RegistryRows
from grassroots.registry.importer.columns import HEADERS, R_PERSON
from grassroots.registry.importer.plan import RowPlanner

COLUMNS = [*HEADERS, "证件类型"]
TODAY = datetime.date(2026, 11, 1)
GRIDS = {"420606001001001": 7, "420606001001002": 8}

# What people type instead of the tidy value: the full route either accepts it or names it.
VARIANTS = {
    "公民身份号码": [
        " 4206061990 0101 1239",
        "420606199001011238",
        "42060619900101123x",
        "420606199013011239",
        "999999199001011239",
        "12345",
        "４２０６０６",
    ],
    "出生日期": ["1990/01/01", "1990-01-02", "19900101", "1990年1月1日", "明天", "2099-01-01"],
    "性别": ["男", "女", "M", "男性", "不详"],
    "民族": ["汉", "汉族 ", "01", "火星族", " 回 族"],
    "与户主关系": ["本人", "妻 子", "邻居", ""],
    "人口类型": ["流动", "常住人口", "外星人口"],
    "政治面貌": ["党员", "团 员", "群众", "民主党"],
    "文化程度": ["大专", "本科", "幼儿园"],
    "特殊人群": ["独居老人;低保", "残疾、 退役军人", "独居老人，空巢", "超人", "；"],
    "联系电话": ["138 0013 8000", "027-88886666", "12345", "13800138000"],
    "姓名": ["", "张 三", "张" * 51, "Li Lei"],
    "房屋用途": ["出租", "出 租", "仓库", ""],
    "网格编码": ["420606001001002", "420606009009009", ""],
    "小区": ["", "清河  小区", "小" * 101],
    "单元": ["", "1 单元"],
    "房号": ["", "x" * 31],
    "证件类型": ["护照", "身份证", "居民身份证", "驾照"],
    "备注": ["  照顾  ", "=1+1"],
}


def _both(records):
    fast = RowPlanner(list(COLUMNS), GRIDS, TODAY)
    full = RowPlanner(list(COLUMNS), GRIDS, TODAY, fast=False)
    planned = [(fast.plan(n, list(t)), full.plan(n, list(t))) for n, t in records]
    return planned, fast.errors, full.errors


def _records(seed, count=40):
    rows = RegistryRows(random.Random(seed), "420606000000")
    generated = rows.for_grid("420606001001001", count)
    return [(n, [row.get(c, "") for c in COLUMNS]) for n, row in enumerate(generated, start=2)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_rows_are_planned_the_same_on_both_routes(seed):
    planned, fast_errors, full_errors = _both(_records(seed))
    assert all(fast == full for fast, full in planned)
    assert fast_errors == full_errors == []
    assert any(full is not None and full[R_PERSON] is not None for _fast, full in planned)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    edits=st.lists(
        st.tuples(st.integers(0, 39), st.sampled_from(sorted(VARIANTS)), st.integers(0, 9)),
        min_size=1,
        max_size=6,
    ),
)
def test_rows_with_unusual_cells_give_the_same_result_and_the_same_errors(seed, edits):
    records = _records(seed)
    for row, column, choice in edits:
        options = VARIANTS[column]
        records[row % len(records)][1][COLUMNS.index(column)] = options[choice % len(options)]
    planned, fast_errors, full_errors = _both(records)
    assert [fast for fast, _full in planned] == [full for _fast, full in planned]
    assert fast_errors == full_errors


def test_a_short_row_and_a_file_without_optional_columns_take_the_full_route_alike():
    columns = [c for c in COLUMNS if c not in ("证件类型", "备注")]
    record = [row for _n, row in _records(5, 3)][1]
    texts = [record[COLUMNS.index(c)] for c in columns]
    fast = RowPlanner(list(columns), GRIDS, TODAY)
    full = RowPlanner(list(columns), GRIDS, TODAY, fast=False)
    assert fast.plan(2, list(texts)) == full.plan(2, list(texts))
    assert fast.plan(3, texts[:9]) == full.plan(3, texts[:9])
    assert fast.errors == full.errors


def test_the_bound_key_helpers_give_the_same_values_as_the_plain_ones():
    assert crypto.blind_indexer()(" 138 0013 8000") == crypto.blind_index(" 138 0013 8000")
    assert crypto.decrypt(crypto.encrypter()("420606199001011239")) == "420606199001011239"
