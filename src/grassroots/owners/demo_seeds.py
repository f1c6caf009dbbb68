"""Demo owners' co-governance (order 170, after the registry at 100): one estate of the first
grid, 翠湖花园, with its property company and owners' committee, its rooms' areas and owners,
a closed vote and an open one.

The owners show every counting rule: most rooms have one owner, some a couple of co-owners, one
buyer holds three rooms, a company holds a shop, and the developer (建设单位) still holds the
unsold rooms of 3号楼 2单元. The owners are imported through the import engine, the votes opened,
voted on paper and online, and closed through the services, as staff would. The committee's
member ``committee`` (password ``Demo@2026``) signs in to see the estate's votes only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from grassroots.accounts.models import Account, RoleGrant
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.demo.identity import IdNumberMaker
from grassroots.kernel.permissions import Role
from grassroots.kernel.tabular import Table
from grassroots.owners import selectors, services
from grassroots.owners.choices import CommitteePost, MatterKind, Opinion
from grassroots.owners.models import Vote
from grassroots.owners.services.importing import OWNER_HEADERS, import_owners
from grassroots.registry.models import Estate, Room

ESTATE = "翠湖花园"
BUILDINGS = ("1号楼", "2号楼", "3号楼")
UNITS = ("1单元", "2单元")
FLOORS = range(1, 7)
DEVELOPER = "汉江置业有限公司"
COMMITTEE_LOGIN = "committee"
DEMO_PASSWORD = "Demo@2026"


def _numbers() -> list[tuple[str, str, str]]:
    return [
        (building, unit, f"{floor}0{door}")
        for building in BUILDINGS
        for unit in UNITS
        for floor in FLOORS
        for door in (1, 2)
    ]


def _owner_rows(context: DemoContext, grid_code: str) -> list[list[str]]:
    rng = context.rng_for("owners")
    names = context.names
    ids = IdNumberMaker(context.district_code[:6], rng)
    rows: list[list[str]] = []
    buyer = (names.person("M"), ids.issue(datetime.date(1975, 3, 8), "M"))
    for n, (building, unit, number) in enumerate(_numbers()):
        area = f"{Decimal(rng.randint(6000, 14000)) / 100:.2f}"
        place = [grid_code, ESTATE, building, unit, number, area]
        if building == "3号楼" and unit == "2单元" and number[0] in "3456":
            rows.append([*place, DEVELOPER, "", "建设单位"])  # unsold
        elif building == "1号楼" and unit == "1单元" and number in ("101", "102", "201"):
            rows.append([*place, *buyer, "个人"])  # one buyer, three rooms
        elif building == "2号楼" and unit == "1单元" and number == "101":
            rows.append([*place, "汉江区便民服务有限公司", "91420606MA4K000013", "单位"])
        else:
            gender = "M" if n % 2 else "F"
            born = datetime.date(1950 + rng.randint(0, 45), rng.randint(1, 12), rng.randint(1, 28))
            rows.append([*place, names.person(gender), ids.issue(born, gender), "个人"])
            if n % 5 == 0:  # a couple holding the room together
                other = "F" if gender == "M" else "M"
                rows.append([*place, names.person(other), ids.issue(born, other), "个人"])
    return rows


def _committee_account(grid_pk: int, name: str) -> Account:
    account = Account.objects.filter(username=COMMITTEE_LOGIN).first()
    if account is None:
        account = Account.objects.create_user(
            username=COMMITTEE_LOGIN,
            password=DEMO_PASSWORD,
            org_node_id=grid_pk,
            display_name=name,
            must_change_password=False,
            two_factor_exempt=True,  # a demo login: its password is published
        )
        RoleGrant.objects.create(account=account, role=Role.OWNERS_COMMITTEE)
    return account


def _vote_on(vote: Vote, opinions: list[str], *, online_every: int = 0) -> None:
    heads = selectors.heads_of(vote)
    tokens = services.links_for(vote, [h.room_id for h in heads]) if online_every else {}
    rooms = {r.pk: r for h in heads for r in h.rooms}
    for n, (head, opinion) in enumerate(zip(heads, opinions, strict=False)):
        if not opinion:
            continue
        if online_every and n % online_every == 0:
            link = services.link_from_token(tokens[head.room_id])
            services.cast_online(link, opinion=opinion)
        else:
            services.enter_ballot(vote, room=rooms[head.room_id], opinion=opinion)


@demo_seeder(order=170, name="owners.estate")
def seed_owners(context: DemoContext) -> None:
    grids = context.nodes.get("grid") or []
    if not grids:
        return
    grid = grids[0]
    table = Table.from_records([OWNER_HEADERS, *_owner_rows(context, grid.code)], name="demo")
    import_owners(table, create_rooms=True)
    estate = Estate.objects.get(grid=grid, name=ESTATE)
    services.set_property_company(
        estate=estate,
        name="汉江物业服务有限公司",
        contract_starts=datetime.date(2024, 1, 1),
        contract_ends=datetime.date(2026, 12, 31),
        contact_name="刘经理",
        contact_phone="0710-3456789",
    )
    committee = services.set_committee(
        estate=estate,
        name=f"{ESTATE}第一届业主委员会",
        elected_on=datetime.date(2024, 6, 15),
        term_ends=datetime.date(2029, 6, 14),
        members=[
            (context.names.person("M"), CommitteePost.CHAIR),
            (context.names.person("F"), CommitteePost.VICE_CHAIR),
            (context.names.person("M"), CommitteePost.MEMBER),
        ],
    )
    account = _committee_account(grid.pk, context.names.person("F"))
    services.add_committee_member(committee, name=account.display_name, account=account)

    rng = context.rng_for("owners.votes")
    now = timezone.now()
    lift = services.open_vote(
        estate=estate,
        title="使用专项维修资金更换1号楼电梯",
        matter="1号楼两部电梯已使用十八年，拟使用专项维修资金约48万元更换。",
        kind=MatterKind.MAJOR,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=1),
    )
    weights = [Opinion.AGREE] * 17 + [Opinion.AGAINST, Opinion.ABSTAIN, ""]
    _vote_on(lift, [rng.choice(weights) for _ in range(200)], online_every=4)
    services.close_vote(lift)
    renewal = services.open_vote(
        estate=estate,
        title="续聘汉江物业服务有限公司（2027—2029年）",
        matter="物业服务合同2026年12月31日到期，拟续聘三年，收费标准不变。",
        kind=MatterKind.ORDINARY,
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=25),
    )
    opinions = [
        rng.choice([Opinion.AGREE, Opinion.AGREE, Opinion.AGAINST, "", ""]) for _ in range(200)
    ]
    _vote_on(renewal, opinions, online_every=3)
    context.extra["owners_rooms"] = Room.objects.filter(building__estate=estate).count()
