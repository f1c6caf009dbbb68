"""Counting an owners' vote by the law (民法典第二百七十八条, 法释〔2009〕7号第八条、第九条).

- Area (专有部分面积): each room's exclusive area; the total is the sum over the vote's rooms.
- Heads (业主人数): one room is one owner, except that every room of the developer (建设单位)
  that is unsold or undelivered counts as one owner together, and every room of one buyer
  counts as one owner. Co-owners of one room are one owner. Rooms that share an owner are
  therefore one head: the heads are the groups of rooms linked by their owners.
- Quorum (参与表决): owners holding at least two thirds of the area and at least two thirds of
  the heads took part (an abstention takes part).
- Passing: a major matter (art. 278 items (6)-(8)) needs at least three quarters of the
  participating area and of the participating heads to agree; any other matter more than half
  of both.
- One owner, one opinion: an owner's later ballot replaces their earlier one for all their
  rooms.

"At least" includes the boundary, "more than half" does not. Areas are whole hundredths of a
square metre and every comparison is made in integers (3 × agreeing ≥ 2 × total, never a
rounded percentage).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from grassroots.owners.choices import Opinion

DEVELOPER = "developer"


@dataclass
class Tally:
    """The figures of a vote; areas in hundredths of a square metre."""

    major: bool
    rooms: int = 0
    owners: int = 0
    area_total: int = 0
    voted_owners: int = 0
    voted_area: int = 0
    agree_owners: int = 0
    agree_area: int = 0
    against_owners: int = 0
    against_area: int = 0
    abstain_owners: int = 0
    abstain_area: int = 0
    # room id -> the head it counts in (the smallest room id of its group) and its opinion.
    head_of: dict[int, int] = field(default_factory=dict, repr=False)
    opinions: dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def quorum_area(self) -> bool:
        return 3 * self.voted_area >= 2 * self.area_total and self.area_total > 0

    @property
    def quorum_owners(self) -> bool:
        return 3 * self.voted_owners >= 2 * self.owners and self.owners > 0

    @property
    def quorum(self) -> bool:
        return self.quorum_area and self.quorum_owners

    @property
    def agree_area_enough(self) -> bool:
        if self.voted_area == 0:
            return False
        if self.major:
            return 4 * self.agree_area >= 3 * self.voted_area
        return 2 * self.agree_area > self.voted_area

    @property
    def agree_owners_enough(self) -> bool:
        if self.voted_owners == 0:
            return False
        if self.major:
            return 4 * self.agree_owners >= 3 * self.voted_owners
        return 2 * self.agree_owners > self.voted_owners

    @property
    def passed(self) -> bool:
        return self.quorum and self.agree_area_enough and self.agree_owners_enough


def _find(parent: dict[int, int], room: int) -> int:
    root = room
    while parent[root] != root:
        root = parent[root]
    while parent[room] != root:  # path compression: later look-ups are one step
        parent[room], room = root, parent[room]
    return root


def _union(parent: dict[int, int], a: int, b: int) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        # The smaller room id stays the head's name, so a head is named the same every time.
        parent[max(ra, rb)] = min(ra, rb)


def heads(rooms: Iterable[int], ownerships: Iterable[tuple[int, int, str]]) -> dict[int, int]:
    """Each room and the head it counts in (the smallest room id of its group).

    ``ownerships`` are (room, owner, owner kind) rows: rooms of one owner are one head, and
    every room of any developer is one head with the rest of the developer's.
    """
    parent = {room: room for room in rooms}
    first_of: dict[int, int] = {}
    developer_room: int | None = None
    for room, owner, kind in ownerships:
        if room not in parent:
            continue
        if kind == DEVELOPER:
            if developer_room is None:
                developer_room = room
            else:
                _union(parent, developer_room, room)
        seen = first_of.setdefault(owner, room)
        if seen != room:
            _union(parent, seen, room)
    return {room: _find(parent, room) for room in parent}


def count(
    *,
    major: bool,
    areas: Iterable[tuple[int, int]],
    ownerships: Iterable[tuple[int, int, str]],
    ballots: Iterable[tuple[int, str]],
) -> Tally:
    """The tally of a vote.

    ``areas``: (room, area in hundredths) for every room of the vote; ``ownerships``: (room,
    owner, owner kind); ``ballots``: (room, opinion) in the order they were given, the later
    replacing the earlier for the whole head.
    """
    area_of = dict(areas)
    head_of = heads(area_of, ownerships)
    head_area: dict[int, int] = {}
    for room, head in head_of.items():
        head_area[head] = head_area.get(head, 0) + area_of[room]
    opinions: dict[int, str] = {}
    for room, opinion in ballots:
        head = head_of.get(room)
        if head is not None:
            opinions[head] = opinion
    tally = Tally(
        major=major,
        rooms=len(area_of),
        owners=len(head_area),
        area_total=sum(head_area.values()),
        head_of=head_of,
        opinions=opinions,
    )
    for head, opinion in opinions.items():
        area = head_area[head]
        tally.voted_owners += 1
        tally.voted_area += area
        if opinion == Opinion.AGREE:
            tally.agree_owners += 1
            tally.agree_area += area
        elif opinion == Opinion.AGAINST:
            tally.against_owners += 1
            tally.against_area += area
        else:
            tally.abstain_owners += 1
            tally.abstain_area += area
    return tally
