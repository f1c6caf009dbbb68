"""The composition report over the JSON API: the same keys as ``cadres report --json``.

Read-only and scoped: the figures count only the members the caller may see; an unknown term
or a unit outside the caller's scope is a 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from grassroots.api.auth import require_permission
from grassroots.api.errors import ERROR_RESPONSES
from grassroots.api.pagination import MAX_ID
from grassroots.cadres.plugin import VIEW_CADRES
from grassroots.cadres.selectors import term_report, terms
from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import OrgNode

router = Router(tags=["两委班子"])


class ReportFilters(Schema):
    term: int = Field(..., ge=1949, le=2100, description="届别（换届年份），如 2021")
    compare: int | None = Field(None, ge=1949, le=2100, description="与哪一届比较")
    node: int | None = Field(None, ge=1, le=MAX_ID, description="组织节点 id：只统计其下级")
    as_of: date | None = Field(None, description="按此日在任成员统计，默认统计基准日")


class ChangeOut(Schema):
    members: int
    average_age: float | None = Field(description="岁")
    aged_35_and_under_rate: float | None = Field(description="百分点")
    college_or_above_rate: float | None = Field(description="百分点")
    women_rate: float | None = Field(description="百分点")


class ReportOut(Schema):
    units: int
    members: int
    one_shoulder_units: int = Field(description="书记、主任“一肩挑”的村(社区)数")
    one_shoulder_rate: float | None
    average_age: float | None
    aged_35_and_under: int
    aged_35_and_under_rate: float | None
    college_or_above: int
    college_or_above_rate: float | None
    women: int
    women_rate: float | None
    units_without_women: list[str]
    cross_appointed: int
    cross_appointed_rate: float | None
    change: ChangeOut | None = Field(None, description="与比较届的变化（仅当给出 compare）")


def _term(year: int) -> Any:
    term = terms().filter(year=year).first()
    if term is None:
        raise Http404
    return term


@router.get(
    "/cadres/report",
    response={200: ReportOut, **ERROR_RESPONSES},
    url_name="cadres-report",
    operation_id="getCadreReport",
    summary="两委班子结构报告",
)
def cadre_report(request: HttpRequest, filters: Query[ReportFilters]) -> dict[str, Any]:
    """一届两委班子的结构数字（比率为百分数，保留一位小数，四舍五入），限本人辖区。"""
    require_permission(request.auth, VIEW_CADRES)
    unit = get_visible_or_404(OrgNode, request.auth, pk=filters.node) if filters.node else None
    compare = _term(filters.compare) if filters.compare else None
    report = term_report(
        request.auth, _term(filters.term), unit=unit, on=filters.as_of, compare=compare
    )
    return report.as_json()
