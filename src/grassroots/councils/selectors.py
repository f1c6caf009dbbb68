"""Reads of meetings, decisions and conventions; every one starts from ``visible_to``."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from grassroots.councils.models import (
    AdoptionMethod,
    Convention,
    ConventionVersion,
    Decision,
    DecisionChange,
    DecisionEvidence,
    DecisionProgress,
    Meeting,
    VersionStatus,
)
from grassroots.demands.selectors import demands_for
from grassroots.kernel.closeout import CloseoutStatus
from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import Level, OrgNode


def meetings_for(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).select_related("community", "estate")


def meeting_for(user: Any, meeting_id: int) -> Meeting:
    return get_visible_or_404(Meeting, user, pk=meeting_id)


def meeting_page(meeting: Meeting) -> dict[str, Any]:
    """Everything the meeting page shows, in a fixed number of queries."""
    return {
        "meeting": meeting,
        "parties": list(meeting.parties.all()),
        "agenda": list(meeting.agenda.select_related("demand")),
        "decisions": list(meeting.decisions.prefetch_related("evidence")),
        "votes": list(meeting.convention_votes.select_related("convention")),
    }


def decisions_for(user: Any, *, unit: OrgNode | None = None) -> QuerySet[Decision]:
    rows = Decision.objects.visible_to(user).select_related("meeting__community")
    if unit is not None:
        rows = rows.filter(meeting__community__path__startswith=unit.path)
    return rows.order_by("status", "deadline", "id")


def decision_for(user: Any, decision_id: int) -> Decision:
    return get_visible_or_404(Decision, user, pk=decision_id)


def decision_logs(decision: Decision) -> dict[str, Any]:
    return {
        "progress": list(DecisionProgress.objects.filter(decision=decision)),
        "evidence": list(DecisionEvidence.objects.filter(decision=decision)),
        "changes": list(DecisionChange.objects.filter(decision=decision)),
    }


def evidence_for(user: Any, evidence_id: int) -> DecisionEvidence:
    return get_visible_or_404(DecisionEvidence, user, pk=evidence_id)


def open_decisions(user: Any) -> QuerySet[Decision]:
    return Decision.objects.visible_to(user).filter(status=CloseoutStatus.OPEN)


def conventions_for(user: Any) -> QuerySet[Convention]:
    adopted = ConventionVersion.objects.visible_to(user).filter(status=VersionStatus.ADOPTED)
    return (
        Convention.objects.visible_to(user)
        .select_related("community", "estate")
        .prefetch_related(Prefetch("versions", queryset=adopted, to_attr="adopted_versions"))
        .order_by("community__path", "code")
    )


def convention_for(user: Any, convention_id: int) -> Convention:
    return get_visible_or_404(Convention, user, pk=convention_id)


def convention_by_code(user: Any, code: str) -> Convention | None:
    return Convention.objects.visible_to(user).filter(code=code).first()


def versions_of(user: Any, convention: Convention) -> QuerySet[ConventionVersion]:
    return (
        ConventionVersion.objects.visible_to(user)
        .filter(convention=convention)
        .select_related("meeting")
        .order_by("-number")
    )


def version_in_force(convention: Convention, day: datetime.date) -> ConventionVersion | None:
    """The adopted version with the latest ``effective_from`` on or before ``day``."""
    return (
        ConventionVersion.objects.filter(
            convention=convention, status=VersionStatus.ADOPTED, effective_from__lte=day
        )
        .order_by("-effective_from", "-number")
        .first()
    )


def communities_for(user: Any) -> QuerySet[OrgNode]:
    return OrgNode.objects.visible_to(user).filter(level=Level.COMMUNITY).order_by("path")


def demands_of_community(user: Any, community: OrgNode) -> QuerySet[Any]:
    """The community's demands the user may see, newest first: topics for a meeting."""
    return demands_for(user).filter(grid__path__startswith=community.path).order_by("-id")


TOPIC_DEMANDS = 50


def topic_demands(user: Any) -> QuerySet[Any]:
    """Open demands a meeting may take up as topics: the latest the user sees (the service
    checks each belongs to the meeting's community)."""
    from grassroots.demands.workflow import Status

    latest = demands_for(user).exclude(status=Status.CLOSED).order_by("-received_at", "-pk")
    ids = list(latest.values_list("pk", flat=True)[:TOPIC_DEMANDS])
    return demands_for(user).filter(pk__in=ids).order_by("-received_at", "-pk")


def overview(user: Any, today: datetime.date) -> dict[str, Any]:
    """The list page: meetings to come, meetings held, decisions in progress."""
    meetings = meetings_for(user)
    return {
        "upcoming": list(meetings.filter(held_on__gt=today).order_by("held_on")[:10]),
        "past": list(meetings.filter(held_on__lte=today)[:30]),
        "decisions": list(open_decisions(user).order_by("deadline")[:30]),
        "today": today,
    }


def proposals_for_hands(user: Any, meeting: Meeting) -> list[ConventionVersion]:
    """Versions of the meeting's community's conventions waiting for a show of hands."""
    return list(
        ConventionVersion.objects.visible_to(user)
        .filter(
            convention__community=meeting.community,
            status=VersionStatus.PROPOSED,
            method=AdoptionMethod.SHOW_OF_HANDS,
        )
        .select_related("convention")
    )


def version_for(user: Any, version_id: int) -> ConventionVersion:
    return get_visible_or_404(ConventionVersion, user, pk=version_id)
