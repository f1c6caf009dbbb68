"""Demo micro-wishes: in every community eight wishes of its households, in every status (three
open, two claimed, one awaiting confirmation with its photo, one confirmed, one cancelled),
claimed by the community's party members (from the roster seeder) or by its paired unit.

The demo ``member`` login lives in the first grid: the first community's first claim is theirs,
so they see wishes to claim and one of their own. Where a community has no member and no
paired unit, its wishes that would be claimed stay open. Deterministic from ``context.rng``;
dates are fixed around the demo's today (2026-12-01).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from grassroots.accounts.models import Account
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.members.models import Member
from grassroots.org.models import OrgNode
from grassroots.pairing.demo_seeds import demo_photo
from grassroots.pairing.models import Pairing
from grassroots.registry.models import Household
from grassroots.wishes.models import Wish, WishCategory, WishChange, WishPhoto, WishStatus
from grassroots.wishes.services import place_of, recipient_among

# (text, value in yuan, category): what residents in need commonly wish for.
WISHES = (
    ("想要一台电饭煲", "150", WishCategory.DAILY),
    ("冬天需要一床厚棉被", "200", WishCategory.DAILY),
    ("需要一台小型取暖器", "160", WishCategory.DAILY),
    ("想要一部大字大音量的老年手机", "199", WishCategory.DAILY),
    ("孩子需要一个新书包和一套文具", "120", WishCategory.STUDY),
    ("孩子想要一套课外读物", "100", WishCategory.STUDY),
    ("想要一副老花镜", "80", WishCategory.HEALTH),
    ("想要一个电子血压计", "180", WishCategory.HEALTH),
    ("希望有人帮忙修理漏水的水龙头", "50", WishCategory.REPAIR),
    ("希望有人帮忙更换家里的灯泡和插座", "60", WishCategory.REPAIR),
    ("希望每周有人陪老人聊聊天、读读报", "0", WishCategory.COMPANY),
    ("希望有人上门帮老人理发", "0", WishCategory.COMPANY),
)
# The statuses of a community's eight wishes.
PLAN = (
    WishStatus.OPEN,
    WishStatus.OPEN,
    WishStatus.OPEN,
    WishStatus.CLAIMED,
    WishStatus.CLAIMED,
    WishStatus.FULFILLED,
    WishStatus.CONFIRMED,
    WishStatus.CANCELLED,
)
CLAIMED = {WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.CONFIRMED}
DEMO_TODAY = datetime.date(2026, 12, 1)
CANCEL_REASON = "居民已自行解决"
COMMUNITY_NAME = "社区"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class _Claimers:
    """Who may claim in each community: its members' ids and its paired unit's id."""

    members: dict[int, list[int]]
    units: dict[int, int]
    names: dict[int, str]  # member id → name
    unit_names: dict[int, str]
    member_login: Member | None


def _claimers(communities: list[OrgNode], community_of_grid: dict[int, int]) -> _Claimers:
    members: dict[int, list[int]] = defaultdict(list)
    names = {}
    for pk, grid_id, name in Member.objects.order_by("pk").values_list(
        "pk", "grid_id", "person__name"
    ):
        if grid_id in community_of_grid:
            members[community_of_grid[grid_id]].append(pk)
            names[pk] = name
    units, unit_names = {}, {}
    for community_id, unit_id, unit_name in (
        Pairing.objects.filter(community__in=communities)
        .order_by("community_id", "pk")
        .values_list("community_id", "unit_id", "unit__name")
    ):
        units.setdefault(community_id, unit_id)
        unit_names[unit_id] = unit_name
    login = Account.objects.filter(username="member").select_related("person").first()
    member_login = None
    if login is not None and login.person_id:
        member_login = Member.objects.filter(person_id=login.person_id).first()
    return _Claimers(members, units, names, unit_names, member_login)


def _households(grid_ids: list[int], rng: random.Random) -> list[Household]:
    """Eight current households of the community's grids, chosen by the rng."""
    pool = list(
        Household.objects.filter(grid_id__in=grid_ids, ended_on__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    chosen = rng.sample(pool, min(len(PLAN), len(pool)))
    rows = (
        Household.objects.filter(pk__in=chosen)
        .select_related("room__building__estate")
        .prefetch_related("residents")
    )
    by_pk = {h.pk: h for h in rows}
    return [by_pk[pk] for pk in chosen]


def _claimer(
    rng: random.Random, claimers: _Claimers, community: OrgNode, first: bool
) -> tuple[int | None, int | None, str]:
    """(member id, unit id, name) of who claims a wish; the member login first, where it is."""
    login = claimers.member_login
    members = claimers.members.get(community.pk, [])
    if first and login is not None and login.pk in members:
        return login.pk, None, claimers.names[login.pk]
    unit = claimers.units.get(community.pk)
    if members and (unit is None or rng.random() < 0.6):
        member = rng.choice(members)
        return member, None, claimers.names[member]
    if unit is not None:
        return None, unit, claimers.unit_names[unit]
    return None, None, ""


def _wishes_of(
    rng: random.Random, community: OrgNode, households: list[Household], claimers: _Claimers
) -> list[tuple[Wish, list[tuple[str, str, str, datetime.datetime]]]]:
    """The community's wishes, each with its history (from, to, who, when)."""
    made = []
    first_claim = True
    for household, status in zip(households, PLAN, strict=False):
        text, value, category = rng.choice(WISHES)
        posted = DEMO_TODAY - datetime.timedelta(days=rng.randint(20, 60))
        member, unit, name = (
            _claimer(rng, claimers, community, first_claim)
            if status in CLAIMED
            else (None, None, "")
        )
        if status in CLAIMED and not name:
            status = WishStatus.OPEN  # nobody here to claim it
        first_claim = first_claim and status not in CLAIMED
        history = [("", WishStatus.OPEN, COMMUNITY_NAME, _at(posted, 9))]
        wish = Wish(
            household=household,
            grid_id=household.grid_id,
            community=community,
            text=text,
            value=Decimal(value),
            category=category,
            recipient=recipient_among(sorted(household.residents.all(), key=lambda r: r.pk)),
            place=place_of(household),
            status=status,
            claimed_by_member_id=member,
            claimed_by_unit_id=unit,
            version=1,
        )
        steps = {
            WishStatus.CLAIMED: (WishStatus.CLAIMED,),
            WishStatus.FULFILLED: (WishStatus.CLAIMED, WishStatus.FULFILLED),
            WishStatus.CONFIRMED: (WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.CONFIRMED),
            WishStatus.CANCELLED: (WishStatus.CANCELLED,),
        }.get(status, ())
        day = posted
        for to in steps:
            day = day + datetime.timedelta(days=rng.randint(1, 6))
            who = name if to in (WishStatus.CLAIMED, WishStatus.FULFILLED) else COMMUNITY_NAME
            history.append((history[-1][1], to, who, _at(day, 10)))
            field = {
                WishStatus.CLAIMED: "claimed_at",
                WishStatus.FULFILLED: "fulfilled_at",
                WishStatus.CONFIRMED: "confirmed_at",
            }.get(to)
            if field:
                setattr(wish, field, _at(day, 10))
        wish.version = len(history)
        wish.created_at = history[0][3]
        made.append((wish, history))
    return made


@demo_seeder(order=150, name="wishes.demo")
def seed_wishes(context: DemoContext) -> None:
    communities = context.nodes.get("community", [])
    grids = context.nodes.get("grid", [])
    if not communities:
        return
    by_path = {c.path: c.pk for c in communities}
    community_of_grid = {
        g.pk: by_path[g.path[: -OrgNode.steplen]]
        for g in grids
        if g.path[: -OrgNode.steplen] in by_path
    }
    grids_of: dict[int, list[int]] = defaultdict(list)
    for grid_id, community_id in community_of_grid.items():
        grids_of[community_id].append(grid_id)
    claimers = _claimers(communities, community_of_grid)
    rng = context.rng
    photo_name = default_storage.save("wishes/demo/完成照片.png", ContentFile(demo_photo()))
    with context.progress("微心愿 / micro-wishes", total=len(communities)) as advance:
        made = []
        for community in communities:
            households = _households(grids_of.get(community.pk, []), rng)
            made += _wishes_of(rng, community, households, claimers)
            advance(1)
        wishes = Wish.objects.bulk_create([w for w, _ in made], batch_size=1000)
        for wish, (_, history) in zip(wishes, made, strict=True):
            wish.created_at = history[0][3]
        Wish.objects.bulk_update(wishes, ["created_at"], batch_size=1000)
        changes = [
            (
                WishChange(
                    wish=wish,
                    actor_name=who,
                    from_status=before,
                    to_status=to,
                    note=CANCEL_REASON if to == WishStatus.CANCELLED else "",
                ),
                at,
            )
            for wish, (_, history) in zip(wishes, made, strict=True)
            for before, to, who, at in history
        ]
        created = WishChange.objects.bulk_create([c for c, _ in changes], batch_size=1000)
        for change, (_, at) in zip(created, changes, strict=True):
            change.at = at  # the history's own dates, not the moment of seeding
        WishChange.objects.bulk_update(created, ["at"], batch_size=1000)
        WishPhoto.objects.bulk_create(
            [
                WishPhoto(wish=wish, image=photo_name, content_type="image/png")
                for wish in wishes
                if wish.status in (WishStatus.FULFILLED, WishStatus.CONFIRMED)
            ],
            batch_size=1000,
        )
