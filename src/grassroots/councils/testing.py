"""Meetings, decisions and conventions for tests, and their samples for the scope walk.

In the walk's world each persona must see exactly its subtree's rows. A resident or party member
also reads the adopted conventions of their community (``councils.scope``), so the walk's
conventions carry only a proposed version: none is public, and the rule adds nothing there.
At a grid the samples hang on the grid itself, as pairing's do: a grid worker's subtree is one
grid and the walk needs a row inside it.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from grassroots.councils.models import (
    AdoptionMethod,
    AgendaItem,
    Convention,
    ConventionVersion,
    Decision,
    DecisionChange,
    DecisionEvidence,
    DecisionProgress,
    Meeting,
    MeetingKind,
    MeetingParty,
    PartyKind,
)
from grassroots.councils.services import (
    DECISIONS,
    add_decision_evidence,
    record_decision_progress,
)
from grassroots.org.models import Level, OrgNode
from grassroots.pairing.testing import PNG
from grassroots.testing.personas import grid_at_or_below
from grassroots.testing.scopewalk import register_sample


def photo(name: str = "佐证.png") -> ContentFile:
    return ContentFile(PNG, name=name)


def make_meeting(
    community: OrgNode,
    title: str = "三方联席会议",
    *,
    held_on: datetime.date = datetime.date(2026, 11, 20),
    kind: str = MeetingKind.JOINT,
    present: int = 12,
) -> Meeting:
    """A meeting of ``community`` made directly (a walk sample may hang on a grid)."""
    meeting = Meeting.objects.create(
        community=community, kind=kind, title=title, held_on=held_on, present=present
    )
    MeetingParty.objects.create(
        meeting=meeting, kind=PartyKind.PARTY_ORG, name="社区党委", attendees="王书记"
    )
    AgendaItem.objects.create(meeting=meeting, title=f"{title}议题")
    return meeting


def make_decision(
    meeting: Meeting,
    text: str = "更换单元门禁",
    *,
    deadline: datetime.date = datetime.date(2026, 12, 31),
) -> Decision:
    decision = Decision.objects.create(
        meeting=meeting, text=text, responsible="物业公司", deadline=deadline
    )
    DECISIONS.opened(decision, actor=None)
    return decision


def _community_at_or_below(node: OrgNode, tag: str) -> OrgNode:
    if node.level == Level.GRID:
        return node
    grid = grid_at_or_below(node, tag)
    return OrgNode.objects.get(path=grid.path[: -OrgNode.steplen])


def _walk_meeting(node: OrgNode, tag: str) -> Meeting:
    return make_meeting(_community_at_or_below(node, tag), f"巡检议事会{tag}")


def _meeting_at_or_below(node: OrgNode, tag: str) -> Meeting:
    community = _community_at_or_below(node, tag)
    found = Meeting.objects.filter(community=community).order_by("pk").first()
    return found or make_meeting(community, f"巡检议事会{tag}")


def _walk_decision(node: OrgNode, tag: str) -> Decision:
    return make_decision(_meeting_at_or_below(node, tag), f"巡检决议{tag}")


def _decision_at_or_below(node: OrgNode, tag: str) -> Decision:
    meeting = _meeting_at_or_below(node, tag)
    return meeting.decisions.order_by("pk").first() or make_decision(meeting, f"巡检决议{tag}")


def _walk_party(node: OrgNode, tag: str) -> MeetingParty:
    return MeetingParty.objects.create(
        meeting=_meeting_at_or_below(node, tag),
        kind=PartyKind.OWNERS_COMMITTEE,
        name=f"巡检业委会{tag}",
        attendees=f"巡检业主{tag}",
    )


def _walk_agenda(node: OrgNode, tag: str) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=_meeting_at_or_below(node, tag), title=f"巡检议题{tag}"
    )


def _walk_progress(node: OrgNode, tag: str) -> DecisionProgress:
    # Through the service, in its transaction: the ledger locks the decision's row.
    return record_decision_progress(_decision_at_or_below(node, tag), percent=20, note=f"巡检{tag}")


def _walk_evidence(node: OrgNode, tag: str) -> DecisionEvidence:
    return add_decision_evidence(_decision_at_or_below(node, tag), upload=photo(f"巡检{tag}.png"))


def _walk_change(node: OrgNode, tag: str) -> DecisionChange | None:
    return _decision_at_or_below(node, tag).changes.order_by("pk").first()


def _walk_convention(node: OrgNode, tag: str) -> Convention:
    convention = Convention.objects.create(
        community=_community_at_or_below(node, tag),
        code=f"WALK{tag}",
        kind="residents",
        title=f"巡检居民公约{tag}",
    )
    ConventionVersion.objects.create(
        convention=convention,
        number=1,
        text=f"巡检条文{tag}",
        method=AdoptionMethod.SHOW_OF_HANDS,
        effective_from=datetime.date(2026, 1, 1),
    )
    return convention


def _walk_version(node: OrgNode, tag: str) -> ConventionVersion | None:
    return _walk_convention(node, tag).versions.first()


register_sample(Meeting, marker=lambda m: m.title, make=_walk_meeting)
register_sample(MeetingParty, marker=lambda p: p.attendees, make=_walk_party)
register_sample(AgendaItem, marker=lambda a: a.title, make=_walk_agenda)
register_sample(Decision, marker=lambda d: d.text, make=_walk_decision)
register_sample(DecisionProgress, marker=lambda p: p.note, make=_walk_progress)
register_sample(DecisionEvidence, marker=lambda e: None, make=_walk_evidence)
register_sample(DecisionChange, marker=lambda c: None, make=_walk_change)
register_sample(Convention, marker=lambda c: c.title, make=_walk_convention)
register_sample(ConventionVersion, marker=lambda v: v.text, make=_walk_version)
