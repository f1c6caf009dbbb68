"""Test support: how the scope walk makes the indicators' rows (their figures hold no names,
so a leaked row has no text to recognise it by; the routes that read them are checked by
the walk's 404s and by ``tests/test_api.py``)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from grassroots.indicators.models import CriminalCaseCount, IndicatorCount, PeriodKind
from grassroots.org.models import Level, OrgNode
from grassroots.testing.scopewalk import register_sample

SAMPLE_MONTH = datetime.date(2026, 11, 1)


def make_count(node: OrgNode, tag: str) -> IndicatorCount:
    return IndicatorCount.objects.create(
        code=f"walk_{tag}",
        node=node,
        period_kind=PeriodKind.MONTH,
        period_start=SAMPLE_MONTH,
        numerator=1,
        denominator=2,
        computed_at=timezone.now(),
    )


def _community_at_or_below(node: OrgNode, tag: str) -> OrgNode:
    node = OrgNode.objects.get(pk=node.pk)
    if node.level == Level.COMMUNITY:
        return node
    if node.level == Level.GRID:
        return OrgNode.objects.get(path=node.path[: -OrgNode.steplen])
    found = OrgNode.objects.filter(path__startswith=node.path, level=Level.COMMUNITY).first()
    if found is not None:
        return found
    street = (
        node
        if node.level == Level.STREET
        else OrgNode.objects.add_child(
            node,
            {
                "code": f"{node.code[:6]}{tag[-3:]:0>3}000",
                "name": f"巡检街道{tag}",
                "level": Level.STREET,
            },
        )
    )
    return OrgNode.objects.add_child(
        OrgNode.objects.get(pk=street.pk),
        {
            "code": f"{street.code[:9]}{tag[-3:]:0>3}",
            "name": f"巡检社区{tag}",
            "level": Level.COMMUNITY,
        },
    )


def make_cases(node: OrgNode, tag: str) -> CriminalCaseCount:
    community = _community_at_or_below(node, tag)
    earlier = CriminalCaseCount.objects.filter(community=community).count()
    month = SAMPLE_MONTH.replace(year=SAMPLE_MONTH.year - earlier)
    return CriminalCaseCount.objects.create(community=community, month=month, cases=1)


register_sample(IndicatorCount, marker=lambda c: None, make=make_count)
register_sample(CriminalCaseCount, marker=lambda c: None, make=make_cases)
