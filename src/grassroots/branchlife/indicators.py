"""三会一课 compliance as an indicator (三会一课合规率), per org node a branch leads:

branches (grid and building branches) that kept the rule in every quarter the period touches,
judged as the compliance page judges them (``rules.judge``) at the end of the period's last
day, so a quarter still running asks only for the meetings that fell due by then / branches.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grassroots.branchlife.models import BranchMeeting
from grassroots.branchlife.rules import BRANCH_KINDS, Quarter, judge
from grassroots.branchlife.selectors import _orgs
from grassroots.kernel.plugins import IndicatorRows
from grassroots.org.models import OrgNode, PartyOrganization


def _quarters(first: datetime.date, last: datetime.date) -> list[Quarter]:
    quarters = [Quarter.of(first)]
    while quarters[-1] != Quarter.of(last):
        quarters.append(quarters[-1].next())
    return quarters


def meeting_compliance(first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    quarters = _quarters(first, last)
    held: dict[tuple[int, Quarter], set[tuple[str, int]]] = defaultdict(set)
    meetings = (
        BranchMeeting.objects.filter(held_on__gte=quarters[0].start, held_on__lte=last)
        .annotate(month=ExtractMonth("held_on"))
        .order_by()
        .values_list("branch_id", "kind", "held_on", "month")
        .distinct()
    )
    for branch, kind, held_on, month in meetings:
        held[(branch, Quarter.of(held_on))].add((kind, month))
    judged_on = last + datetime.timedelta(days=1)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    branches = PartyOrganization.objects.filter(kind__in=BRANCH_KINDS).order_by()
    for branch, node in branches.values_list("pk", "org_node_id"):
        kept = all(
            judge(quarter, held[(branch, quarter)], judged_on).compliant for quarter in quarters
        )
        counts[node][0] += kept
        counts[node][1] += 1
    return {node: (kept, total) for node, (kept, total) in counts.items()}


def _kept_by(
    branches: list[PartyOrganization], first: datetime.date, last: datetime.date
) -> set[int]:
    """The branches of ``branches`` that kept the rule in every quarter the period touches."""
    quarters = _quarters(first, last)
    held: dict[tuple[int, Quarter], set[tuple[str, int]]] = defaultdict(set)
    meetings = (
        BranchMeeting.objects.filter(
            branch_id__in=[b.pk for b in branches], held_on__gte=quarters[0].start
        )
        .filter(held_on__lte=last)
        .annotate(month=ExtractMonth("held_on"))
        .order_by()
        .values_list("branch_id", "kind", "held_on", "month")
        .distinct()
    )
    for branch, kind, held_on, month in meetings:
        held[(branch, Quarter.of(held_on))].add((kind, month))
    judged_on = last + datetime.timedelta(days=1)
    return {
        b.pk
        for b in branches
        if all(judge(q, held[(b.pk, q)], judged_on).compliant for q in quarters)
    }


def _branch_row(branch: PartyOrganization) -> tuple[list[Any], str]:
    return [branch.name, branch.org_node.name], reverse("branchlife:org", args=[branch.pk])


def compliance_rows(node: OrgNode, first: datetime.date, last: datetime.date, user: Any) -> Any:
    """The grid and building branches on ``node`` or below that the reader sees; those that
    kept the rule in every quarter the period touches on the numerator's side."""
    branches = list(
        _orgs(user)
        .filter(kind__in=BRANCH_KINDS, org_node__path__startswith=node.path)
        .select_related("org_node")
        .order_by("org_node__path", "name")
    )
    kept = _kept_by(branches, first, last)
    return IndicatorRows(
        columns=(_("支部"), _("所在单位")),
        row=_branch_row,
        numerator=[b for b in branches if b.pk in kept],
        denominator=branches,
    )
