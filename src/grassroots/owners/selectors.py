"""Reads of the owners app: an estate's owners, votes, the rooms and owners a vote counts, and
its tally. Scoped reads start from ``visible_to``; the tally of a vote the caller may see
reads every room of the vote (the law counts them all)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Prefetch, QuerySet, Value, When

from grassroots.owners.choices import CommitteePost
from grassroots.owners.counting import DEVELOPER, Tally, count
from grassroots.owners.models import (
    Ballot,
    Committee,
    CommitteeMember,
    Ownership,
    PropertyCompany,
    RoomArea,
    Vote,
)
from grassroots.owners.scope import committee_only, seated_estates
from grassroots.registry.models import Building, Estate, Room


def votes(user: Any) -> QuerySet[Vote]:
    return Vote.objects.visible_to(user).select_related("estate", "grid")


def companies(user: Any) -> QuerySet[PropertyCompany]:
    return PropertyCompany.objects.visible_to(user).select_related("estate", "grid")


def committees(user: Any) -> QuerySet[Committee]:
    """The committees the user may see, each with its members: chair, vice chairs, members."""
    rank = Case(
        When(post=CommitteePost.CHAIR, then=Value(0)),
        When(post=CommitteePost.VICE_CHAIR, then=Value(1)),
        default=Value(2),
    )
    members = CommitteeMember.objects.annotate(rank=rank).order_by("rank", "pk")
    return (
        Committee.objects.visible_to(user)
        .select_related("estate", "grid")
        .prefetch_related(Prefetch("members", queryset=members))
    )


def vote_rooms(vote: Vote) -> QuerySet[Room]:
    """The rooms a vote counts: its estate's, or those of its buildings."""
    rooms = Room.objects.filter(building__estate_id=vote.estate_id)
    building_ids = [b.pk for b in vote.buildings.all()]
    if building_ids:
        rooms = rooms.filter(building_id__in=building_ids)
    return rooms


def tally(vote: Vote) -> Tally:
    """The count of ``vote`` now, by the rules of ``owners.counting``: three reads (rooms with
    their areas, their owners, the ballots in the order given)."""
    rooms = vote_rooms(vote)
    room_ids = rooms.values("pk")
    area_of = dict(
        RoomArea.objects.filter(estate_id=vote.estate_id, room_id__in=room_ids).values_list(
            "room_id", "area_hundredths"
        )
    )
    areas = [(pk, area_of.get(pk, 0)) for pk in rooms.values_list("pk", flat=True)]
    ownerships = Ownership.objects.filter(
        estate_id=vote.estate_id, room_id__in=room_ids
    ).values_list("room_id", "owner_id", "owner__kind")
    ballots = Ballot.objects.filter(vote=vote).order_by("pk").values_list("room_id", "opinion")
    return count(major=vote.is_major, areas=areas, ownerships=ownerships, ballots=ballots)


@dataclass
class Head:
    """One owner as the vote counts them: their rooms, names and area, and their opinion."""

    room_id: int  # the first of the rooms, which names the head (and its online link)
    rooms: list[Room]
    names: list[str]
    area: int
    opinion: str | None

    @property
    def area_text(self) -> str:
        from grassroots.owners.models import area_text

        return area_text(self.area)

    @property
    def addresses(self) -> str:
        return "、".join(r.address for r in self.rooms)


def heads_of(vote: Vote, result: Tally | None = None) -> list[Head]:
    """Every owner of the vote with their rooms, in the order of their first room."""
    result = result or tally(vote)
    rooms = {r.pk: r for r in vote_rooms(vote).order_by("pk")}
    names: dict[int, list[str]] = defaultdict(list)
    for room_id, name in Ownership.objects.filter(room_id__in=list(rooms)).values_list(
        "room_id", "owner__name"
    ):
        names[room_id].append(name)
    area_of = dict(
        RoomArea.objects.filter(room_id__in=list(rooms)).values_list("room_id", "area_hundredths")
    )
    grouped: dict[int, Head] = {}
    for pk, room in rooms.items():
        head = result.head_of.get(pk, pk)
        entry = grouped.setdefault(head, Head(head, [], [], 0, result.opinions.get(head)))
        entry.rooms.append(room)
        entry.area += area_of.get(pk, 0)
        for name in names.get(pk, ()):
            if name not in entry.names:
                entry.names.append(name)
    return sorted(grouped.values(), key=lambda h: h.room_id)


def head_of_room(vote: Vote, room_id: int) -> Head | None:
    """The owner the vote counts ``room_id`` in, with all their rooms: found by following the
    room's owners to their other rooms (and the developer to all its rooms), not by counting
    the whole estate, so an owner's own page stays quick in a large one."""
    in_vote = vote_rooms(vote)
    if not in_vote.filter(pk=room_id).exists():
        return None
    rooms, frontier, seen_owners, developer = {room_id}, {room_id}, set(), False
    while frontier:
        held = list(
            Ownership.objects.filter(room_id__in=frontier).values_list("owner_id", "owner__kind")
        )
        owners = {owner for owner, _kind in held} - seen_owners
        seen_owners |= owners
        linked = Ownership.objects.filter(owner_id__in=owners, room__in=in_vote)
        if not developer and any(kind == DEVELOPER for _owner, kind in held):
            developer = True
            linked = linked | Ownership.objects.filter(
                owner__kind=DEVELOPER, estate_id=vote.estate_id, room__in=in_vote
            )
        frontier = set(linked.values_list("room_id", flat=True)) - rooms
        rooms |= frontier
    rows = list(Room.objects.filter(pk__in=rooms).order_by("pk"))
    names: list[str] = []
    for name in (
        Ownership.objects.filter(room_id__in=rooms)
        .order_by("room_id", "pk")
        .values_list("owner__name", flat=True)
    ):
        if name not in names:
            names.append(name)
    area = sum(RoomArea.objects.filter(room_id__in=rooms).values_list("area_hundredths", flat=True))
    return Head(rows[0].pk, rows, names, area, None)


def estates(user: Any) -> QuerySet[Estate]:
    """The estates the user may see: a committee member's own only."""
    rows = Estate.objects.visible_to(user).select_related("grid").order_by("grid__code", "name")
    if committee_only(user):
        rows = rows.filter(pk__in=seated_estates(user))
    return rows


def vote_buildings(vote: Vote) -> list[str]:
    """The names of the buildings a vote covers (all of the estate's when none is chosen)."""
    chosen = [b.name for b in vote.buildings.all()]
    if chosen:
        return chosen
    return list(
        Building.objects.filter(estate_id=vote.estate_id)
        .order_by("pk")
        .values_list("name", flat=True)
    )


def find_vote_room(vote: Vote, *, building: str, unit: str, number: str) -> Room | None:
    return (
        vote_rooms(vote)
        .filter(building__name=building.strip(), unit=unit.strip(), number=number.strip())
        .first()
    )


def recent_ballots(vote: Vote, limit: int = 20) -> list[Ballot]:
    return list(
        Ballot.objects.filter(vote=vote)
        .select_related("room", "entered_by")
        .order_by("-pk")[:limit]
    )


def estate_bodies(user: Any) -> list[dict[str, Any]]:
    """Each estate the user may see that has a property company or a committee, with them."""
    company_rows = list(companies(user))
    committee_rows = list(committees(user))
    by_estate: dict[int, dict[str, Any]] = {}
    for company in company_rows:
        entry = by_estate.setdefault(
            company.estate_id, {"estate": company.estate, "companies": [], "committees": []}
        )
        entry["companies"].append(company)
    for committee in committee_rows:
        entry = by_estate.setdefault(
            committee.estate_id, {"estate": committee.estate, "companies": [], "committees": []}
        )
        entry["committees"].append(committee)
    return sorted(by_estate.values(), key=lambda e: e["estate"].name)


@dataclass
class Bar:
    """One figure drawn against its legal threshold (the drawing only: ``met`` is exact)."""

    label: str
    figure: str
    share: float  # 0-100, for the width of the bar
    threshold: float  # 0-100, where the line is drawn
    threshold_label: str
    met: bool


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def bars(vote: Vote, result: Tally) -> dict[str, list[Bar]]:
    """Area and heads side by side: participation against two thirds, agreement against three
    quarters (major matters) or more than half."""
    from django.utils.translation import gettext as _

    from grassroots.owners.models import area_text

    pass_at, pass_label = (75.0, _("四分之三以上")) if vote.is_major else (50.0, _("过半数"))
    return {
        "area": [
            Bar(
                _("参与表决面积"),
                _("%(a)s / %(b)s 平方米")
                % {"a": area_text(result.voted_area), "b": area_text(result.area_total)},
                _share(result.voted_area, result.area_total),
                66.7,
                _("三分之二以上"),
                result.quorum_area,
            ),
            Bar(
                _("同意面积（占参与表决）"),
                _("%(a)s / %(b)s 平方米")
                % {"a": area_text(result.agree_area), "b": area_text(result.voted_area)},
                _share(result.agree_area, result.voted_area),
                pass_at,
                pass_label,
                result.agree_area_enough,
            ),
        ],
        "owners": [
            Bar(
                _("参与表决人数"),
                _("%(a)d / %(b)d 人") % {"a": result.voted_owners, "b": result.owners},
                _share(result.voted_owners, result.owners),
                66.7,
                _("三分之二以上"),
                result.quorum_owners,
            ),
            Bar(
                _("同意人数（占参与表决）"),
                _("%(a)d / %(b)d 人") % {"a": result.agree_owners, "b": result.voted_owners},
                _share(result.agree_owners, result.voted_owners),
                pass_at,
                pass_label,
                result.agree_owners_enough,
            ),
        ],
    }


def link_ballot(link: Any) -> Ballot | None:
    """The ballot an owner gave through their one-time link, if they have."""
    return Ballot.objects.filter(link=link).order_by("-pk").first()


def committee_account(user: Any, username: str) -> Any:
    """An account the user may see that holds the owners' committee role, by username."""
    from grassroots.accounts.models import Account
    from grassroots.kernel.permissions import Role

    return (
        Account.objects.visible_to(user)
        .filter(username=username.strip(), role_grants__role=Role.OWNERS_COMMITTEE)
        .first()
    )


def estate(user: Any, pk: int) -> Estate | None:
    return estates(user).filter(pk=pk).first()
