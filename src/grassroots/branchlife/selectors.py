"""Reads of 三会一课, each starting from ``visible_to``: a branch's meetings, one meeting, the
member's own panel, and the compliance of the branches below a party organisation.

The compliance check reads three things whatever the size of the tree: the branches under the
organisation, the (branch, kind, month) of every meeting they held in the quarter (one grouped
query), and the organisation's children; the rest is arithmetic in Python. A higher
organisation's figures are counts of its branches, so a parent's numbers are the sums of its
children's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from grassroots.branchlife.models import AbsenceReason, Attendance, BranchMeeting
from grassroots.branchlife.rules import BRANCH_KINDS, Quarter, Verdict, judge
from grassroots.branchlife.scope import member_branch_id
from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import PartyOrganization
from grassroots.org.selectors import party_scope_roots
from grassroots.people.models import Person

UPCOMING_SHOWN = 5


def _orgs(user: Any) -> QuerySet[PartyOrganization]:
    """The party organisations the user sees; every one for the command line (no user)."""
    if user is None:
        return PartyOrganization.objects.all()
    return PartyOrganization.objects.visible_to(user)


def _meetings(user: Any) -> QuerySet[BranchMeeting]:
    if user is None:
        return BranchMeeting.objects.all()
    return BranchMeeting.objects.visible_to(user)


def is_branch(org: PartyOrganization) -> bool:
    return org.kind in BRANCH_KINDS


# --- one organisation, one branch, one meeting -----------------------------------------------


def party_org(user: Any, party_org_id: int) -> PartyOrganization:
    return get_visible_or_404(PartyOrganization, user, pk=party_org_id)


def own_branch(user: Any) -> PartyOrganization | None:
    """The branch of the account's person, when the user may see it."""
    branch_id = member_branch_id(user)
    if branch_id is None:
        return None
    return _orgs(user).filter(pk=branch_id).first()


def branch_meetings(user: Any, branch: PartyOrganization) -> QuerySet[BranchMeeting]:
    """The branch's meetings the user sees, newest first, with their attendance counted."""
    return (
        _meetings(user)
        .filter(branch=branch)
        .annotate(
            present=Count("attendance", filter=Q(attendance__present=True)),
            absent=Count("attendance", filter=Q(attendance__present=False)),
        )
        .order_by("-held_on", "-pk")
    )


def meeting(user: Any, branch_meeting_id: int) -> BranchMeeting:
    found = get_visible_or_404(BranchMeeting, user, pk=branch_meeting_id)
    return BranchMeeting.objects.select_related(
        "branch", "branch__org_node", "recorded_by", "updated_by"
    ).get(pk=found.pk)


@dataclass(frozen=True)
class MemberLine:
    """A member of the branch on a meeting's form or page, with their attendance."""

    person: Person
    status: str  # "present", "absent" or "" (not expected)
    reason: str = ""

    @property
    def reason_label(self) -> str:
        return str(AbsenceReason(self.reason).label) if self.reason in AbsenceReason.values else ""


def members_of(branch: PartyOrganization) -> list[Person]:
    """The branch's members by name (those whose party organisation it is)."""
    return list(
        Person.objects.filter(party_branch=branch, is_party_member=True)
        .only("pk", "name", "post", "org_node_id")
        .order_by("name", "pk")
    )


def attendance_lines(branch: PartyOrganization, meeting: BranchMeeting | None) -> list[MemberLine]:
    """Every member of the branch with their attendance at ``meeting`` (if given), and anyone
    recorded at it who has since left the branch."""
    rows = {} if meeting is None else {a.person_id: a for a in meeting.attendance.all()}
    people = members_of(branch)
    known = {p.pk for p in people}
    gone = [pk for pk in rows if pk not in known]
    if gone:
        people += list(
            Person.objects.filter(pk__in=gone).only("pk", "name", "post").order_by("name")
        )
    lines = []
    for person in people:
        row = rows.get(person.pk)
        if row is None:
            lines.append(MemberLine(person, ""))
        else:
            lines.append(MemberLine(person, "present" if row.present else "absent", row.reason))
    return lines


# --- the member's panel on the home page -----------------------------------------------------


@dataclass
class MemberPanel:
    branch: PartyOrganization
    upcoming: list[BranchMeeting]
    quarter: Quarter
    expected: int  # meetings of this quarter so far the member was due at
    present: int
    lines: list[tuple[BranchMeeting, Attendance | None]] = field(default_factory=list)


def member_panel(user: Any, today: datetime.date | None = None) -> MemberPanel | None:
    """A member's branch: its meetings to come, and their own attendance this quarter."""
    branch = own_branch(user)
    if branch is None:
        return None
    today = today or timezone.localdate()
    quarter = Quarter.of(today)
    visible = _meetings(user).filter(branch=branch)
    upcoming = list(
        visible.filter(held_on__gte=today, minutes="").order_by("held_on", "pk")[:UPCOMING_SHOWN]
    )
    held = list(
        visible.filter(held_on__gte=quarter.start, held_on__lte=today).order_by("-held_on", "-pk")
    )
    mine = {
        a.meeting_id: a
        for a in Attendance.objects.filter(
            meeting__in=[m.pk for m in held], person__account=user.pk
        )
    }
    lines = [(m, mine.get(m.pk)) for m in held]
    return MemberPanel(
        branch=branch,
        upcoming=upcoming,
        quarter=quarter,
        expected=len(mine),
        present=sum(1 for a in mine.values() if a.present),
        lines=lines,
    )


def home_panel(user: Any) -> dict[str, Any] | None:
    """The home page's panel for a party member: None when they belong to no branch."""
    panel = member_panel(user)
    return None if panel is None else {"mine": panel}


@dataclass
class WeekPanel:
    """The meetings of the week ahead in the party organisations an office sees."""

    today: datetime.date
    meetings: list[BranchMeeting]

    @property
    def today_count(self) -> int:
        return sum(1 for m in self.meetings if m.held_on == self.today)


WEEK_SHOWN = 8


def week_panel(user: Any) -> dict[str, Any] | None:
    """The home page's panel for offices: today's and the next six days' meetings (None when
    there are none)."""
    today = timezone.localdate()
    meetings = list(
        _meetings(user)
        .filter(held_on__gte=today, held_on__lt=today + datetime.timedelta(days=7))
        .select_related("branch")
        .order_by("held_on", "branch__name", "pk")[:WEEK_SHOWN]
    )
    return {"week": WeekPanel(today, meetings)} if meetings else None


# --- compliance --------------------------------------------------------------------------------


def rate(part: int, whole: int) -> Decimal | None:
    """Percent with one decimal, half up; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Standing:
    """One branch in a quarter."""

    branch: PartyOrganization
    verdict: Verdict
    held: int  # meetings held in the quarter, up to today

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.branch.pk,
            "name": self.branch.name,
            "compliant": self.verdict.compliant,
            "held": self.held,
            "missing": [m.as_json() for m in self.verdict.missing],
            "due": [m.as_json() for m in self.verdict.due],
        }


@dataclass
class Tally:
    """Branches under one organisation: how many, and how many kept the rule."""

    org: PartyOrganization | None
    branches: int = 0
    compliant: int = 0
    standing: Standing | None = None  # when the organisation is itself a branch

    @property
    def failing(self) -> int:
        return self.branches - self.compliant

    @property
    def rate(self) -> Decimal | None:
        return rate(self.compliant, self.branches)

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "branches": self.branches,
            "compliant": self.compliant,
            "not_compliant": self.failing,
            "rate": float(self.rate) if self.rate is not None else None,
        }
        if self.org is not None:
            found = {"id": self.org.pk, "name": self.org.name, **found}
        return found


@dataclass
class Compliance:
    quarter: Quarter
    today: datetime.date
    org: PartyOrganization | None  # the organisation looked at; None: all the user's roots
    total: Tally
    rows: list[Tally]  # its children (or the user's roots), each summing its branches
    standings: list[Standing]  # every branch under it

    @property
    def complete(self) -> bool:
        return self.quarter.end < self.today

    @property
    def failing(self) -> list[Standing]:
        return [s for s in self.standings if not s.verdict.compliant]

    def as_json(self) -> dict[str, Any]:
        return {
            "quarter": str(self.quarter),
            "as_of": self.today.isoformat(),
            "complete": self.complete,
            "org": {"id": self.org.pk, "name": self.org.name} if self.org else None,
            **self.total.as_json(),
            "by_org": [row.as_json() for row in self.rows],
            "not_compliant_branches": [s.as_json() for s in self.failing],
        }


def default_quarter(today: datetime.date | None = None) -> Quarter:
    """The last complete quarter: the one a check is normally made of."""
    return Quarter.last_complete(today or timezone.localdate())


def quarters_to_choose(today: datetime.date | None = None, count: int = 8) -> list[Quarter]:
    """The current quarter and the ones before it, newest first."""
    quarter = Quarter.of(today or timezone.localdate())
    found = []
    for _ in range(count):
        found.append(quarter)
        quarter = quarter.previous()
    return found


def find_org(user: Any, text: str) -> PartyOrganization | None:
    """A party organisation the user sees, by exact name (or by id)."""
    orgs = _orgs(user)
    text = text.strip()
    found = orgs.filter(name=text).order_by("path").first()
    if found is None and text.isdigit():
        found = orgs.filter(pk=int(text)).first()
    return found


def compliance(
    user: Any,
    quarter: Quarter,
    org: PartyOrganization | None = None,
    today: datetime.date | None = None,
) -> Compliance:
    """Which branches under ``org`` (or under all the user sees) kept the rule in ``quarter``."""
    today = today or timezone.localdate()
    orgs = _orgs(user)
    if org is None:
        roots = list(
            orgs.filter(depth=1) if user is None else party_scope_roots(user).order_by("path")
        )
        if len(roots) == 1:
            org = roots[0]
    if org is not None:
        children = (
            [org]
            if is_branch(org)
            else list(orgs.filter(path__startswith=org.path, depth=org.depth + 1).order_by("path"))
        )
        branches_qs = orgs.filter(path__startswith=org.path, kind__in=BRANCH_KINDS)
    else:
        children = roots
        branches_qs = orgs.filter(kind__in=BRANCH_KINDS)
    branches = list(
        branches_qs.only("pk", "name", "path", "depth", "kind", "org_node_id").order_by("path")
    )
    held = _held(user, branches_qs, quarter, today)
    standings = []
    for branch in branches:
        kinds = held.get(branch.pk, {})
        verdict = judge(quarter, set(kinds), today)
        standings.append(Standing(branch, verdict, sum(kinds.values())))
    by_child = {child.path: Tally(child) for child in children}
    total = Tally(org)
    for standing in standings:
        total.branches += 1
        total.compliant += standing.verdict.compliant
        row = _row_for(by_child, standing.branch.path)
        if row is not None:
            row.branches += 1
            row.compliant += standing.verdict.compliant
            if row.org is not None and row.org.pk == standing.branch.pk:
                row.standing = standing
    rows = [row for row in by_child.values() if row.branches]
    return Compliance(quarter, today, org, total, rows, standings)


def _row_for(rows: dict[str, Tally], path: str) -> Tally | None:
    for length in range(len(path), 0, -PartyOrganization.steplen):
        row = rows.get(path[:length])
        if row is not None:
            return row
    return None


def _held(
    user: Any, branches: QuerySet[PartyOrganization], quarter: Quarter, today: datetime.date
) -> dict[int, dict[tuple[str, int], int]]:
    """(kind, month) → number of meetings held, per branch, in the quarter up to ``today``."""
    rows = (
        _meetings(user)
        .filter(
            branch__in=branches.order_by().values("pk"),
            held_on__gte=quarter.start,
            held_on__lte=min(quarter.end, today),
        )
        .annotate(month=ExtractMonth("held_on"))
        .order_by()
        .values_list("branch_id", "kind", "month")
        .annotate(n=Count("pk"))
    )
    found: dict[int, dict[tuple[str, int], int]] = {}
    for branch_id, kind, month, n in rows:
        found.setdefault(branch_id, {})[(kind, month)] = n
    return found
