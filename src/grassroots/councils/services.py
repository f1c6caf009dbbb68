"""Writes to meetings, decisions and conventions: each a named action owning its transaction,
history and audit record.

Decisions move on the shared close-out ledger (``kernel.closeout``), the same code as a
pairing's tasks: progress, evidence, close-out with evidence on the version seen, reopening
with a reason. A convention's new version is proposed, then decided by a show of hands at a
meeting of its community or by an owners' vote whose close the owners' module announces
(``listeners.adopt_by_vote``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.audit.services import record
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
    VersionStatus,
)
from grassroots.councils.plugin import MANAGE_COUNCILS
from grassroots.kernel import closeout
from grassroots.kernel.closeout import Ledger, Words, account_of
from grassroots.kernel.permissions import has_permission
from grassroots.org.models import Level, OrgNode

MEETING_CHANGED = "council_meeting_changed"
DECISION_CHANGED = "council_decision_changed"
DECISION_PROGRESS = "council_decision_progress"
CONVENTION_CHANGED = "convention_changed"


class CouncilError(closeout.CloseoutError):
    """A council write that cannot be made; the message says why, in the user's language."""


class StaleDecision(CouncilError):
    def __init__(self) -> None:
        super().__init__(_("该决议事项已被他人修改（可能刚被销号或重新打开），请刷新后重试"))


class EvidenceRefused(CouncilError):
    """Not a photo or document we keep, too large, or too many."""


DECISIONS = Ledger(
    item=Decision,
    progress=DecisionProgress,
    evidence=DecisionEvidence,
    change=DecisionChange,
    link="decision",
    node=lambda decision: decision.meeting.community,
    record=record,
    audit_changed=DECISION_CHANGED,
    audit_progress=DECISION_PROGRESS,
    audit_key="decision_id",
    file_prefix="decision",
    words=Words(
        closed_no_progress=lambda: _("该决议事项已销号，不能再填报进度；如需继续，请先重新打开"),
        evidence_not_item=lambda: _("所选佐证材料不属于该决议事项"),
        already_closed=lambda: _("该决议事项已经销号"),
        not_closed=lambda: _("该决议事项尚未销号"),
        too_much_evidence=lambda n: _("每个决议事项最多 %(n)d 份佐证材料") % {"n": n},
    ),
    error=CouncilError,
    stale=StaleDecision,
    refused=EvidenceRefused,
    related=("meeting__community",),
)


def _audit(action: str, actor: Any, node: OrgNode, target: str, **detail: Any) -> None:
    record(
        action,
        actor=account_of(actor),
        username="" if account_of(actor) else closeout.SYSTEM_NAME,
        node=node,
        target=target[:200],
        **detail,
    )


def _require_manager(actor: Any) -> None:
    if not has_permission(actor, MANAGE_COUNCILS):
        raise CouncilError(_("只有社区（村）党组织书记或上级可以办理"))


# --- meetings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyIn:
    kind: str
    attendees: str
    name: str = ""


@dataclass(frozen=True)
class TopicIn:
    title: str
    discussion: str = ""
    demand: Any = None


@transaction.atomic
def hold_meeting(
    community: OrgNode,
    *,
    kind: str,
    title: str,
    held_on: datetime.date,
    place: str = "",
    present: int = 0,
    minutes: str = "",
    estate: Any = None,
    parties: Sequence[PartyIn] = (),
    topics: Sequence[TopicIn] = (),
    actor: Any = None,
) -> Meeting:
    """Record a meeting of ``community`` (planned, when ``held_on`` is still ahead), with the
    parties that took part, who came for each, and its agenda (a topic from a demand of the
    community keeps the link)."""
    if community.level != Level.COMMUNITY:
        raise CouncilError(_("议事会议须属于一个社区（村）"))
    if kind not in MeetingKind.values:
        raise CouncilError(_("会议形式应为三方联席会议、居民议事会或小院议事厅"))
    if not title.strip():
        raise CouncilError(_("请填写会议名称"))
    if estate is not None and not estate.grid.path.startswith(community.path):
        raise CouncilError(_("所选小区不属于该社区"))
    for party in parties:
        if party.kind not in PartyKind.values:
            raise CouncilError(_("参会方类别不正确"))
        if not party.attendees.strip():
            raise CouncilError(_("请填写每个参会方的参会人员"))
    for topic in topics:
        if topic.demand is not None and not topic.demand.grid.path.startswith(community.path):
            raise CouncilError(_("所选诉求不属于该社区"))
    meeting = Meeting.objects.create(
        community=community,
        estate=estate,
        kind=kind,
        title=title.strip()[:200],
        held_on=held_on,
        place=place.strip()[:100],
        present=max(present, 0),
        minutes=minutes.strip(),
        created_by=account_of(actor),
    )
    MeetingParty.objects.bulk_create(
        MeetingParty(
            meeting=meeting,
            kind=p.kind,
            name=p.name.strip()[:100],
            attendees=p.attendees.strip()[:300],
        )
        for p in parties
    )
    for topic in topics:
        AgendaItem.objects.create(
            meeting=meeting,
            title=(topic.title.strip() or getattr(topic.demand, "title", ""))[:200],
            demand=topic.demand,
            discussion=topic.discussion.strip(),
        )
    _audit(
        MEETING_CHANGED,
        actor,
        community,
        f"{meeting.title}（#{meeting.pk}）",
        meeting_id=meeting.pk,
        held_on=held_on.isoformat(),
    )
    return meeting


@transaction.atomic
def record_minutes(meeting: Meeting, *, minutes: str, present: int, actor: Any) -> Meeting:
    """Write the meeting's minutes and the number present."""
    _require_manager(actor)
    Meeting.objects.filter(pk=meeting.pk).update(minutes=minutes.strip(), present=max(present, 0))
    meeting.refresh_from_db()
    _audit(
        MEETING_CHANGED,
        actor,
        meeting.community,
        f"{meeting.title}（#{meeting.pk}）",
        meeting_id=meeting.pk,
        minutes=True,
    )
    return meeting


# --- decisions ------------------------------------------------------------------------------


@transaction.atomic
def add_decision(
    meeting: Meeting,
    *,
    text: str,
    responsible: str,
    deadline: datetime.date,
    agenda_item: AgendaItem | None = None,
    actor: Any = None,
) -> Decision:
    """A decision of the meeting: who does what by when; open, on the close-out ledger."""
    if not text.strip() or not responsible.strip():
        raise CouncilError(_("决议事项和责任方不能为空"))
    if deadline < meeting.held_on:
        raise CouncilError(_("完成时限不能早于会议日期"))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise CouncilError(_("所选议题不属于该会议"))
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text.strip()[:300],
        responsible=responsible.strip()[:100],
        deadline=deadline,
    )
    DECISIONS.opened(decision, actor=actor)
    return decision


@transaction.atomic
def record_decision_progress(
    decision: Decision,
    *,
    percent: int,
    note: str = "",
    actor: Any = None,
    on: datetime.date | None = None,
) -> DecisionProgress:
    return DECISIONS.record_progress(decision, percent=percent, note=note, actor=actor, on=on)


@transaction.atomic
def add_decision_evidence(
    decision: Decision, *, upload: Any, actor: Any = None
) -> DecisionEvidence:
    return DECISIONS.add_evidence(decision, upload=upload, actor=actor)


@transaction.atomic
def close_decision(
    decision: Decision,
    *,
    version: int,
    evidence_ids: Iterable[int],
    actor: Any,
    note: str = "",
    on: datetime.date | None = None,
) -> Decision:
    """The community confirms a decision carried out (销号), with evidence."""
    _require_manager(actor)
    return DECISIONS.close(
        decision, version=version, evidence_ids=evidence_ids, actor=actor, note=note, on=on
    )


@transaction.atomic
def reopen_decision(decision: Decision, *, version: int, reason: str, actor: Any) -> Decision:
    _require_manager(actor)
    return DECISIONS.reopen(decision, version=version, reason=reason, actor=actor)


# --- conventions ----------------------------------------------------------------------------


def _convention_target(convention: Convention) -> str:
    return f"{convention.title}（{convention.code}）"


@transaction.atomic
def create_convention(
    community: OrgNode,
    *,
    code: str,
    kind: str,
    title: str,
    estate: Any = None,
    actor: Any = None,
) -> Convention:
    if community.level != Level.COMMUNITY:
        raise CouncilError(_("公约须属于一个社区（村）"))
    if not code.strip() or not title.strip():
        raise CouncilError(_("请填写公约的编码和名称"))
    if Convention.objects.filter(code=code.strip()).exists():
        raise CouncilError(_("编码%(code)s已被使用") % {"code": code.strip()})
    if estate is not None and not estate.grid.path.startswith(community.path):
        raise CouncilError(_("所选小区不属于该社区"))
    convention = Convention.objects.create(
        community=community, estate=estate, code=code.strip(), kind=kind, title=title.strip()
    )
    _audit(
        CONVENTION_CHANGED,
        actor,
        community,
        _convention_target(convention),
        convention_id=convention.pk,
        created=True,
    )
    return convention


@transaction.atomic
def propose_version(
    convention: Convention,
    *,
    text: str,
    effective_from: datetime.date,
    method: str,
    owners_vote_id: int | None = None,
    actor: Any = None,
) -> ConventionVersion:
    """Propose a new text, to be decided by a show of hands or by the given owners' vote."""
    if not text.strip():
        raise CouncilError(_("请填写公约条文"))
    if method not in AdoptionMethod.values:
        raise CouncilError(_("表决方式应为议事会举手表决或业主投票"))
    if method == AdoptionMethod.OWNERS_VOTE and not owners_vote_id:
        raise CouncilError(_("业主投票表决须填写业主投票编号"))
    if method == AdoptionMethod.SHOW_OF_HANDS:
        owners_vote_id = None
    last = convention.versions.order_by("-number").values_list("number", flat=True).first()
    version = ConventionVersion.objects.create(
        convention=convention,
        number=(last or 0) + 1,
        text=text.strip(),
        method=method,
        owners_vote_id=owners_vote_id,
        effective_from=effective_from,
        proposed_by=account_of(actor),
    )
    _audit(
        CONVENTION_CHANGED,
        actor,
        convention.community,
        _convention_target(convention),
        convention_id=convention.pk,
        version=version.number,
        status=["", VersionStatus.PROPOSED],
    )
    return version


def _decide(version: ConventionVersion, *, passed: bool, on: datetime.date, **fields: Any) -> Any:
    current = ConventionVersion.objects.select_for_update().get(pk=version.pk)
    if current.status != VersionStatus.PROPOSED:
        raise CouncilError(_("该版本已经表决过"))
    status = VersionStatus.ADOPTED if passed else VersionStatus.REJECTED
    ConventionVersion.objects.filter(pk=current.pk).update(status=status, decided_on=on, **fields)
    current.refresh_from_db()
    return current


def show_of_hands_passes(votes_for: int, votes_against: int, votes_abstain: int) -> bool:
    """More than half of those who voted raised their hand for it."""
    return votes_for * 2 > votes_for + votes_against + votes_abstain


@transaction.atomic
def adopt_by_show_of_hands(
    version: ConventionVersion,
    *,
    meeting: Meeting,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    actor: Any,
) -> ConventionVersion:
    """Record a show of hands at a meeting of the convention's community: adopted when more
    than half of those voting are for it, else rejected."""
    _require_manager(actor)
    if version.method != AdoptionMethod.SHOW_OF_HANDS:
        raise CouncilError(_("该版本由业主投票表决，不能举手表决"))
    if meeting.community_id != version.convention.community_id:
        raise CouncilError(_("表决会议须是该公约所属社区的会议"))
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise CouncilError(_("票数不能为负数"))
    total = votes_for + votes_against + votes_abstain
    if total == 0:
        raise CouncilError(_("请填写表决票数"))
    if meeting.present and total > meeting.present:
        raise CouncilError(
            _("表决人数（%(total)d）超过到会人数（%(present)d）")
            % {"total": total, "present": meeting.present}
        )
    passed = show_of_hands_passes(votes_for, votes_against, votes_abstain)
    current = _decide(
        version,
        passed=passed,
        on=meeting.held_on,
        meeting=meeting,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
    )
    _audit(
        CONVENTION_CHANGED,
        actor,
        version.convention.community,
        _convention_target(version.convention),
        convention_id=version.convention_id,
        version=current.number,
        status=[VersionStatus.PROPOSED, current.status],
        votes=[votes_for, votes_against, votes_abstain],
        meeting_id=meeting.pk,
    )
    return current


@transaction.atomic
def decide_by_owners_vote(vote_id: int, *, passed: bool) -> list[ConventionVersion]:
    """The owners' vote ``vote_id`` has closed: adopt (or reject) the versions it decides."""
    decided = []
    waiting = ConventionVersion.objects.filter(
        owners_vote_id=vote_id,
        method=AdoptionMethod.OWNERS_VOTE,
        status=VersionStatus.PROPOSED,
    ).select_related("convention__community")
    for version in waiting:
        current = _decide(version, passed=passed, on=closeout.today())
        _audit(
            CONVENTION_CHANGED,
            None,
            version.convention.community,
            _convention_target(version.convention),
            convention_id=version.convention_id,
            version=current.number,
            status=[VersionStatus.PROPOSED, current.status],
            owners_vote_id=vote_id,
        )
        decided.append(current)
    return decided
