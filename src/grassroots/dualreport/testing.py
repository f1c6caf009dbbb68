"""双报到 rows for tests and the scope walk: a post, a unit report, a member's report, a record.

A post hangs on a community; where the walk asks for one at a grid it hangs on the grid itself,
since the walk needs a row inside every persona's subtree (as the pairing samples do). The
post's marker is None: a needs list is the community's public call, which every party member
living there reads to pick a post, so its titles on a member's page are no leak.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from grassroots.accounts.models import Account
from grassroots.dualreport.models import (
    Category,
    MemberReport,
    RecordChange,
    ReportChange,
    ReportStatus,
    ServicePost,
    ServiceRecord,
    UnitReport,
    UnitReportChange,
)
from grassroots.kernel.permissions import Role
from grassroots.members.models import Member, MemberKind
from grassroots.members.testing import make_member
from grassroots.org.models import Level, OrgNode
from grassroots.testing.personas import grid_at_or_below
from grassroots.testing.scopewalk import register_sample

SAMPLE_DAY = datetime.date(2026, 7, 1)


def community_of_grid(grid: OrgNode) -> OrgNode:
    return OrgNode.objects.get(path=grid.path[: -OrgNode.steplen])


def make_post(community: OrgNode, title: str, *, places: int = 5, **fields: object) -> ServicePost:
    """A post on ``community``'s needs list (written directly: no level check)."""
    fields.setdefault("category", Category.GOVERNANCE)
    return ServicePost.objects.create(community=community, title=title, places=places, **fields)


def _sample_community(node: OrgNode, tag: str) -> OrgNode:
    if node.level in (Level.GRID, Level.COMMUNITY):
        return node
    return community_of_grid(grid_at_or_below(node, tag))


def _sample_post(node: OrgNode, tag: str) -> ServicePost:
    return make_post(_sample_community(node, tag), f"巡检岗位{tag}")


def _sample_unit_report(node: OrgNode, tag: str) -> UnitReport:
    community = _sample_community(node, tag)
    report = UnitReport.objects.create(
        community=community,
        unit_name=f"巡检报到单位{tag}",
        party_org_name=f"巡检单位党支部{tag}",
        contact_name="联系人",
        contact_phone="13800001234",
        reported_on=SAMPLE_DAY,
    )
    UnitReportChange.objects.create(report=report, community=community, to_status="submitted")
    return report


def walk_member(node: OrgNode, tag: str) -> Member:
    """In the walk's world the party-member persona of a grid is every sample member made
    there (as the roster's samples have it): a member sees only their own rows."""
    grid = grid_at_or_below(node, tag)
    persona = Account.objects.filter(org_node=grid, role_grants__role=Role.PARTY_MEMBER).first()
    if persona is not None and persona.person_id is not None:
        found = Member.objects.filter(person_id=persona.person_id).first()
        if found is not None:
            return found
    member = make_member(grid, tag, kind=MemberKind.IN_SERVICE, work_unit=f"巡检单位{tag}")
    if persona is not None:
        persona.person_id = member.person_id
        persona.save(update_fields=["person"])
    return member


def make_report(member: Member, post: ServicePost | None = None, **fields: object) -> MemberReport:
    """A member's report, written directly (the services check the post's community)."""
    grid = member.grid
    community = community_of_grid(grid)
    post = post or make_post(community, f"岗位{member.pk}")
    fields.setdefault("status", ReportStatus.CONFIRMED)
    fields.setdefault("reported_on", SAMPLE_DAY)
    report = MemberReport.objects.create(
        member=member, grid=grid, community=community, post=post, **fields
    )
    ReportChange.objects.create(report=report, grid=grid, to_status=report.status)
    return report


def _walk_report(node: OrgNode, tag: str) -> MemberReport:
    member = walk_member(node, tag)
    found = MemberReport.objects.filter(member=member).first()
    return found or make_report(member)


def _walk_record(node: OrgNode, tag: str) -> ServiceRecord:
    report = _walk_report(node, tag)
    row = ServiceRecord.objects.create(
        member=report.member,
        report=report,
        grid=report.grid,
        community=report.community,
        served_on=SAMPLE_DAY,
        hours=Decimal("2.0"),
        work=f"巡检服务内容{tag}",
    )
    RecordChange.objects.create(record=row, grid=row.grid, to_status=row.status)
    return row


register_sample(ServicePost, marker=lambda p: None, make=_sample_post)
register_sample(UnitReport, marker=lambda r: r.unit_name, make=_sample_unit_report)
register_sample(
    UnitReportChange,
    marker=lambda c: None,
    make=lambda n, t: _sample_unit_report(n, t).changes.first(),
)
register_sample(MemberReport, marker=lambda r: r.member.person.name, make=_walk_report)
register_sample(
    ReportChange, marker=lambda c: None, make=lambda n, t: _walk_report(n, t).changes.first()
)
register_sample(ServiceRecord, marker=lambda r: r.work, make=_walk_record)
register_sample(
    RecordChange, marker=lambda c: None, make=lambda n, t: _walk_record(n, t).changes.first()
)
