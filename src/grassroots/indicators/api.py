"""API of the indicators (考核指标): a unit's figures for a period, and one figure opened.

Both read only the kept counts (``grassroots indicators rollup``). A unit outside the caller's
scope is a 404 like one that does not exist; so is a period not rolled up yet, with a message
saying so. The opened figure lists the unit's children the caller sees, whose numerators and
denominators add up to the unit's.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from grassroots.api.auth import require_permission
from grassroots.api.errors import ERROR_RESPONSES, json_error
from grassroots.indicators.periods import Period, PeriodError, parse_period
from grassroots.indicators.plugin import VIEW_INDICATORS
from grassroots.indicators.selectors import (
    Figure,
    NotRolledUp,
    figures,
    find_unit,
    opened,
)
from grassroots.indicators.specs import indicator

router = Router(tags=["考核指标"])


class IndicatorQuery(Schema):
    unit: str = Field(..., max_length=15, description="组织编码（统计用区划代码：12位，网格15位）")
    period: str = Field(..., max_length=10, description="期间：2026-11、2026-Q4 或 2026")


class IndicatorOut(Schema):
    code: str
    name: str
    numerator: int | None
    denominator: int | None
    value: float | None = Field(description="百分比保留一位小数，万人率保留两位，四舍五入")
    unit: str = Field(description="percent 或 per_10k")
    target: float | None
    status: str = Field(description="green、amber、red、none（无目标或无数值）或 waiting")
    previous_year_value: float | None
    change: float | None = Field(description="较上年同期（百分比为百分点）")
    years_falling: int | None = Field(None, description="连续下降年数（万人发案率）")
    sample_size: int | None = Field(None, description="抽样得出的指标：样本量（有效回答数）")
    interval_low: float | None = Field(
        None, description="抽样得出的指标：95%置信区间下限（Wilson 区间，百分比）"
    )
    interval_high: float | None = Field(
        None, description="抽样得出的指标：95%置信区间上限（Wilson 区间，百分比）"
    )
    note: str | None = None


class ChildOut(IndicatorOut):
    unit_code: str
    unit_name: str


class OpenedOut(IndicatorOut):
    unit_code: str
    unit_name: str
    children: list[ChildOut]


def _period_error(message: str) -> HttpResponse:
    return json_error(
        422,
        _("请求参数有误：%(summary)s") % {"summary": f"period {message}"},
        fields=["period"],
        errors=[{"field": "period", "location": "query", "message": message}],
    )


def _unit_and_period(request: HttpRequest, query: IndicatorQuery) -> tuple[Any, Period]:
    require_permission(request.auth, VIEW_INDICATORS)
    period = parse_period(query.period)
    return find_unit(request.auth, query.unit), period


def _with_unit(figure: Figure) -> dict[str, Any]:
    return {**figure.as_json(), "unit_code": figure.node.code, "unit_name": figure.node.name}


def _not_found() -> HttpResponse:
    return json_error(404, _("未找到该单位，或您无权查看"))


@router.get(
    "/indicators",
    response={200: list[IndicatorOut], **ERROR_RESPONSES},
    url_name="indicators",
    operation_id="listIndicators",
    summary="单位的考核指标",
)
def list_indicators(request: HttpRequest, query: Query[IndicatorQuery]) -> Any:
    """一个单位一个期间的全部指标：分子、分母、数值、目标与状态。辖区外的单位为 404。"""
    try:
        unit, period = _unit_and_period(request, query)
    except PeriodError as error:
        return _period_error(str(error))
    if unit is None:
        return _not_found()
    try:
        return [figure.as_json() for figure in figures(unit, period)]
    except NotRolledUp as error:
        return json_error(404, str(error))


@router.get(
    "/indicators/{code}",
    response={200: OpenedOut, **ERROR_RESPONSES},
    url_name="indicator",
    operation_id="getIndicator",
    summary="打开一项指标：分子、分母及各下级",
)
def get_indicator(request: HttpRequest, code: str, query: Query[IndicatorQuery]) -> Any:
    """一项指标的分子分母，以及本人可见的各直属下级的分子分母（相加即为本级）。"""
    try:
        unit, period = _unit_and_period(request, query)
    except PeriodError as error:
        return _period_error(str(error))
    spec = indicator(code)
    if unit is None or spec is None:
        return _not_found()
    try:
        found = opened(request.auth, unit, period, spec)
    except NotRolledUp as error:
        return json_error(404, str(error))
    return {
        **_with_unit(found.figure),
        "children": [_with_unit(child) for child in found.children],
    }
