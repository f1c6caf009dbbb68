"""Reads of the registry, each starting from ``visible_to(user)``.

Lists page by keyset (``after`` the last id shown, newest first), never by OFFSET and never with
a COUNT over the whole table, so the thousandth page of a million residents costs what the
first does. Search tells what was typed: a document number or a phone is looked up by its
blind index (the encrypted columns cannot be searched), letters by pinyin initials, anything
else by name or by address.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from grassroots.kernel import crypto
from grassroots.kernel.scope import restricts, within
from grassroots.org.models import Level, OrgNode
from grassroots.registry.choices import IdType
from grassroots.registry.models import (
    Building,
    Estate,
    Household,
    ImportJob,
    RegistryChange,
    Residence,
    Resident,
    Room,
    document_index,
)

PAGE_SIZE = 50
EXPORT_CHUNK = 2000
DOCUMENT_LIKE = re.compile(r"[0-9A-Za-z]{8,18}")
PHONE_LIKE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}")
INITIALS_LIKE = re.compile(r"[A-Za-z]{1,10}")


@dataclass
class Page:
    rows: list[Any]
    next_after: int | None  # the ``after`` of the next page, None on the last


def _page(
    rows: QuerySet,
    alternatives: list[QuerySet],
    after: int | None,
    *related: str,
    scoped: bool = True,
) -> Page:
    """The page of ``rows`` (with ``related``) whose ids the ``alternatives`` give, newest first.

    Two steps. Each alternative reads ids alone, from the row table's indexes: for each node of
    the scope its part of an index, newest first, stopping once the page is full. Joining the
    related tables there would make the planner join first and sort the whole scope, and an OR
    of alternatives would keep it from using any index. The newest ``PAGE_SIZE`` of their ids
    are the page, and only those rows are then read, with what the page shows of them.

    ``scoped`` says the alternatives leave rows out by node. Their ids are then asked for
    ``DESC NULLS LAST``: SQLite's own order for DESC, so nothing changes there, but not the
    order of PostgreSQL's id index, which would otherwise walk it backwards expecting the scope
    spread evenly over the ids and read most of the table when an import put a street's
    residents together. PostgreSQL then reads the scope through the node index and sorts it.
    """
    size = PAGE_SIZE
    newest_first = F("pk").desc(nulls_last=True) if scoped else F("pk").desc()
    ids: set[int] = set()
    for queryset in alternatives:
        if after:
            queryset = queryset.filter(pk__lt=after)
        ids.update(queryset.order_by(newest_first).values_list("pk", flat=True)[: size + 1])
    newest = sorted(ids, reverse=True)[: size + 1]
    shown = newest[:size]
    by_id = rows.filter(pk__in=shown).select_related(*related).in_bulk() if shown else {}
    return Page(
        rows=[by_id[pk] for pk in shown if pk in by_id],
        next_after=shown[-1] if len(newest) > size else None,
    )


def residents_for(user: Any) -> QuerySet[Resident]:
    return Resident.objects.visible_to(user)


def resident_page(
    user: Any,
    *,
    query: str = "",
    node: OrgNode | None = None,
    special_group: str = "",
    after: int | None = None,
) -> Page:
    """A page of the residents the user sees, newest first, optionally searched and narrowed."""
    visible = residents_for(user)
    alternatives = search_residents(user, query) if query.strip() else [visible]
    if node is not None:
        alternatives = [within(residents, node.path) for residents in alternatives]
    if special_group:
        alternatives = [
            residents.filter(special_groups__contains=f"|{special_group}|")
            for residents in alternatives
        ]
    return _page(
        visible,
        alternatives,
        after,
        "grid",
        "household__room",
        scoped=node is not None or restricts(user, Resident),
    )


def search_residents(user: Any, query: str) -> list[QuerySet[Resident]]:
    """Residents matching ``query`` (document number, phone, pinyin initials, name or address),
    as alternatives each served by its own index; together they are the matches."""
    text = "".join(query.split())
    visible = residents_for(user)
    if not text:
        return []
    if PHONE_LIKE.fullmatch(text):
        return [visible.filter(phone_index=crypto.blind_index(text))]
    if DOCUMENT_LIKE.fullmatch(text) and any(ch.isdigit() for ch in text):
        number = text.upper()
        return [
            visible.filter(id_number_index__in=[document_index(t, number) for t in IdType.values])
        ]
    # Names are matched from the surname on, as people type them: an indexed prefix match
    # answers in milliseconds among a million residents, where a substring match reads them all.
    # The name indexes lead with the grid, so a user who sees every row names every node too.
    by_name = visible if restricts(user, Resident) else within(visible, "")
    names = by_name.filter(name__begins=text)
    if INITIALS_LIKE.fullmatch(text):
        return [by_name.filter(name_initials__begins=text.lower()), names]
    rooms = Room.objects.visible_to(user).filter(address__contains=text).values("pk")[:500]
    households = Household.objects.visible_to(user).filter(room__in=rooms).values("pk")
    return [names, visible.filter(household__in=households)]


def resident_history(user: Any, resident: Resident) -> dict[str, Any]:
    """Where the resident has lived (stays the user may see) and what changed, newest first."""
    stays = (
        Residence.objects.visible_to(user)
        .filter(resident=resident)
        .select_related("room")
        .order_by("-moved_in_on", "-pk")
    )
    changes = (
        RegistryChange.objects.visible_to(user)
        .filter(resident=resident)
        .select_related("actor")
        .order_by("-at", "-pk")[:100]
    )
    return {"stays": list(stays), "changes": list(changes)}


def buildings_in(user: Any, node: OrgNode | None = None) -> QuerySet[Building]:
    buildings = Building.objects.visible_to(user).select_related("estate", "grid")
    if node is not None:
        buildings = buildings.filter(grid__path__within=node.path)
    return buildings.order_by("grid__code", "estate__name", "name")


def rooms_of(user: Any, building: Building) -> list[Room]:
    return list(Room.objects.visible_to(user).filter(building=building).order_by("unit", "number"))


def room_detail(user: Any, room: Room) -> dict[str, Any]:
    household = Household.objects.visible_to(user).filter(room=room, ended_on__isnull=True).first()
    residents = (
        list(Resident.objects.visible_to(user).filter(household=household).order_by("pk"))
        if household
        else []
    )
    changes = list(
        RegistryChange.objects.visible_to(user).filter(room=room).order_by("-at", "-pk")[:50]
    )
    return {
        "household": household,
        "residents": residents,
        "changes": changes,
        "imports": imports_into(user, room),
    }


def imports_into(user: Any, room: Room) -> list[tuple[Any, list[Resident]]]:
    """The imports that registered residents in this room, newest first, with whom each
    registered: an import writes no history row per resident, its stays name the batch."""
    stays = (
        Residence.objects.visible_to(user)
        .filter(room=room, batch__isnull=False)
        .select_related("batch", "batch__actor", "resident")
        .order_by("-batch__at", "resident_id")[:100]
    )
    registered: dict[Any, list[Resident]] = {}
    for stay in stays:
        registered.setdefault(stay.batch, []).append(stay.resident)
    return list(registered.items())


def estates_in(user: Any) -> QuerySet[Estate]:
    return Estate.objects.visible_to(user)


_ROOM_FIELDS = (
    "id",
    "grid__code",
    "building__estate__name",
    "building__name",
    "unit",
    "number",
    "use",
)
_RESIDENT_FIELDS = (
    "id",
    "household__room_id",
    "name",
    "id_type",
    "id_number",
    "gender",
    "ethnicity",
    "birth_date",
    "phone",
    "relation",
    "population_type",
    "political_status",
    "education",
    "special_groups",
    "notes",
)


def export_rows(user: Any, *, node: OrgNode | None = None) -> Iterator[dict[str, Any]]:
    """Every visible room, with a row per current resident, in address order; streamed."""
    rooms = Room.objects.visible_to(user)
    if node is not None:
        rooms = rooms.filter(grid__path__within=node.path)
    rooms = rooms.order_by("grid__code", "address", "pk").values(*_ROOM_FIELDS)
    chunk: list[dict[str, Any]] = []
    for room in rooms.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(room)
        if len(chunk) == EXPORT_CHUNK:
            yield from _with_residents(user, chunk)
            chunk = []
    yield from _with_residents(user, chunk)


def _with_residents(user: Any, rooms: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    if not rooms:
        return
    by_room: dict[int, list[dict[str, Any]]] = {}
    residents = (
        Resident.objects.visible_to(user)
        .filter(household__room_id__in=[r["id"] for r in rooms], household__ended_on__isnull=True)
        .order_by("pk")
        .values(*_RESIDENT_FIELDS)
    )
    for resident in residents:
        by_room.setdefault(resident["household__room_id"], []).append(resident)
    for room in rooms:
        people = by_room.get(room["id"])
        if not people:
            yield room | {"resident_id": None}
            continue
        for person in people:
            yield room | person | {"resident_id": person["id"], "id": room["id"]}


def unit_for(user: Any, **lookup: Any) -> OrgNode | None:
    """A unit of the user's scope by id or code; None when it is not there or not theirs."""
    return OrgNode.objects.visible_to(user).filter(**lookup).first()


def grids_for(user: Any) -> QuerySet[OrgNode]:
    """The grids the user may register a resident in."""
    return OrgNode.objects.visible_to(user).filter(level=Level.GRID)


def grid_ids_by_code(user: Any | None) -> dict[str, int]:
    """Grid ids by code for an import: the user's grids, or every grid when no user runs it."""
    grids = OrgNode.objects.filter(level=Level.GRID) if user is None else grids_for(user)
    return dict(grids.values_list("code", "id"))


def export_units(user: Any) -> QuerySet[OrgNode]:
    """The units an export may be narrowed to; a grid is below what an export is for."""
    return OrgNode.objects.visible_to(user).exclude(level=Level.GRID)


def may_see_room(user: Any, room: Room) -> bool:
    return Room.objects.visible_to(user).filter(pk=room.pk).exists()


def recent_imports(user: Any) -> QuerySet[ImportJob]:
    """The user's own last ten imports, newest first."""
    return ImportJob.objects.visible_to(user).filter(owner=user).order_by("-pk")[:10]


# --- a resident's own place, and the public list of places ---------------------------------

_NUMBERS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key that reads numbers as numbers: 1栋, 2栋, 10栋 (not 1栋, 10栋, 2栋)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in _NUMBERS.split(text)
        if part
    )


def own_residence(user: Any) -> Resident | None:
    """The registry's resident behind a signed-in account, living somewhere now: the account's
    person, matched by ID number through the registry's index (as a member's roster row is)."""
    person = getattr(user, "person", None)
    if person is None or not person.id_number:
        return None
    return (
        Resident.objects.visible_to(user)
        .filter(
            id_number_index=document_index(IdType.CITIZEN, person.id_number),
            household__isnull=False,
        )
        .select_related("household__room__building__estate", "grid")
        .first()
    )


@dataclass(frozen=True)
class PublicEstate:
    """An estate as residents name it, within its community: the estate's parts in several
    grids are one estate here (``pk`` is the first part's)."""

    pk: int
    name: str
    community: str


def public_estates() -> list[PublicEstate]:
    """Every estate by community, for the public demand page. Public facts only, read without
    an account: the names the buildings' notices print, never a room or a resident."""
    rows = Estate.objects.order_by("pk").values_list("pk", "name", "grid__path")
    first: dict[tuple[str, str], int] = {}
    for pk, name, path in rows:
        first.setdefault((path[: -OrgNode.steplen], name), pk)
    communities = dict(
        OrgNode.objects.filter(path__in={path for path, _ in first}).values_list("path", "name")
    )
    found = [
        PublicEstate(pk=pk, name=name, community=communities.get(path, ""))
        for (path, name), pk in first.items()
    ]
    order = {path: n for n, path in enumerate(sorted(communities))}
    paths = {pk: path for (path, _name), pk in first.items()}
    return sorted(found, key=lambda e: (order.get(paths[e.pk], 0), natural_key(e.name), e.pk))


def public_buildings(estate_id: int) -> list[Building]:
    """The buildings of one estate (all its parts in its community), in natural order; none
    for an id that names no estate."""
    estate = Estate.objects.select_related("grid").filter(pk=estate_id).first()
    if estate is None:
        return []
    community = estate.grid.path[: -OrgNode.steplen]
    buildings = Building.objects.filter(
        estate__name=estate.name, grid__path__within=community
    ).select_related("estate", "grid")
    return sorted(buildings, key=lambda b: (natural_key(b.name), b.pk))


def residents_living_on(day: datetime.date) -> dict[int, int]:
    """How many residents live in each grid on ``day`` (a stay begun by then and not ended
    before it), by grid id, over the whole tree: the population a rate per 10,000 residents
    divides by. One grouped query over the stays' grid-and-day index."""
    living = Q(moved_in_on__lte=day) & (Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=day))
    return dict(
        Residence.objects.filter(living)
        .order_by()
        .values("grid_id")
        .annotate(n=Count("resident_id", distinct=True))
        .values_list("grid_id", "n")
    )


def occupied_households(node: OrgNode, day: datetime.date) -> QuerySet[Household]:
    """The households in ``node``'s subtree occupied on ``day``: set up by then, not moved out,
    with someone living there (a stay begun by then and not ended before it). The population
    a survey's sample is drawn from; every row, whoever asks (the caller owns the scope)."""
    living = Residence.objects.filter(
        Q(moved_in_on__lte=day) & (Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=day))
    ).values("household_id")
    households = within(Household.objects.all(), node.path)
    return households.filter(
        Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day)),
        pk__in=living,
    )
