"""Demo grid roster and notice boards (order 150, after the members roster at 140).

Every grid gets its full-time grid worker (the person the people seeder made for it) as 网格员,
a chief (网格长: the grid branch's secretary, else a community cadre), one to three volunteers
from its party members and, in about one grid in three, a local notable (乡贤); the first grid,
where the demo ``member`` lives, has them all. Two grids are left without a chief so the check
has something to show. One building in four is answered for by one of its grid's 党员中心户, and
some members of the first grids agree to show a work phone on the notices. With no members on
the roster yet, the boards simply list none. Work phones are drawn by the seeder's rng; the
dates are fixed, never read from the clock.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.grids.models import (
    BuildingBranch,
    ChangeKind,
    GridPost,
    MemberBoardPhone,
    PostChange,
    PostRole,
)
from grassroots.members.models import Member
from grassroots.org.models import Level, OrgNode, PartyOrganization, PartyOrgKind
from grassroots.people.models import Person
from grassroots.registry.models import Building

CHUNK = 2000
SINCE = datetime.date(2024, 1, 1)
AGREED = datetime.date(2026, 9, 1)
WORKER_POST = "专职网格员"
SECRETARY_POST = "网格党支部书记"
NOTABLE_TITLES = ("退休教师", "老村干部", "退役军人", "民营企业家", "乡村医生")
NO_CHIEF = (1, 5)  # positions of the grids left without a chief: the demo community's second


def _people_by_grid(grid_ids: list[int]) -> dict[int, list[Person]]:
    found: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(org_node_id__in=grid_ids).order_by("pk"):
        found[person.org_node_id].append(person)
    return found


def _community_cadres(community_ids: set[int]) -> dict[int, list[Person]]:
    found: dict[int, list[Person]] = defaultdict(list)
    for person in (
        Person.objects.filter(org_node_id__in=community_ids).exclude(post="").order_by("pk")
    ):
        found[person.org_node_id].append(person)
    return found


def _posts(context: DemoContext, grids: list, people: dict, cadres: dict) -> list[GridPost]:
    rng, names = context.rng, context.names
    posts: list[GridPost] = []

    def add(grid_id: int, role: str, name: str, person: Person | None = None) -> None:
        since = SINCE + datetime.timedelta(days=rng.randint(0, 600))
        phone = names.mobile() if role in (PostRole.CHIEF, PostRole.WORKER) else ""
        posts.append(
            GridPost(
                grid_id=grid_id, role=role, person=person, name=name, work_phone=phone, since=since
            )
        )

    for n, grid in enumerate(grids):
        here = people.get(grid.pk, [])
        worker = next((p for p in here if p.post == WORKER_POST), None)
        if worker is not None:
            add(grid.pk, PostRole.WORKER, worker.name, worker)
        if n not in NO_CHIEF:
            secretary = next((p for p in here if p.post == SECRETARY_POST), None)
            community = cadres.get(int(grid.community_id), [])
            chief = secretary or (community[n % len(community)] if community else None)
            if chief is not None:
                add(grid.pk, PostRole.CHIEF, chief.name, chief)
            else:  # no cadre on record: a chief known by name only
                add(grid.pk, PostRole.CHIEF, names.person("M"))
        members = [p for p in here if p.is_party_member and not p.post]
        for person in members[: 3 if n == 0 else rng.randint(1, 3)]:
            add(grid.pk, PostRole.VOLUNTEER, person.name, person)
        if n == 0 or rng.random() < 0.33:
            add(grid.pk, PostRole.NOTABLE, f"{names.person('M')}（{rng.choice(NOTABLE_TITLES)}）")
    return posts


def _building_branches(context: DemoContext, grid_ids: list[int]) -> list[BuildingBranch]:
    households = defaultdict(list)
    for org in PartyOrganization.objects.filter(
        org_node_id__in=grid_ids, kind=PartyOrgKind.CENTRAL_HOUSEHOLD
    ).order_by("path"):
        households[org.org_node_id].append(org)
    links = []
    buildings = Building.objects.filter(grid_id__in=grid_ids).order_by("grid_id", "pk")
    for n, (pk, grid_id) in enumerate(buildings.values_list("pk", "grid_id")):
        orgs = households.get(grid_id)
        if orgs and n % 4 == 0:
            links.append(BuildingBranch(building_id=pk, grid_id=grid_id, party_org=orgs[0]))
    return links


def _board_phones(context: DemoContext, grid_ids: list[int]) -> list[MemberBoardPhone]:
    """About half the members of the first grids show a work phone (the rest keep theirs)."""
    rng, names = context.rng, context.names
    phones = []
    for member_id, grid_id in (
        Member.objects.filter(grid_id__in=grid_ids[:10]).order_by("pk").values_list("pk", "grid_id")
    ):
        if rng.random() < 0.5:
            phones.append(
                MemberBoardPhone(
                    member_id=member_id,
                    grid_id=grid_id,
                    work_phone=names.mobile(),
                    agreed_on=AGREED,
                )
            )
    return phones


@demo_seeder(order=150, name="grids.roster")
def seed_grids(context: DemoContext) -> None:
    district = context.district
    if district is None:
        return
    below = OrgNode.objects.filter(path__startswith=district.path)
    grids = list(below.filter(level=Level.GRID).order_by("code").only("pk", "path"))
    by_path = {c.path: c.pk for c in below.filter(level=Level.COMMUNITY).only("path")}
    for grid in grids:
        grid.community_id = by_path.get(grid.path[: -grid.steplen], 0)
    grid_ids = [g.pk for g in grids]
    people = _people_by_grid(grid_ids)
    cadres = _community_cadres(set(by_path.values()))
    posts = _posts(context, grids, people, cadres)
    with context.progress("网格力量 / grid roster", total=len(posts)) as advance:
        for start in range(0, len(posts), CHUNK):
            chunk = GridPost.objects.bulk_create(posts[start : start + CHUNK])
            PostChange.objects.bulk_create(
                PostChange(
                    post=p,
                    grid_id=p.grid_id,
                    kind=ChangeKind.APPOINTED,
                    after={"role": p.role, "name": p.name, "since": p.since.isoformat()},
                )
                for p in chunk
            )
            advance(len(chunk))
    BuildingBranch.objects.bulk_create(_building_branches(context, grid_ids), batch_size=CHUNK)
    MemberBoardPhone.objects.bulk_create(_board_phones(context, grid_ids), batch_size=CHUNK)
    context.extra["grids_without_chief"] = len([n for n in NO_CHIEF if n < len(grids)])
