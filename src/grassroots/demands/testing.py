"""Test helpers for demands, and the samples the scope walk uses (see testing/scopewalk.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from grassroots.demands.models import (
    Category,
    CategoryTally,
    Demand,
    DemandEvent,
    DemandPhoto,
    DemandTally,
    DemandTask,
)
from grassroots.demands.services import DemandInput, create_demand
from grassroots.demands.services.categories import install_default_tree
from grassroots.org.models import OrgNode
from grassroots.testing.personas import grid_at_or_below
from grassroots.testing.scopewalk import register_sample


def ensure_categories() -> None:
    """The default category tree (a flushed test database has lost the migration's rows)."""
    if not Category.objects.exists():
        install_default_tree(Category)


def make_demand(
    grid: OrgNode,
    *,
    title: str = "楼道里堆满杂物",
    category: str = "env-clutter",
    actor: Any = None,
    phone: str = "13812345678",
    when: Any = None,
    **extra: Any,
) -> Demand:
    ensure_categories()
    data = DemandInput(
        title=title,
        description=extra.pop("description", title + "，请处理"),
        category=Category.objects.get(code=category),
        channel=extra.pop("channel", "grid_report"),
        grid=grid,
        reporter_phone=phone,
        **extra,
    )
    return create_demand(data=data, actor=actor, now=when or timezone.now())


def _make_sample_demand(node: OrgNode, tag: str) -> Demand:
    """In the walk's world a grid's resident persona reported every sample demand there: a
    resident sees only the demands they reported (``demands.scope``), and the walk expects
    each persona to see exactly its subtree's rows."""
    from grassroots.accounts.models import Account
    from grassroots.kernel.permissions import Role

    grid = grid_at_or_below(node, tag)
    demand = make_demand(grid, title=f"巡检诉求{tag}")
    resident = Account.objects.filter(org_node=grid, role_grants__role=Role.RESIDENT).first()
    if resident is not None:
        Demand.objects.filter(pk=demand.pk).update(created_by=resident)
        demand.created_by = resident
    return demand


def _make_task(node: OrgNode, tag: str) -> DemandTask:
    demand = _make_sample_demand(node, tag)
    return DemandTask.objects.create(
        demand=demand, action=f"巡检任务{tag}", due=timezone.now() + datetime.timedelta(days=1)
    )


register_sample(Demand, marker=lambda d: d.title, make=_make_sample_demand)
register_sample(
    DemandEvent,
    marker=lambda e: e.demand.title,
    make=lambda node, tag: _make_sample_demand(node, tag).events.first(),
)
register_sample(DemandTask, marker=lambda t: t.action, make=_make_task)
register_sample(
    DemandTally,
    marker=lambda t: None,
    make=lambda node, tag: DemandTally.objects.filter(
        grid=_make_sample_demand(node, tag).grid
    ).first(),
)
register_sample(
    CategoryTally, marker=lambda t: None, make=lambda node, tag: _category_tally(node, tag)
)


def _category_tally(node: OrgNode, tag: str) -> CategoryTally | None:
    demand = _make_sample_demand(node, tag)
    community = OrgNode.objects.get(path=demand.grid.path[: -OrgNode.steplen])
    return CategoryTally.objects.filter(community=community).first()


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _make_photo(node: OrgNode, tag: str) -> DemandPhoto:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from grassroots.demands.services.actions import add_photo

    demand = _make_sample_demand(node, tag)
    return add_photo(demand, upload=SimpleUploadedFile("p.png", PNG_BYTES), actor=None)


register_sample(DemandPhoto, marker=lambda p: p.demand.title, make=_make_photo)
