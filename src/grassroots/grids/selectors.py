"""Reads of the grid roster and the notice boards, through ``visible_to``.

A grid's roster gathers what serves it (一格多员): its posts (网格长, 网格员, 志愿者, 乡贤), the
accounts holding the grid-worker role there, its party branch and secretary, and the members
who live in it or keep in touch with its households. The check lists grids short of a chief, a
worker (a post or an account) or a party branch.

A notice (亮身份) is what a building shows its residents: its party organisation (the one set
for it, else its grid's branch), the members linked to its households with the work phone each
agreed to show, and the grid's chief and workers with their work phones. Nothing about the
residents is read for it. The public page finds its building by a signed token, which is its
scope: no account is signed in there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import Http404

from grassroots.accounts.models import Account
from grassroots.grids.models import (
    BUILDING_KINDS,
    BuildingBranch,
    GridPost,
    MemberBoardPhone,
    PostRole,
)
from grassroots.indicators.periods import Period
from grassroots.kernel.crypto import mask_phone
from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import WorkerFigure, installed_plugins, load
from grassroots.kernel.scope import get_visible_or_404
from grassroots.members.models import HouseholdLink, Member
from grassroots.org.models import Level, OrgNode, PartyOrganization, PartyOrgKind
from grassroots.people.models import Person
from grassroots.registry.models import Building

BRANCH_KINDS = (PartyOrgKind.GRID_BRANCH, PartyOrgKind.BUILDING_BRANCH)
BOARD_SALT = "grassroots.grids.board"
GAP_CHIEF, GAP_WORKER, GAP_BRANCH = "chief", "worker", "branch"
ROLE_ORDER = {role: n for n, role in enumerate(PostRole.values)}  # chief, worker, volunteer...
GAP_LABELS = {GAP_CHIEF: "无网格长", GAP_WORKER: "无网格员", GAP_BRANCH: "无党支部"}


def _visible(model: Any, user: Any) -> QuerySet:
    """``user`` None is the operator's command line: every row."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


# --- the roster ------------------------------------------------------------------------------


def units(user: Any) -> QuerySet[OrgNode]:
    """The units above grids the user sees (district, streets, communities), for the picker."""
    return _visible(OrgNode, user).exclude(level=Level.GRID).order_by("path")


def unit(user: Any, node_id: int) -> OrgNode:
    return get_visible_or_404(OrgNode, user, pk=node_id)


def unit_by_code(code: str) -> OrgNode | None:
    """The command line's ``--unit``: any node of the tree by its code."""
    return OrgNode.objects.filter(code=code.strip()).first()


def grids_in(user: Any, node: OrgNode | None = None) -> QuerySet[OrgNode]:
    """The grids the user sees, under ``node`` when given, by code."""
    grids = _visible(OrgNode, user).filter(level=Level.GRID)
    if node is not None:
        grids = grids.filter(path__startswith=node.path)
    return grids.order_by("code")


def is_grid(node: OrgNode) -> bool:
    return node.level == Level.GRID


def grid(user: Any, node_id: int) -> OrgNode:
    return get_visible_or_404(OrgNode, user, pk=node_id, level=Level.GRID)


@dataclass
class Post:
    """One line of a roster: a post, or a grid-worker account without a post behind it."""

    role: str
    role_label: str
    name: str
    phone: str  # masked
    since: Any = None
    post: GridPost | None = None


@dataclass
class RosterMember:
    member: Member
    name: str
    lives_here: bool
    households: int  # linked households in this grid


@dataclass
class Roster:
    grid: OrgNode
    chiefs: list[Post]
    workers: list[Post]
    volunteers: list[Post]
    notables: list[Post]
    branch: PartyOrganization | None
    secretary: str
    members: list[RosterMember]
    past: list[GridPost]
    gaps: list[str] = field(default_factory=list)

    @property
    def gap_labels(self) -> list[str]:
        return [GAP_LABELS[g] for g in self.gaps]


def _post_line(post: GridPost) -> Post:
    return Post(
        role=post.role,
        role_label=post.get_role_display(),
        name=post.name,
        phone=mask_phone(post.work_phone) if post.work_phone else "",
        since=post.since,
        post=post,
    )


def worker_accounts(user: Any, grid_ids: Any) -> QuerySet[Account]:
    """Active accounts holding the grid-worker role at these grids."""
    return (
        _visible(Account, user)
        .filter(org_node_id__in=grid_ids, role_grants__role=Role.GRID_WORKER, is_active=True)
        .distinct()
        .order_by("pk")
    )


def _branch(user: Any, grid: OrgNode) -> PartyOrganization | None:
    return (
        _visible(PartyOrganization, user)
        .filter(org_node=grid, kind__in=BRANCH_KINDS)
        .order_by("kind", "path")
        .first()
    )


def _secretary(user: Any, branch: PartyOrganization | None) -> str:
    if branch is None:
        return ""
    if branch.secretary_name:
        return branch.secretary_name
    person = (
        _visible(Person, user)
        .filter(party_branch=branch, post__contains="书记")
        .order_by("pk")
        .first()
    )
    return person.name if person else ""


def _members(user: Any, grid: OrgNode) -> list[RosterMember]:
    linked: dict[int, int] = defaultdict(int)
    links = _visible(HouseholdLink, user).filter(grid=grid, ended_on__isnull=True)
    for member_id in links.values_list("member_id", flat=True):
        linked[member_id] += 1
    members = (
        _visible(Member, user)
        .filter(Q(grid=grid) | Q(pk__in=list(linked)))
        .select_related("person")
        .order_by("person__name", "pk")
    )
    return [
        RosterMember(m, m.person.name, m.grid_id == grid.pk, linked.get(m.pk, 0)) for m in members
    ]


def roster(user: Any, node_id: int) -> Roster:
    """The whole roster of one grid the user sees (a grid outside their scope is a 404)."""
    found = grid(user, node_id)
    posts = _visible(GridPost, user).filter(grid=found).order_by("role", "since", "pk")
    current = [p for p in posts if p.until is None]
    by_role: dict[str, list[Post]] = defaultdict(list)
    for post in current:
        by_role[post.role].append(_post_line(post))
    post_people = {p.person_id for p in current if p.person_id}
    for account in worker_accounts(user, [found.pk]).select_related("person"):
        if account.person_id and account.person_id in post_people:
            continue  # already on the roster by their post
        by_role[PostRole.WORKER].append(
            Post(PostRole.WORKER, str(PostRole.WORKER.label), str(account), "")
        )
    branch = _branch(user, found)
    result = Roster(
        grid=found,
        chiefs=by_role[PostRole.CHIEF],
        workers=by_role[PostRole.WORKER],
        volunteers=by_role[PostRole.VOLUNTEER],
        notables=by_role[PostRole.NOTABLE],
        branch=branch,
        secretary=_secretary(user, branch),
        members=_members(user, found),
        past=[p for p in posts if p.until is not None],
    )
    result.gaps = [
        gap
        for gap, missing in (
            (GAP_CHIEF, not result.chiefs),
            (GAP_WORKER, not result.workers),
            (GAP_BRANCH, branch is None),
        )
        if missing
    ]
    return result


# --- the check and the overview of a unit ----------------------------------------------------


@dataclass
class GridLine:
    """One grid of a unit's overview: who serves it, in counts and names, and its gaps."""

    grid: OrgNode
    chiefs: list[str]
    workers: list[str]
    volunteers: int
    notables: int
    members: int
    branch: str
    gaps: list[str]

    @property
    def gap_labels(self) -> list[str]:
        return [GAP_LABELS[g] for g in self.gaps]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.grid.code, "name": self.grid.name, "gaps": self.gaps}


def overview(user: Any, node: OrgNode | None = None) -> list[GridLine]:
    """Every grid the user sees under ``node``, with its posts, members, branch and gaps, in a
    fixed number of queries whatever the number of grids."""
    grids = list(grids_in(user, node))
    ids = [g.pk for g in grids]
    names: dict[tuple[int, str], list[str]] = defaultdict(list)
    posts = _visible(GridPost, user).filter(grid_id__in=ids, until__isnull=True)
    for grid_id, role, name in posts.order_by("since", "pk").values_list("grid_id", "role", "name"):
        names[(grid_id, role)].append(name)
    for account in worker_accounts(user, ids):
        if str(account) not in names[(account.org_node_id, PostRole.WORKER)]:
            names[(account.org_node_id, PostRole.WORKER)].append(str(account))
    branches: dict[int, str] = {}
    party = _visible(PartyOrganization, user).filter(org_node_id__in=ids, kind__in=BRANCH_KINDS)
    for grid_id, name in party.order_by("kind", "path").values_list("org_node_id", "name"):
        branches.setdefault(grid_id, name)
    members: dict[int, int] = defaultdict(int)
    for grid_id in _visible(Member, user).filter(grid_id__in=ids).values_list("grid_id", flat=True):
        members[grid_id] += 1
    lines = []
    for g in grids:
        chiefs, workers = names[(g.pk, PostRole.CHIEF)], names[(g.pk, PostRole.WORKER)]
        gaps = [
            gap
            for gap, missing in (
                (GAP_CHIEF, not chiefs),
                (GAP_WORKER, not workers),
                (GAP_BRANCH, g.pk not in branches),
            )
            if missing
        ]
        lines.append(
            GridLine(
                grid=g,
                chiefs=chiefs,
                workers=workers,
                volunteers=len(names[(g.pk, PostRole.VOLUNTEER)]),
                notables=len(names[(g.pk, PostRole.NOTABLE)]),
                members=members[g.pk],
                branch=branches.get(g.pk, ""),
                gaps=gaps,
            )
        )
    return lines


def gaps(user: Any, node: OrgNode | None = None) -> list[GridLine]:
    """The grids without a chief, without a worker or without a party branch (一格多员 check)."""
    return [line for line in overview(user, node) if line.gaps]


def post(user: Any, grid_post_id: int) -> GridPost:
    return get_visible_or_404(GridPost, user, pk=grid_post_id)


def grid_people(user: Any, grid: OrgNode) -> QuerySet[Person]:
    """People a post may be given to: those of the grid and of the units above it that the
    user sees (a community cadre often chairs a grid)."""
    above = [grid.path[:i] for i in range(OrgNode.steplen, len(grid.path) + 1, OrgNode.steplen)]
    return (
        _visible(Person, user)
        .filter(Q(org_node=grid) | Q(org_node__path__in=above[-2:]))
        .order_by("name", "pk")
    )


def building_party_orgs(user: Any, building: Building) -> QuerySet[PartyOrganization]:
    """The party organisations that may answer for a building: those leading its grid."""
    return grid_party_orgs(user, building.grid_id)


def grid_party_orgs(user: Any, grid_id: int) -> QuerySet[PartyOrganization]:
    return (
        _visible(PartyOrganization, user)
        .filter(org_node_id=grid_id, kind__in=BUILDING_KINDS)
        .order_by("kind", "name")
    )


def grid_members(user: Any, grid: OrgNode) -> QuerySet[Member]:
    """Members living in the grid, with the phone they agreed to show, if any."""
    return (
        _visible(Member, user)
        .filter(grid=grid)
        .select_related("person", "board_phone")
        .order_by("person__name", "pk")
    )


def member(user: Any, party_member_id: int) -> Member:
    return get_visible_or_404(Member, user, pk=party_member_id)


# --- the notice boards -----------------------------------------------------------------------


def board_token(building_id: int) -> str:
    """The public page's key for a building: its id, signed, so no one reaches another building
    by changing a number."""
    return signing.Signer(salt=BOARD_SALT).sign(str(building_id))


def building_id_from_token(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=BOARD_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None


@dataclass
class BoardPerson:
    role: str  # 网格长 / 网格员 / 党员
    name: str
    phone: str  # unmasked: a work phone published on purpose, or ""


@dataclass
class Board:
    """What one building's notice shows. Only public facts: no resident is named."""

    building: Building
    grid: OrgNode
    party_org: PartyOrganization | None
    party_org_is_own: bool  # set for the building, rather than the grid's branch
    members: list[BoardPerson]
    staff: list[BoardPerson]
    token: str

    @property
    def title(self) -> str:
        return f"{self.building.estate.name}{self.building.name}"


def _boards(buildings: list[Building]) -> list[Board]:
    """The notices of these buildings (already read through the scope, or by a valid token),
    in a fixed number of queries."""
    if not buildings:
        return []
    building_ids = [b.pk for b in buildings]
    grid_ids = {b.grid_id for b in buildings}
    grids = OrgNode.objects.in_bulk(grid_ids)
    own = {
        link.building_id: link.party_org
        for link in BuildingBranch.objects.filter(building_id__in=building_ids).select_related(
            "party_org"
        )
    }
    grid_branch: dict[int, PartyOrganization] = {}
    for org in PartyOrganization.objects.filter(
        org_node_id__in=grid_ids, kind__in=BRANCH_KINDS
    ).order_by("kind", "path"):
        grid_branch.setdefault(org.org_node_id, org)
    staff: dict[int, list[BoardPerson]] = defaultdict(list)
    posts = GridPost.objects.filter(
        grid_id__in=grid_ids, until__isnull=True, role__in=[PostRole.CHIEF, PostRole.WORKER]
    ).order_by("role", "since", "pk")
    for p in posts:
        staff[p.grid_id].append(BoardPerson(str(p.get_role_display()), p.name, p.work_phone))
    members = _board_members(building_ids)
    return [
        Board(
            building=b,
            grid=grids[b.grid_id],
            party_org=own.get(b.pk) or grid_branch.get(b.grid_id),
            party_org_is_own=b.pk in own,
            members=members.get(b.pk, []),
            staff=staff.get(b.grid_id, []),
            token=board_token(b.pk),
        )
        for b in buildings
    ]


def _board_members(building_ids: list[int]) -> dict[int, list[BoardPerson]]:
    """Per building, the members linked to its households: name, and the work phone they
    agreed to show (never the phone of their person record)."""
    rows = list(
        HouseholdLink.objects.filter(
            household__room__building_id__in=building_ids, ended_on__isnull=True
        )
        .values_list("household__room__building_id", "member_id", "member__person__name")
        .order_by("member__person__name", "member_id")
    )
    phones = dict(
        MemberBoardPhone.objects.filter(member_id__in={row[1] for row in rows}).values_list(
            "member_id", "work_phone"
        )
    )
    found: dict[int, list[BoardPerson]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for building_id, member_id, name in rows:
        if (building_id, member_id) in seen:
            continue
        seen.add((building_id, member_id))
        found[building_id].append(BoardPerson("党员", name, phones.get(member_id, "")))
    return found


def buildings_in(user: Any, node: OrgNode) -> QuerySet[Building]:
    """The buildings the user sees under ``node`` (a grid, a community...), in order."""
    return (
        _visible(Building, user)
        .filter(grid__path__startswith=node.path)
        .select_related("estate", "grid")
        .order_by("grid__code", "estate__name", "name", "pk")
    )


def building(user: Any, building_id: int) -> Building:
    found = buildings_in_scope(user).filter(pk=building_id).first()
    if found is None:
        raise Http404
    return found


def buildings_in_scope(user: Any) -> QuerySet[Building]:
    return _visible(Building, user).select_related("estate", "grid")


def board(user: Any, building_id: int) -> Board:
    """One building's notice; a building outside the user's scope is a 404."""
    return _boards([building(user, building_id)])[0]


def boards(user: Any, node: OrgNode) -> list[Board]:
    """The notices of every building the user sees under ``node``."""
    return _boards(list(buildings_in(user, node)))


def public_board(token: str) -> Board:
    """The notice behind a public page's token; a forged or altered token is a 404. The token
    is the scope here: whoever holds the notice may read what it shows, and nothing more."""
    building_id = building_id_from_token(token)
    found = (
        Building.objects.select_related("estate", "grid").filter(pk=building_id).first()
        if building_id is not None
        else None
    )
    if found is None:
        raise Http404
    return _boards([found])[0]


# --- a party member's own grid ----------------------------------------------------------------


def my_grid_panel(user: Any) -> dict[str, Any] | None:
    """The home panel of a party member: who serves the grid they live in, and its branch."""
    own = Member.objects.visible_to(user).filter(person__account=user).first()
    grid_id = own.grid_id if own else getattr(user, "org_node_id", None)
    if grid_id is None:
        return None
    found = _visible(OrgNode, user).filter(pk=grid_id, level=Level.GRID).first()
    if found is None:
        return None
    current = _visible(GridPost, user).filter(grid=found, until__isnull=True)
    ordered = sorted(current.order_by("since", "pk"), key=lambda p: ROLE_ORDER[p.role])
    posts = [_post_line(p) for p in ordered]
    return {"grid": found, "posts": posts, "branch": _branch(user, found)}


def audit_names(codes: Iterable[str]) -> dict[str, str]:
    """The audit log's ``grid:CODE`` and ``grid-boards:CODE`` objects by the unit's name."""
    return dict(OrgNode.objects.filter(code__in=list(codes)).values_list("code", "name"))


# --- the grid worker's scorecard (网格员考核) ---------------------------------------------------


@dataclass
class WorkerCard:
    """One grid worker's figures for a period, as every module with ``worker_figures`` counts
    them: the work done, and apart the data-quality flags of their grid."""

    account: Account
    period: Period
    figures: list[WorkerFigure]

    @property
    def done(self) -> list[WorkerFigure]:
        return [f for f in self.figures if not f.flag]

    @property
    def flags(self) -> list[WorkerFigure]:
        return [f for f in self.figures if f.flag]

    @property
    def flagged(self) -> int:
        return sum(f.value for f in self.flags)


def worker_figures(account: Account, period: Period) -> list[WorkerFigure]:
    """Every installed module's figures of the worker, the work done before the flags, each
    part in ``INSTALLED_APPS`` order."""
    found = [
        figure
        for plugin in installed_plugins()
        for dotted in plugin.worker_figures
        for figure in load(dotted)(account, period.first, period.last)
    ]
    return sorted(found, key=lambda figure: figure.flag)


def worker(user: Any, account_id: int, *, all_workers: bool) -> Account:
    """A grid worker's account: any the reader sees with ``all_workers`` (the office), else only
    the reader's own. Anything else is a 404, like a missing id."""
    if not all_workers and account_id != getattr(user, "pk", None):
        raise Http404
    return get_visible_or_404(Account, user, pk=account_id, is_active=True)


def workers(user: Any, node: OrgNode | None) -> list[Account]:
    """The active grid workers the reader sees, under ``node`` when given, by grid."""
    found = _visible(Account, user).filter(role_grants__role=Role.GRID_WORKER, is_active=True)
    if node is not None:
        found = found.filter(org_node__path__startswith=node.path)
    return list(found.select_related("org_node").distinct().order_by("org_node__path", "pk"))


def worker_card(account: Account, period: Period) -> WorkerCard:
    return WorkerCard(account, period, worker_figures(account, period))
