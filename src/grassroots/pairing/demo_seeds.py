"""Demo pairings: the district's departments, each paired with a few of its communities, with
their 2026 agreements and pledges (some closed with evidence, some overdue, some due within
the week), a progress log, and the demo ``liaison`` account linked to the first community's
unit. Deterministic from ``context.rng``; dates are fixed around the demo's today (2026-12-01).
"""

from __future__ import annotations

import datetime
import random
import struct
import zlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from grassroots.accounts.models import Account
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.pairing.models import (
    Agreement,
    Evidence,
    PairedUnit,
    Pairing,
    Pledge,
    PledgeChange,
    PledgeStatus,
    ProgressEntry,
    Task,
)

# (code suffix, name): county-level units that commonly pair with communities and villages.
UNITS = (
    ("ZJJ", "区住房和城乡建设局"),
    ("CGJ", "区城市管理执法局"),
    ("WJW", "区卫生健康局"),
    ("MZJ", "区民政局"),
    ("SJJ", "区市场监督管理局"),
    ("SWJ", "区水务局"),
    ("JYJ", "区教育局"),
    ("GAJ", "区公安分局"),
    ("RSJ", "区人力资源和社会保障局"),
    ("NYJ", "区农业农村局"),
    ("GHJ", "区自然资源和规划局"),
    ("GXS", "区供销合作社"),
)
STARTED = datetime.date(2026, 1, 1)


@demo_seeder(order=105, name="pairing.units")
def seed_pairings(context: DemoContext) -> None:
    """Twelve departments; every community paired with one of them, in turn (2026 round)."""
    district = context.district
    communities = context.nodes.get("community", [])
    if district is None or not communities:
        return
    units = PairedUnit.objects.bulk_create(
        [
            PairedUnit(
                district=district,
                code=f"{context.district_code[:6]}{suffix}",
                name=name,
                party_organization=f"中共{name}委员会",
            )
            for suffix, name in UNITS
        ]
    )
    with context.progress("结对关系 / pairings", total=len(communities)) as advance:
        Pairing.objects.bulk_create(
            [
                Pairing(unit=units[i % len(units)], community=community, started_on=STARTED)
                for i, community in enumerate(communities)
            ]
        )
        advance(len(communities))
    # Read by the demands seeder, which escalates a few demands to these units.
    context.extra["paired_units"] = {
        community.pk: units[i % len(units)] for i, community in enumerate(communities)
    }


# (task, text, target): what units commonly pledge under each of the three tasks.
PLEDGES = (
    (Task.ORGANISATION, "指导社区规范开展“三会一课”", "每季度指导1次"),
    (Task.ORGANISATION, "选派党员骨干到社区报到服务", "在职党员报到率100%"),
    (Task.ORGANISATION, "帮助建强楼栋党支部", "新建楼栋党支部2个"),
    (Task.GOVERNANCE, "联合整治辖区群租房", "整改率达到90%"),
    (Task.GOVERNANCE, "排查整治老旧小区消防隐患", "隐患整改销号率100%"),
    (Task.GOVERNANCE, "协助完成扫楼“一户不漏”", ""),
    (Task.LIVELIHOOD, "改造老旧小区路灯和步道", "改造路灯40盏"),
    (Task.LIVELIHOOD, "认领困难群众微心愿", "认领微心愿30个"),
    (Task.LIVELIHOOD, "开展义诊和健康讲座", "全年4次"),
)
RESPONSIBLE = ("王建华", "李明", "张丽", "刘洋", "陈静", "杨帆", "赵磊", "周敏")
DEMO_TODAY = datetime.date(2026, 12, 1)
SIGNED = datetime.date(2026, 1, 15)
# Deadlines by standing, as seen from early December 2026.
CLOSED_DEADLINES = (datetime.date(2026, 6, 30), datetime.date(2026, 9, 30))
OVERDUE_DEADLINES = (datetime.date(2026, 10, 31), datetime.date(2026, 11, 20))
DUE_SOON_DEADLINES = (datetime.date(2026, 12, 8), datetime.date(2026, 12, 11))
ON_TRACK_DEADLINES = (datetime.date(2027, 3, 31), datetime.date(2027, 6, 30))
PROGRESS_NOTES = (
    "已与社区召开联席会议，明确任务分工",
    "完成摸底排查，形成问题清单",
    "已落实资金和人员，正在推进",
    "完成过半，下月集中攻坚",
    "基本完成，等待社区验收",
)


def demo_photo(width: int = 240, height: int = 180) -> bytes:
    """The evidence photo every demo close-out points at: a plain PNG drawn here (sky, a
    building with lit windows, a lawn), stored once."""
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            in_building = 60 <= x < 180 and 40 <= y < 150
            window = in_building and (x - 70) % 25 < 12 and (y - 50) % 22 < 10 and x < 170
            if window:
                pixel = (255, 224, 130)
            elif in_building:
                pixel = (176, 160, 150)
            elif y >= 150:
                pixel = (96, 160, 88)
            else:
                pixel = (150, 196, 236)
            row += bytes(pixel)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def _standing(rng: random.Random) -> str:
    return rng.choices(["closed", "overdue", "due_soon", "on_track"], weights=[3, 2, 2, 4])[0]


def _deadline(rng: random.Random, standing: str) -> datetime.date:
    low, high = {
        "closed": CLOSED_DEADLINES,
        "overdue": OVERDUE_DEADLINES,
        "due_soon": DUE_SOON_DEADLINES,
        "on_track": ON_TRACK_DEADLINES,
    }[standing]
    return low + datetime.timedelta(days=rng.randrange((high - low).days + 1))


def _pledges_for(rng: random.Random, pairing: Pairing, agreement: Agreement) -> list[Pledge]:
    """Three or four pledges, at least one per task, each with its standing."""
    chosen = [rng.choice([p for p in PLEDGES if p[0] == task]) for task in Task.values]
    if rng.random() < 0.5:
        extra = rng.choice(PLEDGES)
        if extra not in chosen:
            chosen.append(extra)
    pledges = []
    for task, text, target in chosen:
        standing = _standing(rng)
        deadline = _deadline(rng, standing)
        closed_on = deadline - datetime.timedelta(days=rng.randrange(1, 20))
        pledges.append(
            Pledge(
                pairing=pairing,
                agreement=agreement,
                text=text,
                task=task,
                responsible=rng.choice(RESPONSIBLE),
                deadline=deadline,
                target=target,
                progress=100 if standing == "closed" else rng.choice((20, 40, 60, 80)),
                status=PledgeStatus.CLOSED if standing == "closed" else PledgeStatus.OPEN,
                closed_on=closed_on if standing == "closed" else None,
                version=2 if standing == "closed" else 1,
            )
        )
    return pledges


def _history(rng: random.Random, pledge: Pledge, evidence_name: str) -> tuple[list, list, list]:
    """The pledge's progress log, its evidence (closed ones) and its changes of state."""
    steps = [p for p in (20, 40, 60, 80) if p <= pledge.progress] or [pledge.progress]
    if pledge.is_closed:
        steps.append(100)
    start = SIGNED + datetime.timedelta(days=30)
    span = max(((pledge.closed_on or DEMO_TODAY) - start).days, len(steps))
    progress = [
        ProgressEntry(
            pledge=pledge,
            percent=percent,
            note=PROGRESS_NOTES[min(i, len(PROGRESS_NOTES) - 1)],
            on=start + datetime.timedelta(days=span * i // len(steps)),
            by_name="结对单位联络员",
        )
        for i, percent in enumerate(steps)
    ]
    changes = [PledgeChange(pledge=pledge, on=SIGNED, actor_name="系统", to_status="open")]
    evidence = []
    if pledge.is_closed:
        evidence.append(
            Evidence(
                pledge=pledge, file=evidence_name, name="现场照片.png", content_type="image/png"
            )
        )
        changes.append(
            PledgeChange(
                pledge=pledge,
                on=pledge.closed_on,
                actor_name="社区党组织书记",
                from_status="open",
                to_status="closed",
                note="已现场核实，同意销号",
            )
        )
    return progress, evidence, changes


@demo_seeder(order=106, name="pairing.pledges")
def seed_pledges(context: DemoContext) -> None:
    """Each pairing's 2026 agreement and its pledges, progress, evidence and history."""
    if context.district is None:
        return
    # Only this district's: a database may hold a district seeded before (another seed).
    pairings = list(
        Pairing.objects.filter(community__path__startswith=context.district.path)
        .select_related("unit")
        .order_by("community__path")
    )
    if not pairings:
        return
    rng = context.rng
    evidence_name = default_storage.save(
        "pairing/evidence/demo/现场照片.png", ContentFile(demo_photo())
    )
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                pairing=p,
                signed_on=SIGNED,
                period_start=SIGNED,
                period_end=datetime.date(2027, 12, 31),
            )
            for p in pairings
        ]
    )
    with context.progress("承诺事项 / pledges", total=len(pairings)) as advance:
        pledges = []
        for pairing, agreement in zip(pairings, agreements, strict=True):
            pledges += _pledges_for(rng, pairing, agreement)
        pledges = Pledge.objects.bulk_create(pledges, batch_size=1000)
        progress, evidence, changes = [], [], []
        for pledge in pledges:
            more = _history(rng, pledge, evidence_name)
            progress += more[0]
            evidence += more[1]
            changes += more[2]
        ProgressEntry.objects.bulk_create(progress, batch_size=1000)
        Evidence.objects.bulk_create(evidence, batch_size=1000)
        PledgeChange.objects.bulk_create(changes, batch_size=1000)
        advance(len(pairings))
    liaison = Account.objects.filter(username="liaison").first()
    if liaison is not None and liaison.org_node_id:
        for unit in PairedUnit.objects.filter(pairings__community_id=liaison.org_node_id):
            unit.liaisons.add(liaison)
