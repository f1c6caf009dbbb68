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

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from grassroots.accounts.models import Account
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.org.models import OrgNode
from grassroots.pairing.models import (
    Agreement,
    AnswerChange,
    Evidence,
    Finding,
    ListTask,
    PairedUnit,
    Pairing,
    Pledge,
    PledgeChange,
    PledgeStatus,
    Problem,
    ProblemSource,
    ProgressEntry,
    Side,
    Task,
    TaskChange,
    TaskEvidence,
    TaskProgress,
    Visit,
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


# --- the three lists and visits (问题清单、责任清单、任务清单；走访调研) -----------------------

# (kind, topic, findings): what a unit's leaders come down to study with a community.
VISITS = (
    ("study", "群租房成因", ("部分房东将住房隔断出租", "租户流动快，登记不及时")),
    ("study", "老旧小区消防隐患", ("楼道堆放杂物堵塞通道", "电动车楼道充电")),
    ("study", "“一老一小”服务需求", ("独居老人助餐需求集中",)),
    ("visit", "走访困难群众", ()),
    ("visit", "参加社区联席会议", ()),
    ("visit", "慰问退役军人和低保户", ()),
)
# Entered problems, and the tasks a problem is commonly broken into.
PROBLEMS = ("小区无障碍设施缺失", "背街小巷照明不足", "社区活动阵地面积小")
TASKS = (
    ("改造更换路灯和步道照明", "沿街居民", 850),
    ("为老旧小区加装扶手和坡道", "60岁以上老人", 320),
    ("建设社区老年助餐点", "独居和高龄老人", 180),
    ("清理楼道堆物并开展消防宣传", "", 0),
    ("协调出租屋集中整治", "", 0),
)
DAY = datetime.timedelta(days=1)
ANSWERS = ("helpful",) * 5 + ("neutral",) * 2 + ("burden",) * 2
BURDEN_NOTES = ("要求社区重复报送材料", "临时通知开会，占用工作日", "检查过多")


def _demo_visits(rng: random.Random, pairing: Pairing) -> list[tuple[Visit, tuple[str, ...]]]:
    """Three to six visits over the half year before the demo's today, most answered."""
    visits = []
    for i in range(rng.randint(3, 6)):
        kind, topic, findings = rng.choice(VISITS)
        on = DEMO_TODAY - datetime.timedelta(days=3 + 30 * i + rng.randint(0, 25))
        answer = "" if i == 0 and rng.random() < 0.5 else rng.choice(ANSWERS)
        people = f"{pairing.unit.name}{rng.choice(RESPONSIBLE)}等{rng.randint(2, 6)}人"
        answered = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time(10))
        visits.append(
            (
                Visit(
                    pairing=pairing,
                    on=on,
                    kind=kind,
                    topic=topic,
                    participants=people,
                    answer=answer,
                    answer_note=rng.choice(BURDEN_NOTES) if answer == "burden" else "",
                    answered_at=timezone.make_aware(answered) if answer else None,
                    version=2 if answer else 1,
                ),
                findings,
            )
        )
    return visits


def _demo_task(rng: random.Random, problem: Problem, index: int) -> tuple[ListTask, str]:
    text, beneficiaries, count = TASKS[index % len(TASKS)]
    if problem.source == ProblemSource.DEMAND:  # a resident's demand: settle it, no project
        text, beneficiaries, count = f"协调解决：{problem.text}"[:300], "", 0
    standing = _standing(rng)
    deadline = _deadline(rng, standing)
    practical = bool(count)
    closed = standing == "closed"
    return (
        ListTask(
            problem=problem,
            text=text,
            responsible=rng.choice(RESPONSIBLE),
            deadline=deadline,
            is_practical=practical,
            beneficiaries=beneficiaries,
            beneficiary_count=count or None,
            progress=100 if closed else rng.choice((10, 30, 50, 70)),
            status=PledgeStatus.CLOSED if closed else PledgeStatus.OPEN,
            closed_on=deadline - datetime.timedelta(days=rng.randrange(1, 15)) if closed else None,
            version=2 if closed else 1,
        ),
        standing,
    )


def _community_demands(context: DemoContext) -> dict[str, list[tuple[int, str]]]:
    """The seeded demands of the district by community path (the demands app imports pairing,
    so its model is reached by name)."""
    demand_model = apps.get_model("demands", "Demand")
    by_community: dict[str, list[tuple[int, str]]] = {}
    rows = demand_model.objects.filter(grid__path__startswith=context.district.path).values_list(
        "pk", "title", "grid__path"
    )
    for pk, title, path in rows.order_by("pk"):
        by_community.setdefault(path[: -OrgNode.steplen], []).append((pk, title))
    return by_community


def _lists_for(
    rng: random.Random, pairing: Pairing, demands: list[tuple[int, str]], findings: list[Finding]
) -> list[Problem]:
    """Two to four problems: one or two of the community's demands, a finding, an entry."""
    sides = (Side.UNIT, Side.COMMUNITY)
    problems = [
        Problem(
            pairing=pairing,
            text=title,
            source=ProblemSource.DEMAND,
            demand_id=pk,
            side=rng.choice(sides),
            responsible=rng.choice(RESPONSIBLE),
        )
        for pk, title in rng.sample(demands, min(len(demands), rng.randint(1, 2)))
    ]
    if findings:
        finding = rng.choice(findings)
        problems.append(
            Problem(
                pairing=pairing,
                text=finding.text,
                source=ProblemSource.STUDY,
                finding=finding,
                side=Side.UNIT,
                responsible=rng.choice(RESPONSIBLE),
            )
        )
    problems.append(
        Problem(
            pairing=pairing,
            text=rng.choice(PROBLEMS),
            source=ProblemSource.ENTERED,
            side=rng.choice(sides),
            responsible=rng.choice(RESPONSIBLE),
        )
    )
    return problems


def _task_history(task: ListTask, evidence_name: str) -> tuple[list, list, list]:
    created = min(task.deadline - datetime.timedelta(days=90), DEMO_TODAY - DAY * 20)
    progress = [
        TaskProgress(
            task=task,
            percent=task.progress,
            note=PROGRESS_NOTES[2],
            on=created,
            by_name="结对单位联络员",
        )
    ]
    changes = [TaskChange(task=task, on=created, actor_name="系统", to_status="open")]
    evidence = []
    if task.is_closed:
        evidence.append(
            TaskEvidence(
                task=task, file=evidence_name, name="完工照片.png", content_type="image/png"
            )
        )
        changes.append(
            TaskChange(
                task=task,
                on=task.closed_on,
                actor_name="社区党组织书记",
                from_status="open",
                to_status="closed",
                note="已现场核实，同意销号",
            )
        )
    return progress, evidence, changes


def _seed_visits(rng: random.Random, pairings: list[Pairing]) -> dict[int, list[Finding]]:
    """Each pairing's visits, their findings and answers; the findings by pairing."""
    planned = [v for p in pairings for v in _demo_visits(rng, p)]
    visits = Visit.objects.bulk_create([v for v, _f in planned], batch_size=1000)
    findings = Finding.objects.bulk_create(
        [
            Finding(visit=v, text=t)
            for v, (_v, texts) in zip(visits, planned, strict=True)
            for t in texts
        ],
        batch_size=1000,
    )
    AnswerChange.objects.bulk_create(
        [
            AnswerChange(
                visit=v, actor_name="社区党组织书记", to_answer=v.answer, note=v.answer_note
            )
            for v in visits
            if v.answer
        ],
        batch_size=1000,
    )
    by_pairing: dict[int, list[Finding]] = {}
    for finding in findings:
        by_pairing.setdefault(finding.visit.pairing_id, []).append(finding)
    return by_pairing


@demo_seeder(order=130, name="pairing.lists")
def seed_lists(context: DemoContext) -> None:
    """Each pairing's visits and joint studies (with the secretary's answers, a few burdens),
    its problem list (from the community's demo demands, a finding, an entry) and tasks,
    practical projects among them, some closed with evidence."""
    if context.district is None:
        return
    # Only this district's: a database may hold a district seeded before (another seed).
    pairings = list(
        Pairing.objects.filter(community__path__startswith=context.district.path)
        .select_related("unit", "community")
        .order_by("community__path")
    )
    if not pairings:
        return
    rng = context.rng_for("pairing.lists")
    evidence_name = default_storage.save(
        "pairing/evidence/demo/完工照片.png", ContentFile(demo_photo())
    )
    with context.progress("问题清单和走访 / lists and visits", total=len(pairings)) as advance:
        findings = _seed_visits(rng, pairings)
        demands = _community_demands(context)
        problems = Problem.objects.bulk_create(
            [
                problem
                for p in pairings
                for problem in _lists_for(
                    rng, p, demands.get(p.community.path, []), findings.get(p.pk, [])
                )
            ],
            batch_size=1000,
        )
        tasks = ListTask.objects.bulk_create(
            [
                _demo_task(rng, problem, i + j)[0]
                for i, problem in enumerate(problems)
                # A demand is settled by one task; a finding or an entry may take two.
                for j in range(1 if problem.source == ProblemSource.DEMAND else rng.randint(1, 2))
            ],
            batch_size=1000,
        )
        progress, evidence, changes = [], [], []
        for task in tasks:
            more = _task_history(task, evidence_name)
            progress += more[0]
            evidence += more[1]
            changes += more[2]
        TaskProgress.objects.bulk_create(progress, batch_size=1000)
        TaskEvidence.objects.bulk_create(evidence, batch_size=1000)
        TaskChange.objects.bulk_create(changes, batch_size=1000)
        advance(len(pairings))
