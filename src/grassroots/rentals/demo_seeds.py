"""Demo group-rental campaign (order 120, after the registry at 100 and the sweeps at 110).

One campaign over the whole demo district, 2026年群租房专项整治, from 2026-10-15: a case for each
group-rental room the registry holds. About three in five are rectified by one of the five
methods (each case first tried by phone), some of the rest have an action under way, two rooms
become group rentals during the campaign (a case opened by the listener), and two rectified
rooms go back (反弹), so the report has something in every column. Everything goes through the
campaign's and the registry's services, as a grid worker's entries would; the dates are fixed,
never read from the clock.
"""

from __future__ import annotations

import datetime

from grassroots.accounts.models import Account
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.kernel.permissions import Role
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import ChangeSource, Room
from grassroots.registry.services import change_room_use
from grassroots.rentals.choices import CaseStatus, Method, Outcome
from grassroots.rentals.models import RentalCase
from grassroots.rentals.services import ActionEntry, open_campaign, record_action

TITLE = "2026年群租房专项整治（五个一批）"
STARTS = datetime.date(2026, 10, 15)
NEW_USES = (RoomUse.RENTED, RoomUse.RENTED, RoomUse.OWNER_OCCUPIED, RoomUse.VACANT)
# The later methods are for the harder cases: weights of the method that finally worked.
METHOD_WEIGHTS = {
    Method.PHONE: 4,
    Method.INTERVIEW: 3,
    Method.HOME_VISIT: 3,
    Method.OFFICIALS_FIRST: 1,
    Method.JOINT_ENFORCEMENT: 2,
}
NOTES = {
    Method.PHONE: "电话联系房东，说明群租隐患",
    Method.INTERVIEW: "社区集中约谈房东和二房东",
    Method.HOME_VISIT: "入户动员租户，拆除隔断",
    Method.OFFICIALS_FIRST: "房东为公职人员，带头清退整改",
    Method.JOINT_ENFORCEMENT: "联合派出所、消防、城管执法整治",
}


def _day(offset: int) -> datetime.date:
    return STARTS + datetime.timedelta(days=offset)


def _workers(grids: set[int]) -> dict[int, Account]:
    found: dict[int, Account] = {}
    for account in Account.objects.filter(
        org_node_id__in=grids, role_grants__role=Role.GRID_WORKER
    ).order_by("pk"):
        found.setdefault(account.org_node_id, account)
    return found


@demo_seeder(order=120, name="rentals.campaign")
def seed_rentals(context: DemoContext) -> None:
    district = context.district
    rooms = Room.objects.filter(grid__path__startswith=district.path)
    if not rooms.filter(use=RoomUse.GROUP_RENTAL).exists():
        return  # no registry, or no group rental in it: nothing to fight
    rng = context.rng
    campaign = open_campaign(area=district, title=TITLE, starts_on=STARTS)
    # Two rooms let to many tenants while the campaign runs: the listener opens their cases.
    for room in rooms.filter(use=RoomUse.RENTED).order_by("pk")[:2]:
        change_room_use(room, use=RoomUse.GROUP_RENTAL, on=_day(20), source=ChangeSource.SWEEP)
    cases = list(campaign.cases.select_related("room").order_by("pk"))
    workers = _workers({c.grid_id for c in cases})
    methods, weights = list(METHOD_WEIGHTS), list(METHOD_WEIGHTS.values())
    rectified: list[RentalCase] = []
    with context.progress("群租房整治 / group rentals", total=len(cases)) as advance:
        for case in cases:
            actor = workers.get(case.grid_id)
            draw = rng.random()
            start = max(case.opened_on, _day(3))
            first = start + datetime.timedelta(days=rng.randint(0, 10))
            if draw < 0.8:
                record_action(
                    case,
                    ActionEntry(
                        on=first,
                        method=Method.PHONE,
                        outcome=Outcome.IN_PROGRESS,
                        notes="电话联系房东，尚未整改",
                    ),
                    actor=actor,
                )
            if draw < 0.6:
                # Each method has worked at least once; after that, as the weights have it.
                drawn = rng.choices(methods, weights)[0]
                method = methods[len(rectified)] if len(rectified) < len(methods) else drawn
                on = min(first + datetime.timedelta(days=rng.randint(1, 30)), _day(45))
                record_action(
                    case,
                    ActionEntry(
                        on=on,
                        method=method,
                        outcome=Outcome.RECTIFIED,
                        new_use=rng.choice(NEW_USES),
                        notes=NOTES[method],
                    ),
                    actor=actor,
                )
                rectified.append(case)
            advance(1)
    # Two rooms go back to group rental after their rectification: rebounds (反弹).
    for case in rectified[:2]:
        room = Room.objects.get(pk=case.room_id)
        change_room_use(room, use=RoomUse.GROUP_RENTAL, on=_day(47), source=ChangeSource.SWEEP)
    context.extra["rentals"] = campaign.cases.filter(status=CaseStatus.OPEN).count()
