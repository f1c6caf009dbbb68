"""Writes of the owners app, one named action each: the property company and the committee of
an estate, opening and closing a vote, a ballot entered from paper, a ballot cast online.

Events: when a vote closes, ``close_vote`` calls
``notify("owners.vote_closed", vote_id=<int>, passed=<bool>)`` inside its transaction, so an
app that adopts something by an owners' vote (a 管理规约 version) follows the result.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.kernel.plugins import notify
from grassroots.owners import selectors
from grassroots.owners.choices import Channel, CommitteePost, MatterKind, Opinion
from grassroots.owners.counting import Tally
from grassroots.owners.models import (
    Ballot,
    Committee,
    CommitteeMember,
    PropertyCompany,
    Vote,
    VoteLink,
    area_text,
)
from grassroots.registry.models import Building, Estate, Room

VOTE_OPENED = "owners_vote_opened"
VOTE_CLOSED = "owners_vote_closed"
BALLOT_ENTERED = "owners_ballot_entered"
BALLOT_CAST_ONLINE = "owners_ballot_online"
OWNERS_IMPORTED = "owners_imported"
BALLOTS_IMPORTED = "owners_ballots_imported"
ESTATE_BODIES_CHANGED = "owners_estate_bodies_changed"

LINK_SALT = "grassroots.owners.link"


class OwnersError(ValueError):
    """A write refused, with the reason in Chinese; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# --- the estate's bodies ---------------------------------------------------------------------


@transaction.atomic
def set_property_company(
    *,
    estate: Estate,
    name: str,
    contract_starts: datetime.date,
    contract_ends: datetime.date | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    actor: Any = None,
) -> PropertyCompany:
    """Record the property company serving ``estate`` under a contract (物业服务企业)."""
    if not name.strip():
        raise OwnersError(_("请填写企业名称"), field="name")
    if contract_ends is not None and contract_ends < contract_starts:
        raise OwnersError(_("合同结束日期不能早于开始日期"), field="contract_ends")
    company = PropertyCompany.objects.create(
        grid_id=estate.grid_id,
        estate=estate,
        name=name.strip(),
        contract_starts=contract_starts,
        contract_ends=contract_ends,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
    )
    record(ESTATE_BODIES_CHANGED, actor=actor, target=company.name, estate_id=estate.pk)
    return company


@transaction.atomic
def set_committee(
    *,
    estate: Estate,
    name: str,
    elected_on: datetime.date,
    term_ends: datetime.date,
    members: Iterable[tuple[str, str] | tuple[str, str, Any]] = (),
    actor: Any = None,
) -> Committee:
    """Record an estate's owners' committee (业主委员会) and its members for the term;
    ``members`` are (name, post) or (name, post, account): the account of a member who signs
    in to see the estate (role 业委会成员)."""
    if term_ends <= elected_on:
        raise OwnersError(_("任期届满日期应晚于选举日期"), field="term_ends")
    committee = Committee.objects.create(
        grid_id=estate.grid_id,
        estate=estate,
        name=name.strip() or _("%(estate)s业主委员会") % {"estate": estate.name},
        elected_on=elected_on,
        term_ends=term_ends,
    )
    for member_name, post, *account in members:
        if post not in CommitteePost.values:
            raise OwnersError(_("职务应为主任、副主任或委员"), field="members")
        add_committee_member(
            committee, name=member_name, post=post, account=account[0] if account else None
        )
    record(ESTATE_BODIES_CHANGED, actor=actor, target=committee.name, estate_id=estate.pk)
    return committee


def add_committee_member(
    committee: Committee, *, name: str, post: str = CommitteePost.MEMBER, account: Any = None
) -> CommitteeMember:
    return CommitteeMember.objects.create(
        committee=committee,
        grid_id=committee.grid_id,
        name=name,
        post=post,
        term_starts=committee.elected_on,
        term_ends=committee.term_ends,
        account=account,
    )


# --- votes --------------------------------------------------------------------------------


@transaction.atomic
def open_vote(
    *,
    estate: Estate,
    title: str,
    kind: str,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
    matter: str = "",
    buildings: Iterable[str] = (),
    actor: Any = None,
) -> Vote:
    """Open a vote of ``estate``'s owners (or of some of its buildings, by name)."""
    if not title.strip():
        raise OwnersError(_("请填写表决事项"), field="title")
    if kind not in MatterKind.values:
        raise OwnersError(_("事项类别应为一般事项或重大事项"), field="kind")
    opens_at = opens_at or timezone.now()
    closes_at = closes_at or opens_at + datetime.timedelta(days=30)
    if closes_at <= opens_at:
        raise OwnersError(_("截止时间应晚于开始时间"), field="closes_at")
    names = [n.strip() for n in buildings if n.strip()]
    rows = list(Building.objects.filter(estate=estate, name__in=names))
    missing = sorted(set(names) - {b.name for b in rows})
    if missing:
        raise OwnersError(
            _("小区%(estate)s没有楼栋：%(names)s")
            % {"estate": estate.name, "names": "、".join(missing)},
            field="buildings",
        )
    vote = Vote.objects.create(
        grid_id=estate.grid_id,
        estate=estate,
        title=title.strip(),
        matter=matter.strip(),
        kind=kind,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if rows:
        vote.buildings.set(rows)
    if not selectors.vote_rooms(vote).exists():
        raise OwnersError(_("表决范围内没有房屋"), field="buildings")
    record(VOTE_OPENED, actor=actor, target=vote.title, vote_id=vote.pk, estate_id=estate.pk)
    return vote


def is_open(vote: Vote, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return vote.closed_at is None and vote.opens_at <= now < vote.closes_at


def _refuse_unless_open(vote: Vote) -> None:
    if vote.closed_at is not None or timezone.now() >= vote.closes_at:
        raise OwnersError(_("表决已截止，不再接受表决票"), field="vote")
    if timezone.now() < vote.opens_at:
        raise OwnersError(_("表决尚未开始"), field="vote")


def tally_json(result: Tally) -> dict[str, Any]:
    """The figures as the command and the API give them (areas with two decimals)."""
    return {
        "rooms": result.rooms,
        "owners": result.owners,
        "area_total": float(area_text(result.area_total)),
        "voted_owners": result.voted_owners,
        "voted_area": float(area_text(result.voted_area)),
        "quorum": result.quorum,
        "agree_owners": result.agree_owners,
        "agree_area": float(area_text(result.agree_area)),
        "against_owners": result.against_owners,
        "against_area": float(area_text(result.against_area)),
        "abstain_owners": result.abstain_owners,
        "abstain_area": float(area_text(result.abstain_area)),
        "passed": result.passed,
    }


@transaction.atomic
def close_vote(vote: Vote, *, actor: Any = None) -> Tally:
    """Close ``vote`` now: keep its figures on the row and tell the listeners the result."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if vote.closed_at is not None:
        raise OwnersError(_("该表决已经结束"), field="vote")
    result = selectors.tally(vote)
    now = timezone.now()
    vote.closed_at = now
    # Closed before its closing time (every owner has voted, or the committee ends it): the
    # vote's period ends now, as the notice states.
    vote.closes_at = min(vote.closes_at, now)
    vote.passed = result.passed
    vote.result = tally_json(result)
    vote.save(update_fields=["closed_at", "closes_at", "passed", "result"])
    record(VOTE_CLOSED, actor=actor, target=vote.title, vote_id=vote.pk, passed=result.passed)
    notify("owners.vote_closed", vote_id=vote.pk, passed=result.passed)
    return result


def close_due_votes(*, now: datetime.datetime | None = None) -> list[Vote]:
    """Close every vote whose closing time has passed."""
    now = now or timezone.now()
    closed = []
    for vote in Vote.objects.filter(closed_at__isnull=True, closes_at__lte=now).order_by("pk"):
        close_vote(vote)
        closed.append(vote)
    return closed


def _vote_room(vote: Vote, room: Room) -> None:
    if not selectors.vote_rooms(vote).filter(pk=room.pk).exists():
        raise OwnersError(_("该房屋不在本次表决范围内"), field="room")


@transaction.atomic
def enter_ballot(
    vote: Vote, *, room: Room, opinion: str, actor: Any = None, request: Any = None
) -> Ballot:
    """A paper ballot entered by staff for the owner of ``room`` (audited, each one). It
    replaces the owner's earlier opinion for all their rooms."""
    _refuse_unless_open(vote)
    if opinion not in Opinion.values:
        raise OwnersError(_("表决意见应为同意、反对或弃权"), field="opinion")
    _vote_room(vote, room)
    ballot = Ballot.objects.create(
        vote=vote,
        grid_id=vote.grid_id,
        room=room,
        opinion=opinion,
        channel=Channel.PAPER,
        entered_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        BALLOT_ENTERED,
        actor=actor,
        request=request,
        target=room.address,
        vote_id=vote.pk,
        opinion=opinion,
    )
    return ballot


# --- online ballots through a one-time link -----------------------------------------------


def link_for(vote: Vote, head_room_id: int) -> VoteLink:
    """The owner's link (made once, kept for every print of their ballot)."""
    link, _created = VoteLink.objects.get_or_create(
        vote=vote,
        room_id=head_room_id,
        defaults={"grid_id": vote.grid_id, "nonce": secrets.token_hex(16)},
    )
    return link


def link_token(link: VoteLink) -> str:
    return signing.dumps({"l": link.pk, "n": link.nonce}, salt=LINK_SALT, compress=True)


def link_from_token(token: str) -> VoteLink | None:
    """The link a token stands for, or None for a forged, altered or unknown one."""
    try:
        data = signing.loads(token or "", salt=LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    link = VoteLink.objects.select_related("vote", "vote__estate").filter(pk=data.get("l")).first()
    if link is None or not secrets.compare_digest(link.nonce, str(data.get("n", ""))):
        return None
    return link


class LinkUsed(OwnersError):
    """The one-time link has given its ballot already."""


@transaction.atomic
def cast_online(link: VoteLink, *, opinion: str, request: Any = None) -> Ballot:
    """The owner's own ballot through their one-time link; the link is spent by it."""
    vote = link.vote
    _refuse_unless_open(vote)
    if opinion not in Opinion.values:
        raise OwnersError(_("请选择同意、反对或弃权"), field="opinion")
    now = timezone.now()
    # One UPDATE decides who spends the link: of two submissions at once, one wins.
    spent = VoteLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
    if not spent:
        raise LinkUsed(_("此链接已经表决过，不能再次使用"), field="link")
    ballot = Ballot.objects.create(
        vote=vote,
        grid_id=vote.grid_id,
        room_id=link.room_id,
        opinion=opinion,
        channel=Channel.ONLINE,
        link=link,
    )
    record(
        BALLOT_CAST_ONLINE,
        request=request,
        username="",
        target=f"vote:{vote.pk}",
        vote_id=vote.pk,
        link_id=link.pk,
    )
    return ballot


def links_for(vote: Vote, head_room_ids: Iterable[int]) -> dict[int, str]:
    """Each owner's one-time link token, by the room that names the owner (made once)."""
    wanted = list(head_room_ids)
    with transaction.atomic():
        have = {link.room_id: link for link in VoteLink.objects.filter(vote=vote)}
        VoteLink.objects.bulk_create(
            VoteLink(vote=vote, grid_id=vote.grid_id, room_id=pk, nonce=secrets.token_hex(16))
            for pk in wanted
            if pk not in have
        )
        have = {link.room_id: link for link in VoteLink.objects.filter(vote=vote)}
    return {pk: link_token(have[pk]) for pk in wanted}
