"""Pairing's part of the home page (工作台): pledges and list tasks falling due.

For the community and the offices above it, and for a paired unit's liaison: how many open
pledges and tasks are overdue or due within a week, and the nearest of them with their
countdown, through ``visible_to`` like every other page of pairing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from grassroots.pairing.models import ListTask, Pledge, PledgeStatus

SOON_DAYS = 7
SHOWN = 5


@dataclass(frozen=True)
class DueItem:
    """A pledge or a task, as the panel lists it."""

    kind: str  # "pledge" | "task"
    pk: int
    text: str
    responsible: str
    deadline: datetime.date


@dataclass
class PairingPanel:
    overdue: int = 0
    due_soon: int = 0
    items: list[DueItem] = field(default_factory=list)
    soon_days: int = SOON_DAYS


def _open(model: Any, user: Any) -> Any:
    return model.objects.visible_to(user).filter(status=PledgeStatus.OPEN).order_by()


def pairing_panel(user: Any) -> PairingPanel | None:
    """The panel (``HomePanel`` context); None when nothing is open in the user's pairings."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=SOON_DAYS)
    panel = PairingPanel()
    for kind, model in (("pledge", Pledge), ("task", ListTask)):
        rows = _open(model, user)
        counts = rows.aggregate(
            overdue=Count("pk", filter=Q(deadline__lt=today)),
            soon=Count("pk", filter=Q(deadline__gte=today, deadline__lte=soon)),
            open=Count("pk"),
        )
        if not counts["open"]:
            continue
        panel.overdue += counts["overdue"]
        panel.due_soon += counts["soon"]
        nearest = rows.filter(deadline__lte=soon).order_by("deadline", "pk")[:SHOWN]
        panel.items += [
            DueItem(kind, row.pk, row.text, row.responsible, row.deadline) for row in nearest
        ]
    if not panel.overdue and not panel.due_soon:
        return None
    panel.items = sorted(panel.items, key=lambda item: (item.deadline, item.pk))[:SHOWN]
    return panel
