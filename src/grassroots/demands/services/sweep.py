"""The overdue sweep (``grassroots demands sweep``, run from cron every few minutes).

For each open demand past a deadline, its category's rule says what happens: ``escalate``
passes it to the unit above (when its state allows that move), ``remind`` records a reminder
(催办), at most once a day. A supervised demand past its supervision deadline is reminded too.
Running it twice in a row does nothing the second time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.demands.models import Demand, OverdueAction
from grassroots.demands.selectors import overdue, supervision_overdue
from grassroots.demands.services import MoveInput, tally, transition_demand
from grassroots.demands.services.actions import remind
from grassroots.demands.workflow import MoveRefused, Status, find_move
from grassroots.org.models import Level


@dataclass
class SweepResult:
    escalated: int = 0
    reminded: int = 0
    marked: int = 0

    def summary(self) -> str:
        return _("自动上报 %(e)d 件，催办 %(r)d 件") % {"e": self.escalated, "r": self.reminded}


def _can_escalate(demand: Demand) -> bool:
    if demand.owner_unit.level == Level.DISTRICT:
        return False
    try:
        find_move(demand.status, Status.ESCALATED)
    except MoveRefused:
        return False
    return True


def _reason(demand: Demand, now: datetime.datetime) -> str:
    if demand.responded_at is None and demand.response_due < now:
        return _("已超过响应时限（%(due)s），请尽快响应") % {
            "due": timezone.localtime(demand.response_due).strftime("%Y-%m-%d %H:%M")
        }
    if (
        demand.supervised_at
        and demand.supervision_due
        and demand.supervision_due < now
        and demand.resolved_at is None
    ):
        return _("督办事项已超过督办时限，请尽快办结")
    return _("已超过办结时限（%(due)s），请尽快办结") % {
        "due": timezone.localtime(demand.resolve_due).strftime("%Y-%m-%d %H:%M")
    }


def mark_overdue(now: datetime.datetime) -> int:
    """Mark the unresolved demands that fell past their resolution deadline, and count each in
    its tally (``overdue_open``) in the same transaction; returns how many were marked."""
    marked = 0
    late = (
        Demand.objects.filter(resolved_at__isnull=True, overdue_marked=False, resolve_due__lt=now)
        .values_list("pk", "grid_id", "received_at")
        .order_by("pk")
    )
    for pk, grid_id, received_at in late.iterator(chunk_size=2000):
        with transaction.atomic():
            if Demand.objects.filter(pk=pk, resolved_at__isnull=True, overdue_marked=False).update(
                overdue_marked=True
            ):
                tally.bump(grid_id, received_at, overdue_open=1)
                marked += 1
    return marked


def run_sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """Escalate or remind every overdue open demand, per its category's rule."""
    now = now or timezone.now()
    result = SweepResult(marked=mark_overdue(now))
    late = (
        Demand.objects.filter(overdue(now) | supervision_overdue(now))
        .exclude(status=Status.CLOSED)
        .select_related("category", "owner_unit")
        .order_by("id")
    )
    for demand in late.iterator(chunk_size=500):
        rule = demand.category.overdue_action
        if rule == OverdueAction.ESCALATE and _can_escalate(demand):
            try:
                transition_demand(
                    demand.pk,
                    move=MoveInput(
                        to=Status.ESCALATED, note=_reason(demand, now) + _("，系统自动上报")
                    ),
                    actor=None,
                    now=now,
                )
            except MoveRefused:  # moved by someone meanwhile: next run looks again
                continue
            result.escalated += 1
        elif remind(demand, reason=_reason(demand, now), now=now):
            result.reminded += 1
    return result


__all__ = ["SweepResult", "run_sweep"]
