"""Registry rows for tests and the scope walk: a room with a household and a resident anywhere."""

from __future__ import annotations

import datetime

from grassroots.org.models import Level, OrgNode
from grassroots.registry.models import (
    Building,
    ChangeKind,
    ChangeSource,
    Estate,
    Household,
    ImportJob,
    RegistryChange,
    Residence,
    Resident,
    Room,
)
from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData
from grassroots.testing.scopewalk import register_sample

SAMPLE_DAY = datetime.date(2026, 10, 1)


def grid_in(node: OrgNode, tag: str) -> OrgNode:
    """A grid at or below ``node``; one is made below it when it has none."""
    if node.level == Level.GRID:
        return node
    found = OrgNode.objects.filter(path__startswith=node.path, level=Level.GRID).first()
    if found is not None:
        return found
    node = OrgNode.objects.get(pk=node.pk)
    return OrgNode.objects.add_child(
        node,
        {"code": f"{node.code[:12]}{tag[-3:]:0>3}", "name": f"巡检网格{tag}", "level": Level.GRID},
    )


def make_room(node: OrgNode, tag: str) -> Room:
    return ensure_room(
        grid=grid_in(node, tag),
        estate=f"巡检小区{tag}",
        building="1栋",
        unit="1单元",
        number=f"{tag}室",
    )


def make_resident(node: OrgNode, tag: str, **fields: object) -> Resident:
    data = ResidentData(name=f"巡检居民{tag}", gender="M", **fields)  # type: ignore[arg-type]
    return register_resident(room=make_room(node, tag), data=data, on=SAMPLE_DAY)


def _change(node: OrgNode, tag: str) -> RegistryChange:
    room = make_room(node, tag)
    return RegistryChange.objects.create(
        grid_id=room.grid_id,
        kind=ChangeKind.ROOM_USE,
        source=ChangeSource.FORM,
        room=room,
        effective_on=SAMPLE_DAY,
    )


register_sample(Estate, marker=lambda e: e.name, make=lambda n, t: make_room(n, t).building.estate)
register_sample(
    Building, marker=lambda b: b.estate.name, make=lambda n, t: make_room(n, t).building
)
register_sample(Room, marker=lambda r: r.address, make=make_room)
register_sample(
    Household, marker=lambda h: h.room.address, make=lambda n, t: make_resident(n, t).household
)
register_sample(Resident, marker=lambda r: r.name, make=make_resident)
register_sample(
    Residence,
    marker=lambda r: r.resident.name,
    make=lambda n, t: make_resident(n, t).residences.get(),
)
register_sample(RegistryChange, marker=lambda c: None, make=_change)


def _job(node: OrgNode, tag: str) -> ImportJob:
    from grassroots.testing.personas import make_account

    owner = make_account(node, username=f"walk_importer_{tag}")
    return ImportJob.objects.create(
        owner=owner, node=node, name=f"巡检导入{tag}.csv", stored_as=f"walk-{tag}.csv"
    )


register_sample(ImportJob, marker=lambda j: j.name, make=_job)
