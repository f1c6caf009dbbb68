"""The councils part of the community secretary's home page (工作台): decisions overdue and due
within a week, each a count over ``visible_to``, the most pressing ones, and the next meeting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.councils.models import Decision, Meeting
from grassroots.councils.selectors import meetings_for, open_decisions
from grassroots.kernel.closeout import DUE_SOON

PRESSING_SHOWN = 5


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    count: int
    url: str
    tone: str = ""


@dataclass
class CouncilsPanel:
    tiles: list[Tile]
    pressing: list[Decision]
    next_meeting: Meeting | None


def councils_panel(user: Any) -> CouncilsPanel | None:
    today = timezone.localdate()
    rows = open_decisions(user).order_by()
    counts = rows.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(deadline__lt=today)),
        soon=Count("pk", filter=Q(deadline__gte=today, deadline__lte=today + DUE_SOON)),
    )
    next_meeting = meetings_for(user).filter(held_on__gte=today).order_by("held_on").first()
    if not counts["open"] and next_meeting is None:
        return None
    url = reverse("councils:list")
    return CouncilsPanel(
        tiles=[
            Tile("overdue", str(_("决议已超期")), counts["overdue"], url, "alarm"),
            Tile("due-soon", str(_("决议7天内到期")), counts["soon"], url, "warn"),
            Tile("open", str(_("推进中的决议")), counts["open"], url),
        ],
        pressing=list(
            open_decisions(user).select_related("meeting").order_by("deadline")[:PRESSING_SHOWN]
        ),
        next_meeting=next_meeting,
    )
