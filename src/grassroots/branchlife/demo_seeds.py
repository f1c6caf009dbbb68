"""Demo 三会一课 (order 150, after the members' roster at 140).

Every grid branch of the demo district holds its meetings from 2026Q1 to the demo's today
(2026-12-01): a 支部党员大会 and a 党课 each quarter, a 支委会 and a 党小组会 each month, with
the branch's members' attendance and short minutes. About one branch in eight misses something
in a quarter (a month's 党小组会, or the quarter's 党课), so the compliance page has gaps to
show. Every branch has its December meetings planned (待召开), and the demo ``member`` login's
branch also a 党课 to come. Deterministic from ``context.rng``; the dates are fixed around the
demo's today, never read from the clock. Rows are written in bulk.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from grassroots.accounts.models import Account
from grassroots.branchlife.models import AbsenceReason, Attendance, BranchMeeting, MeetingKind
from grassroots.branchlife.rules import BRANCH_KINDS, MONTHLY, QUARTERLY, Quarter
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.kernel.permissions import Role
from grassroots.org.models import PartyOrganization
from grassroots.people.models import Person

DEMO_TODAY = datetime.date(2026, 12, 1)
QUARTERS = (Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3), Quarter(2026, 4))
COMMITTEE_SIZE = 3  # the branch committee: secretary and two members (支委)
GAP_SHARE = 0.12
ABSENT_SHARE = 0.08
CHUNK = 5000

TOPICS = {
    MeetingKind.GENERAL: (
        "学习贯彻党的二十届四中全会精神",
        "民主评议党员",
        "讨论发展党员和预备党员转正",
        "通报支部工作，部署下阶段任务",
    ),
    MeetingKind.COMMITTEE: (
        "研究本月网格重点工作",
        "研究困难群众帮扶和微心愿认领",
        "研究党员联系户走访安排",
        "研究发展党员工作",
    ),
    MeetingKind.GROUP: (
        "学习党章和党规党纪",
        "交流一联十走访情况",
        "讨论楼栋环境整治",
        "学习身边先进典型",
    ),
    MeetingKind.LESSON: (
        "书记讲党课：践行全心全意为人民服务宗旨",
        "党课：基层治理中的党员先锋作用",
        "党课：学习新修订的纪律处分条例",
        "党课：传承红色基因",
    ),
}
PLACES = ("社区党群服务中心", "网格党员活动室", "小区议事厅")
MINUTES = "主持人传达学习内容，与会党员逐一发言交流，会议明确了下一步工作安排。"
REASONS = (AbsenceReason.SICK, AbsenceReason.PERSONAL, AbsenceReason.DUTY, AbsenceReason.OTHER)


def _day(rng, year: int, month: int, lo: int = 3, hi: int = 26) -> datetime.date:  # noqa: ANN001
    return datetime.date(year, month, rng.randint(lo, hi))


def _plan(rng, quarter: Quarter, gaps: bool) -> list[tuple[str, datetime.date]]:  # noqa: ANN001
    """The meetings one branch holds in ``quarter`` (up to the demo's today)."""
    held: list[tuple[str, datetime.date]] = []
    skip: tuple[str, int | None] | None = None
    if gaps:
        kind = rng.choice((*QUARTERLY, *MONTHLY))
        skip = (kind, None if kind in QUARTERLY else rng.choice(quarter.months))
    for kind in QUARTERLY:
        if skip != (kind, None):
            held.append((kind, _day(rng, quarter.year, rng.choice(quarter.months[:2]))))
    for month in quarter.months:
        for kind in MONTHLY:
            if skip != (kind, month):
                held.append((kind, _day(rng, quarter.year, month)))
    return [(kind, on) for kind, on in held if on <= DEMO_TODAY]


def _secretaries(paths: dict[int, str]) -> dict[int, Account]:
    """The community secretary's account over each branch, by branch id."""
    by_node: dict[str, Account] = {}
    for account in Account.objects.filter(
        role_grants__role=Role.COMMUNITY_SECRETARY
    ).select_related("org_node"):
        if account.org_node is not None:
            by_node.setdefault(account.org_node.path, account)
    found = {}
    for branch_id, path in paths.items():
        for length in range(len(path), 0, -4):
            if path[:length] in by_node:
                found[branch_id] = by_node[path[:length]]
                break
    return found


@demo_seeder(order=150, name="branchlife.meetings")
def seed_meetings(context: DemoContext) -> None:
    district = context.district
    if district is None:
        return
    rng = context.rng
    branches = list(
        PartyOrganization.objects.filter(
            org_node__path__startswith=district.path, kind__in=BRANCH_KINDS
        )
        .select_related("org_node")
        .order_by("path")
    )
    members: dict[int, list[int]] = defaultdict(list)
    for pk, branch_id in (
        Person.objects.filter(party_branch__in=branches, is_party_member=True)
        .order_by("name", "pk")
        .values_list("pk", "party_branch_id")
    ):
        members[branch_id].append(pk)
    recorders = _secretaries({b.pk: b.org_node.path for b in branches})
    member_login = Account.objects.filter(username="member").select_related("person").first()
    member_branch = (
        member_login.person.party_branch_id if member_login and member_login.person else None
    )
    meetings: list[BranchMeeting] = []
    attendance: list[list[tuple[int, bool, str]]] = []
    with context.progress("三会一课 / branch meetings", total=len(branches)) as advance:
        # The first branch other than the member's misses something every quarter, so a
        # district of any size has a gap to show; the others now and then.
        first_other = next((b.pk for b in branches if b.pk != member_branch), None)
        for branch in branches:
            people = members.get(branch.pk, [])
            for quarter in QUARTERS:
                draw = rng.random() < GAP_SHARE
                gaps = branch.pk != member_branch and (draw or branch.pk == first_other)
                for kind, on in _plan(rng, quarter, gaps):
                    meetings.append(_meeting(rng, branch, kind, on, recorders.get(branch.pk)))
                    attendance.append(_attendance(rng, kind, people))
            for kind, on in _planned(rng, branch.pk == member_branch):
                meetings.append(
                    _meeting(rng, branch, kind, on, recorders.get(branch.pk), planned=True)
                )
                attendance.append([])
            advance(1)
    created = []
    for start in range(0, len(meetings), CHUNK):
        created += BranchMeeting.objects.bulk_create(meetings[start : start + CHUNK])
    rows = [
        Attendance(meeting_id=m.pk, person_id=pk, present=present, reason=reason)
        for m, lines in zip(created, attendance, strict=True)
        for pk, present, reason in lines
    ]
    Attendance.objects.bulk_create(rows, batch_size=CHUNK)
    context.extra["branch_meetings"] = len(created)


def _meeting(rng, branch, kind, on, recorder, planned: bool = False) -> BranchMeeting:  # noqa: ANN001
    return BranchMeeting(
        branch=branch,
        kind=kind,
        held_on=on,
        topic=rng.choice(TOPICS[kind]),
        place=rng.choice(PLACES),
        minutes="" if planned else MINUTES,
        recorded_by=recorder,
        updated_by=recorder,
    )


def _attendance(rng, kind: str, people: list[int]) -> list[tuple[int, bool, str]]:  # noqa: ANN001
    """Who was due and came: everyone at 大会 and 党课, the committee at 支委会, a group (a
    third of the branch) at 党小组会."""
    if kind == MeetingKind.COMMITTEE:
        due = people[:COMMITTEE_SIZE]
    elif kind == MeetingKind.GROUP:
        due = people[: max(1, len(people) // 3)]
    else:
        due = people
    lines = []
    for pk in due:
        if rng.random() < ABSENT_SHARE:
            lines.append((pk, False, rng.choice(REASONS)))
        else:
            lines.append((pk, True, ""))
    return lines


def _planned(rng, with_lesson: bool) -> list[tuple[str, datetime.date]]:  # noqa: ANN001
    """December's meetings, planned: the 支委会 and 党小组会 of the month (and a 党课)."""
    found = [
        (MeetingKind.COMMITTEE, datetime.date(2026, 12, rng.randint(10, 15))),
        (MeetingKind.GROUP, datetime.date(2026, 12, rng.randint(16, 22))),
    ]
    if with_lesson:
        found.append((MeetingKind.LESSON, datetime.date(2026, 12, 18)))
    return found
