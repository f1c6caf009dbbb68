"""Demo 双报到 (order 150, after the members roster at 140).

Each demo community gets a needs list (需求表) in the seven categories and two or three unit
reports (报到单). Every in-service member on the roster, and about one in six of the others,
reports to the community they live in and takes a post; most reports are confirmed, a few wait
or were returned. Confirmed members log services over the last two quarters (2026Q3 and 2026Q4
up to the demo's day), most confirmed by the community's secretary, the latest ones waiting,
a few returned; about one in eight served nothing in a quarter, so the feedback's list of
members without hours has names. The demo ``member`` login always has a confirmed post, hours
this quarter and a service waiting, whatever their kind. A community with no members on the
roster gets its needs list and unit reports and nothing else. Dates are fixed, never read from
the clock.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from grassroots.accounts.models import Account
from grassroots.demo import bulk
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.dualreport.models import (
    Category,
    MemberReport,
    RecordChange,
    RecordStatus,
    ReportChange,
    ReportStatus,
    ServicePost,
    ServiceRecord,
    UnitReport,
    UnitReportChange,
    UnitReportStatus,
)
from grassroots.kernel.permissions import Role
from grassroots.members.models import Member, MemberKind
from grassroots.org.models import Level, OrgNode

DEMO_TODAY = datetime.date(2026, 12, 1)
Q3_START = datetime.date(2026, 7, 1)
QUARTERS = ((Q3_START, datetime.date(2026, 9, 30)), (datetime.date(2026, 10, 1), DEMO_TODAY))
WAITING_FROM = datetime.date(2026, 11, 20)  # records after this still wait for the community
DEMO_LOGIN = "member"

POSTS: dict[str, list[tuple[str, str]]] = {
    Category.ORGANISATION: [
        ("党员志愿服务队骨干", "协助社区党委组织主题党日、党员志愿服务活动"),
        ("楼栋党建联络员", "联系楼栋党员，收集党员意见建议"),
    ],
    Category.LEGAL: [("法律咨询志愿者", "每月在党群服务中心坐班半天，解答居民法律问题")],
    Category.HARDSHIP: [
        ("帮扶困难家庭", "结对走访困难家庭，帮助申请救助"),
        ("关爱独居老人", "定期探望独居老人，帮买药、陪就医"),
    ],
    Category.GOVERNANCE: [
        ("矛盾纠纷调解员", "参与邻里纠纷调解"),
        ("文明创建督导员", "协助开展环境卫生整治、垃圾分类督导"),
    ],
    Category.HEALTH: [("健康义诊志愿者", "参与社区义诊、健康讲座")],
    Category.CULTURE: [
        ("青少年课业辅导", "周末为双职工家庭孩子辅导作业"),
        ("文体活动组织", "组织广场舞、书画、合唱等文体活动"),
    ],
    Category.SAFETY: [
        ("治安巡逻队员", "晚间参与小区治安巡逻"),
        ("反诈宣传员", "入户、进小区开展防电信诈骗宣传"),
    ],
}
WORK = {
    Category.ORGANISATION: ["协助组织主题党日活动", "整理党员活动台账", "联系楼栋党员收集意见"],
    Category.LEGAL: ["党群服务中心法律咨询坐班", "为居民解答遗产继承问题", "调解物业合同纠纷"],
    Category.HARDSHIP: [
        "走访困难家庭，协助申请临时救助",
        "探望独居老人，代购药品",
        "陪同残疾居民就医",
    ],
    Category.GOVERNANCE: ["参与邻里噪音纠纷调解", "垃圾分类桶边督导", "清理楼道堆放杂物"],
    Category.HEALTH: ["社区义诊测血压血糖", "健康讲座现场服务", "为老年人讲解医保报销"],
    Category.CULTURE: ["周末课业辅导", "组织重阳节文艺演出", "书画班授课"],
    Category.SAFETY: ["小区夜间治安巡逻", "入户开展反诈宣传", "消防安全隐患排查"],
}
UNITS = [
    ("区税务局", "区税务局机关党委"),
    ("区人民医院", "区人民医院党委"),
    ("区教育局", "区教育局机关党支部"),
    ("市供电公司", "市供电公司第二党支部"),
    ("区市场监督管理局", "区市场监督管理局党组"),
    ("区人民法院", "区人民法院机关党委"),
    ("区城管执法局", "区城管执法局党支部"),
    ("市第三中学", "市第三中学党总支"),
]
HOURS = [Decimal(h) for h in ("1.0", "1.5", "2.0", "2.0", "2.5", "3.0", "4.0")]


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _secretaries(communities: list[OrgNode]) -> dict[int, Account]:
    found: dict[int, Account] = {}
    for account in Account.objects.filter(
        org_node__in=communities, role_grants__role=Role.COMMUNITY_SECRETARY
    ).order_by("pk"):
        found.setdefault(account.org_node_id, account)
    return found


def _members_by_community(communities: list[OrgNode]) -> dict[int, list[Member]]:
    by_path = {c.path: c.pk for c in communities}
    found: dict[int, list[Member]] = defaultdict(list)
    rows = Member.objects.select_related("grid", "person").order_by("pk")
    for member in rows.iterator(chunk_size=2000):
        community = by_path.get(member.grid.path[: -OrgNode.steplen])
        if community is not None:
            found[community].append(member)
    return found


def _demo_member_id() -> int | None:
    account = Account.objects.filter(username=DEMO_LOGIN).select_related("person").first()
    if account is None or account.person_id is None:
        return None
    return Member.objects.filter(person_id=account.person_id).values_list("pk", flat=True).first()


def _posts(context: DemoContext, communities: list[OrgNode]) -> dict[int, list[ServicePost]]:
    rng = context.rng
    rows = []
    for community in communities:
        for category, choices in POSTS.items():
            for i, (title, description) in enumerate(choices):
                if i and rng.random() < 0.3:
                    continue  # every category keeps its first post
                rows.append(
                    ServicePost(
                        community=community,
                        category=category,
                        title=title,
                        description=description,
                        places=rng.choice((3, 5, 8, 10)),
                        active=rng.random() > 0.05,
                    )
                )
    bulk.insert(ServicePost, rows)
    by_community: dict[int, list[ServicePost]] = defaultdict(list)
    for post in rows:
        by_community[post.community_id].append(post)
    return by_community


def _unit_reports(
    context: DemoContext, communities: list[OrgNode], secretaries: dict[int, Account]
) -> None:
    rng, names = context.rng, context.names
    reports = []
    for community in communities:
        for unit, party in rng.sample(UNITS, rng.randint(2, 3)):
            day = datetime.date(2026, rng.randint(3, 6), rng.randint(1, 28))
            confirmed = rng.random() < 0.85
            reports.append(
                UnitReport(
                    community=community,
                    unit_name=unit,
                    party_org_name=party,
                    contact_name=names.person(rng.choice("MF")),
                    contact_phone=f"139{rng.randint(0, 99999999):08d}",
                    reported_on=day,
                    status=UnitReportStatus.CONFIRMED if confirmed else UnitReportStatus.SUBMITTED,
                    confirmed_by=secretaries.get(community.pk) if confirmed else None,
                    confirmed_at=_moment(day + datetime.timedelta(days=2)) if confirmed else None,
                )
            )
    bulk.insert(UnitReport, reports)
    changes = []
    for report in reports:
        changes.append(
            UnitReportChange(report=report, community_id=report.community_id, to_status="submitted")
        )
        if report.status == UnitReportStatus.CONFIRMED:
            changes.append(
                UnitReportChange(
                    report=report,
                    community_id=report.community_id,
                    actor=report.confirmed_by,
                    from_status=UnitReportStatus.SUBMITTED,
                    to_status=UnitReportStatus.CONFIRMED,
                )
            )
    bulk.insert(UnitReportChange, changes)


def _pick_post(rng: Any, posts: list[ServicePost], taken: dict[int, int]) -> ServicePost:
    open_posts = [p for p in posts if p.active and taken[p.pk] < p.places]
    if not open_posts:  # every place taken: the community adds a place to one
        post = rng.choice([p for p in posts if p.active] or posts)
        post.places += 1
        ServicePost.objects.filter(pk=post.pk).update(places=post.places)
        open_posts = [post]
    post = rng.choice(open_posts)
    taken[post.pk] += 1
    return post


def _reports(
    context: DemoContext,
    members: dict[int, list[Member]],
    posts: dict[int, list[ServicePost]],
    secretaries: dict[int, Account],
    demo_member: int | None,
) -> list[MemberReport]:
    rng = context.rng
    reports = []
    taken: dict[int, int] = defaultdict(int)
    for community_id, rows in members.items():
        if not posts.get(community_id):
            continue
        for member in rows:
            chosen = member.pk == demo_member
            if not chosen and member.kind != MemberKind.IN_SERVICE and rng.random() > 1 / 6:
                continue
            roll = rng.random()
            status = ReportStatus.CONFIRMED
            if not chosen and roll < 0.05:
                status = ReportStatus.RETURNED
            elif not chosen and roll < 0.13:
                status = ReportStatus.SUBMITTED
            day = datetime.date(2026, rng.randint(4, 6), rng.randint(1, 28))
            if status == ReportStatus.SUBMITTED:
                day = DEMO_TODAY - datetime.timedelta(days=rng.randint(1, 20))
            decided = status != ReportStatus.SUBMITTED
            reports.append(
                MemberReport(
                    member=member,
                    grid_id=member.grid_id,
                    community_id=community_id,
                    post=_pick_post(rng, posts[community_id], taken),
                    reported_on=day,
                    status=status,
                    decided_by=secretaries.get(community_id) if decided else None,
                    decided_at=_moment(day + datetime.timedelta(days=3)) if decided else None,
                    return_reason="不在本社区居住，请向居住地社区报到"
                    if status == ReportStatus.RETURNED
                    else "",
                )
            )
    bulk.insert(MemberReport, reports)
    changes = []
    for report in reports:
        changes.append(ReportChange(report=report, grid_id=report.grid_id, to_status="submitted"))
        if report.status != ReportStatus.SUBMITTED:
            changes.append(
                ReportChange(
                    report=report,
                    grid_id=report.grid_id,
                    actor=report.decided_by,
                    from_status=ReportStatus.SUBMITTED,
                    to_status=report.status,
                    note=report.return_reason,
                )
            )
    bulk.insert(ReportChange, changes)
    return reports


def _services(
    context: DemoContext, reports: list[MemberReport], demo_member: int | None
) -> list[ServiceRecord]:
    """Each confirmed member's services over the last two quarters."""
    rng = context.rng
    records = []
    for report in reports:
        if report.status != ReportStatus.CONFIRMED:
            continue
        demo = report.member_id == demo_member
        days = []
        for start, end in QUARTERS:
            if not demo and rng.random() < 0.12:
                continue  # served nothing this quarter
            start = max(start, report.reported_on)
            span = (end - start).days
            for _ in range(rng.randint(3, 5) if demo else rng.randint(1, 5)):
                days.append(start + datetime.timedelta(days=rng.randint(0, span)))
        if demo:
            days.append(DEMO_TODAY)  # the demo member's latest service waits for the community
        for day in sorted(days):
            status = RecordStatus.CONFIRMED
            if demo and day == DEMO_TODAY:
                status = RecordStatus.PENDING
            elif day > WAITING_FROM and rng.random() < 0.6:
                status = RecordStatus.PENDING
            elif rng.random() < 0.04:
                status = RecordStatus.RETURNED
            decided = status != RecordStatus.PENDING
            records.append(
                ServiceRecord(
                    member_id=report.member_id,
                    report=report,
                    grid_id=report.grid_id,
                    community_id=report.community_id,
                    served_on=day,
                    hours=rng.choice(HOURS),
                    work=rng.choice(WORK[report.post.category]),
                    status=status,
                    decided_by=report.decided_by if decided else None,
                    decided_at=_moment(day + datetime.timedelta(days=2)) if decided else None,
                    return_reason="服务时长与签到记录不符，请核实后重新提交"
                    if status == RecordStatus.RETURNED
                    else "",
                )
            )
    return records


def _record_changes(records: list[ServiceRecord]) -> list[RecordChange]:
    changes = []
    for row in records:
        changes.append(RecordChange(record=row, grid_id=row.grid_id, to_status="pending"))
        if row.status != RecordStatus.PENDING:
            changes.append(
                RecordChange(
                    record=row,
                    grid_id=row.grid_id,
                    actor=row.decided_by,
                    from_status=RecordStatus.PENDING,
                    to_status=row.status,
                    note=row.return_reason,
                )
            )
    return changes


@demo_seeder(order=150, name="dualreport.service")
def seed_dualreport(context: DemoContext) -> None:
    communities = list(context.nodes.get(Level.COMMUNITY, []))
    if not communities:
        return
    secretaries = _secretaries(communities)
    with context.progress("生成双报到 / dual reporting", total=4) as advance:
        posts = _posts(context, communities)
        _unit_reports(context, communities, secretaries)
        advance(1)
        members = _members_by_community(communities)
        advance(1)
        reports = _reports(context, members, posts, secretaries, _demo_member_id())
        advance(1)
        records = _services(context, reports, _demo_member_id())
        bulk.insert(ServiceRecord, records)
        bulk.insert(RecordChange, _record_changes(records))
        advance(1)
