"""Test helpers for pairings, and their samples for the scope walk.

In the walk's world the liaison persona is its community's liaison: every sample pairing made
in or below a community is linked to the liaison accounts that sit there or above, so the
liaison's scope (its units' rows, by the models' scope rule) is exactly its subtree's rows, as
the walk expects of every persona. That a liaison also sees its units' pairings beyond its
subtree is tested in pairing/tests/test_scope.py.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from grassroots.accounts.models import Account
from grassroots.kernel.permissions import Role
from grassroots.org.models import Level, OrgNode
from grassroots.pairing.models import (
    Agreement,
    Answer,
    AnswerChange,
    Evidence,
    Finding,
    ListTask,
    PairedUnit,
    Pairing,
    Pledge,
    PledgeChange,
    Problem,
    ProgressEntry,
    Side,
    Task,
    TaskChange,
    TaskEvidence,
    TaskProgress,
    Visit,
    VisitKind,
)
from grassroots.pairing.services import (
    add_agreement,
    add_evidence,
    add_pledge,
    record_progress,
)
from grassroots.testing.personas import grid_at_or_below
from grassroots.testing.scopewalk import register_sample

# The smallest PNG there is: evidence a test can upload.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def pair(
    unit_code: str,
    unit_name: str,
    community: OrgNode,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
) -> Pairing:
    """Pair a unit (made in the community's district if new) with a community."""
    district = OrgNode.objects.get(path=community.path[: OrgNode.steplen])
    unit, _created = PairedUnit.objects.get_or_create(
        code=unit_code,
        defaults={
            "name": unit_name,
            "district": district,
            "party_organization": f"中共{unit_name}党组",
        },
    )
    return Pairing.objects.create(
        unit=unit,
        community=community,
        started_on=started_on or datetime.date(2026, 1, 1),
        ended_on=ended_on,
    )


def make_pledge(
    pairing: Pairing,
    text: str = "帮助社区整治群租房",
    *,
    deadline: datetime.date | None = None,
    task: str = Task.GOVERNANCE,
) -> Pledge:
    return add_pledge(
        pairing,
        text=text,
        task=task,
        responsible="王科长",
        deadline=deadline or datetime.date(2026, 12, 31),
    )


def photo(name: str = "现场.png") -> ContentFile:
    return ContentFile(PNG, name=name)


def _community_at_or_below(node: OrgNode, tag: str) -> OrgNode:
    """The community a sample hangs on; at a grid, the grid itself (the walk needs a row inside
    every persona's subtree, and a grid worker's is one grid)."""
    if node.level == Level.GRID:
        return node
    grid = grid_at_or_below(node, tag)
    return OrgNode.objects.get(path=grid.path[: -OrgNode.steplen])


def _link_liaisons_there(pairing: Pairing) -> None:
    """The liaison accounts sitting at the pairing's node or above it become its unit's."""
    path = pairing.community.path
    above = [path[:n] for n in range(OrgNode.steplen, len(path) + 1, OrgNode.steplen)]
    liaisons = Account.objects.filter(
        org_node__path__in=above, role_grants__role=Role.PAIRED_UNIT_LIAISON
    )
    pairing.unit.liaisons.add(*liaisons)


def _sample_pairing(node: OrgNode, tag: str) -> Pairing:
    community = _community_at_or_below(node, tag)
    pairing = pair(f"WALK{tag}", f"巡检结对单位{tag}", community)
    _link_liaisons_there(pairing)
    return pairing


def _pairing_at_or_below(node: OrgNode, tag: str) -> Pairing:
    community = _community_at_or_below(node, tag)
    found = Pairing.objects.filter(community=community).order_by("pk").first()
    return found or _sample_pairing(community, tag)


def _sample_unit(node: OrgNode, tag: str) -> PairedUnit | None:
    if node.level != Level.DISTRICT:
        return None  # units belong to a district
    return PairedUnit.objects.create(code=f"WALKU{tag}", name=f"巡检单位{tag}", district=node)


def _sample_pledge(node: OrgNode, tag: str) -> Pledge | None:
    pairing = _pairing_at_or_below(node, tag)
    return make_pledge(pairing, f"巡检承诺事项{tag}") if pairing else None


def _pledge_at_or_below(node: OrgNode, tag: str) -> Pledge | None:
    pairing = _pairing_at_or_below(node, tag)
    if pairing is None:
        return None
    return pairing.pledges.order_by("pk").first() or make_pledge(pairing, f"巡检承诺事项{tag}")


def _sample_agreement(node: OrgNode, tag: str) -> Agreement | None:
    pairing = _pairing_at_or_below(node, tag)
    if pairing is None:
        return None
    day = datetime.date(2026, 1, 1) + datetime.timedelta(days=int(tag))
    signed = ContentFile(b"%PDF-1.4\n% walk\n", name=f"协议{tag}.pdf")
    return add_agreement(pairing, signed_on=day, document=signed)


def _sample_progress(node: OrgNode, tag: str) -> ProgressEntry | None:
    pledge = _pledge_at_or_below(node, tag)
    return record_progress(pledge, percent=30, note=f"巡检进度{tag}") if pledge else None


def _sample_evidence(node: OrgNode, tag: str) -> Evidence | None:
    pledge = _pledge_at_or_below(node, tag)
    return add_evidence(pledge, upload=photo(f"巡检佐证{tag}.png")) if pledge else None


def _sample_change(node: OrgNode, tag: str) -> PledgeChange | None:
    pledge = _pledge_at_or_below(node, tag)
    return pledge.changes.order_by("pk").first() if pledge else None


register_sample(Pairing, marker=lambda p: p.unit.name, make=_sample_pairing)
register_sample(PairedUnit, marker=lambda u: u.name, make=_sample_unit)
register_sample(Pledge, marker=lambda p: p.text, make=_sample_pledge)
register_sample(Agreement, marker=lambda a: None, make=_sample_agreement)
register_sample(ProgressEntry, marker=lambda e: e.note, make=_sample_progress)
register_sample(Evidence, marker=lambda e: e.name, make=_sample_evidence)
register_sample(PledgeChange, marker=lambda c: None, make=_sample_change)


# --- the three lists and visits -------------------------------------------------------------


def make_problem(pairing: Pairing, text: str = "老旧小区路灯损坏", **kwargs: Any) -> Problem:
    from grassroots.pairing.services.lists import add_problem

    kwargs.setdefault("side", Side.UNIT)
    kwargs.setdefault("responsible", "王科长")
    return add_problem(pairing, text=text, **kwargs)


def make_task(
    problem: Problem,
    text: str = "更换路灯20盏",
    *,
    deadline: datetime.date | None = None,
    **kwargs: Any,
) -> ListTask:
    from grassroots.pairing.services.lists import add_task

    return add_task(
        problem,
        text=text,
        responsible=kwargs.pop("responsible", "李工"),
        deadline=deadline or datetime.date(2026, 12, 31),
        **kwargs,
    )


def make_visit(
    pairing: Pairing,
    topic: str = "群租房成因",
    *,
    on: datetime.date | None = None,
    findings: tuple[str, ...] = ("出租屋隔断多、消防通道堵塞",),
    kind: str = VisitKind.STUDY,
) -> Visit:
    from grassroots.pairing.services.lists import record_visit

    return record_visit(
        pairing,
        on=on or datetime.date(2026, 3, 10),
        kind=kind,
        topic=topic,
        participants="王局长、社区书记",
        findings=findings,
    )


def _problem_at_or_below(node: OrgNode, tag: str) -> Problem:
    pairing = _pairing_at_or_below(node, tag)
    found = Problem.objects.filter(pairing=pairing).order_by("pk").first()
    return found or make_problem(pairing, f"巡检问题{tag}")


def _task_at_or_below(node: OrgNode, tag: str) -> ListTask:
    problem = _problem_at_or_below(node, tag)
    found = ListTask.objects.filter(problem=problem).order_by("pk").first()
    return found or make_task(problem, f"巡检任务{tag}")


def _visit_at_or_below(node: OrgNode, tag: str) -> Visit:
    pairing = _pairing_at_or_below(node, tag)
    found = Visit.objects.filter(pairing=pairing).order_by("pk").first()
    return found or make_visit(pairing, f"巡检调研{tag}", findings=(f"巡检发现{tag}",))


def _sample_task_progress(node: OrgNode, tag: str) -> TaskProgress:
    from grassroots.pairing.services.lists import record_task_progress

    return record_task_progress(_task_at_or_below(node, tag), percent=20, note=f"巡检任务进度{tag}")


def _sample_task_evidence(node: OrgNode, tag: str) -> TaskEvidence:
    from grassroots.pairing.services.lists import add_task_evidence

    return add_task_evidence(_task_at_or_below(node, tag), upload=photo(f"巡检任务佐证{tag}.png"))


def _sample_answer_change(node: OrgNode, tag: str) -> AnswerChange:
    visit = _visit_at_or_below(node, tag)
    return AnswerChange.objects.create(visit=visit, to_answer=Answer.HELPFUL, note=f"巡检评价{tag}")


register_sample(
    Problem,
    marker=lambda p: p.text,
    make=lambda n, t: make_problem(_pairing_at_or_below(n, t), f"巡检问题{t}"),
)
register_sample(
    ListTask,
    marker=lambda k: k.text,
    make=lambda n, t: make_task(_problem_at_or_below(n, t), f"巡检任务{t}"),
)
register_sample(TaskProgress, marker=lambda e: e.note, make=_sample_task_progress)
register_sample(TaskEvidence, marker=lambda e: e.name, make=_sample_task_evidence)
register_sample(
    TaskChange,
    marker=lambda c: None,
    make=lambda n, t: _task_at_or_below(n, t).changes.order_by("pk").first(),
)
register_sample(
    Visit,
    marker=lambda v: v.topic,
    make=lambda n, t: make_visit(
        _pairing_at_or_below(n, t), f"巡检调研{t}", findings=(f"巡检发现{t}",)
    ),
)
register_sample(
    Finding,
    marker=lambda f: f.text,
    make=lambda n, t: _visit_at_or_below(n, t).findings.order_by("pk").first(),
)
register_sample(AnswerChange, marker=lambda c: c.note, make=_sample_answer_change)
