"""Reads of the org and party trees, each starting from ``visible_to(user)``.

Counts below a node are grouped by the first characters of the materialised path, so a page
with two children or two hundred asks the same few queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length, Substr

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.plugins import NodeSection, TreeTally, installed_plugins, load
from grassroots.kernel.scope import user_root_path
from grassroots.org.models import (
    CODE_LENGTH,
    LEVEL_ORDER,
    SIGNIFICANT_DIGITS,
    Level,
    OrgNode,
    PartyOrganization,
    child_level,
)

STEP = OrgNode.steplen


@dataclass
class Tally:
    """How many rows of one kind another app hangs on the tree (see ``TreeTally``)."""

    key: str
    label: str
    n: int = 0


@dataclass
class SubtreeCounts:
    """What lies below a node (or below the whole scope): nodes by level and what hangs on them."""

    streets: int = 0
    communities: int = 0
    grids: int = 0
    party_orgs: int = 0
    levels: tuple[str, ...] = ()  # the levels that exist below the node, so pages skip the rest
    tallies: list[Tally] = field(default_factory=list)  # people, accounts... in plugin order

    def tally(self, key: str) -> int:
        return next((t.n for t in self.tallies if t.key == key), 0)


def tree_tallies(tree: str, *, in_rows: bool = False) -> list[TreeTally]:
    """What the installed apps hang on the ``tree`` ("org" or "party"), in display order."""
    declared = [t for p in installed_plugins() for t in p.tree_tallies if t.tree == tree]
    return sorted((t for t in declared if t.in_rows or not in_rows), key=lambda t: t.order)


def _visible_rows(user: Any, tally: TreeTally) -> QuerySet:
    return apps.get_model(tally.model).objects.visible_to(user)


def tree_sections(user: Any, tree: str, node: Any) -> list[tuple[str, dict[str, Any]]]:
    """The parts other apps add to a tree page for ``node``: each template with its context."""
    declared: list[NodeSection] = sorted(
        (s for p in installed_plugins() for s in p.tree_sections if s.tree == tree),
        key=lambda s: s.order,
    )
    return [
        (section.template, load(section.context)(user, node))
        for section in declared
        if section.permission is None or has_permission(user, section.permission)
    ]


@dataclass
class ChildRow:
    """One child of a node on the tree page, with what lies in its subtree."""

    node: OrgNode
    counts: SubtreeCounts = field(default_factory=SubtreeCounts)


@dataclass
class Crumb:
    name: str
    pk: int
    linked: bool  # False above the user's own unit: shown for orientation, never a link


_LEVEL_FIELD = {Level.STREET: "streets", Level.COMMUNITY: "communities", Level.GRID: "grids"}


def scope_roots(user: Any) -> list[OrgNode]:
    """The top of what the user sees: their unit, or every root for an operator."""
    root = user_root_path(user)
    if root is None:
        return []
    if root == "":
        return list(OrgNode.objects.visible_to(user).filter(depth=1))
    return [user.org_node]  # already loaded to find the scope; the top of it by definition


def subtree_counts(user: Any, node: OrgNode | None = None) -> SubtreeCounts:
    """Counts of the node's subtree (the user's whole scope when ``node`` is None): 4 queries."""
    path = node.path if node is not None else ""
    below = {"depth__gt": node.depth} if node is not None else {}
    levels = (
        OrgNode.objects.visible_to(user)
        .filter(path__within=path, **below)
        .order_by()
        .aggregate(
            **{name: Count("pk", filter=Q(level=level)) for level, name in _LEVEL_FIELD.items()}
        )
    )
    below_levels = LEVEL_ORDER[LEVEL_ORDER.index(node.level) + 1 :] if node else LEVEL_ORDER
    tallies = [
        Tally(
            key=t.key,
            label=str(t.label),
            n=_visible_rows(user, t).filter(**{f"{t.node_field}__path__within": path}).count(),
        )
        for t in tree_tallies("org")
    ]
    return SubtreeCounts(
        **levels,
        levels=tuple(str(level) for level in below_levels),
        party_orgs=PartyOrganization.objects.visible_to(user)
        .filter(org_node__path__within=path)
        .count(),
        tallies=tallies,
    )


def children_with_counts(user: Any, node: OrgNode) -> list[ChildRow]:
    """The node's children, each with the counts of its own subtree: 3 queries, and one for
    each tally shown on the rows."""
    rows = {
        child.path: ChildRow(node=child)
        for child in OrgNode.objects.visible_to(user).filter(
            path__within=node.path, depth=node.depth + 1
        )
    }
    if not rows:
        return []
    width = (node.depth + 1) * STEP
    below = (
        OrgNode.objects.visible_to(user)
        .filter(path__within=node.path, depth__gt=node.depth + 1)
        .order_by()
        .annotate(branch=Substr("path", 1, width))
        .values("branch", "level")
        .annotate(n=Count("pk"))
    )
    for row in below:
        name = _LEVEL_FIELD.get(row["level"])
        if name and row["branch"] in rows:
            counts = rows[row["branch"]].counts
            setattr(counts, name, getattr(counts, name) + row["n"])
    for row in _grouped_by_branch(user, PartyOrganization.objects, "org_node", node, width):
        if row["branch"] in rows:
            rows[row["branch"]].counts.party_orgs = row["n"]
    for tally in tree_tallies("org", in_rows=True):
        counted = {
            r["branch"]: r["n"]
            for r in _grouped_by_branch(
                user, apps.get_model(tally.model).objects, tally.node_field, node, width
            )
        }
        for branch, row in rows.items():
            row.counts.tallies.append(Tally(tally.key, str(tally.label), counted.get(branch, 0)))
    return list(rows.values())


def _grouped_by_branch(
    user: Any, manager: Any, node_field: str, node: OrgNode, width: int
) -> QuerySet:
    """Rows hanging below ``node``, counted by the child of ``node`` whose subtree holds them."""
    return (
        manager.visible_to(user)
        .filter(
            **{f"{node_field}__path__within": node.path, f"{node_field}__depth__gt": node.depth}
        )
        .order_by()
        .annotate(branch=Substr(f"{node_field}__path", 1, width))
        .values("branch")
        .annotate(n=Count("pk"))
    )


def breadcrumbs(user: Any, node: OrgNode) -> list[Crumb]:
    """The node's ancestors, top down; only those inside the user's scope are links."""
    root = user_root_path(user) or ""
    paths = [node.path[:end] for end in range(STEP, len(node.path), STEP)]
    # Ancestors above the user's unit are outside visible_to by definition; their names are
    # shown so a street officer knows which district they are in, but they are not reachable.
    ancestors = OrgNode.objects.filter(path__in=paths).order_by("depth").only("pk", "name", "path")
    return [Crumb(name=a.name, pk=a.pk, linked=a.path.startswith(root)) for a in ancestors]


def party_orgs_leading(user: Any, node: OrgNode) -> QuerySet[PartyOrganization]:
    """Party organisations built on this node (支部建在网格上)."""
    return PartyOrganization.objects.visible_to(user).filter(org_node=node)


def _parent_path() -> Substr:
    return Substr("path", 1, Length("path") - PartyOrganization.steplen)


def party_scope_roots(user: Any) -> QuerySet[PartyOrganization]:
    """The highest party organisations the user sees: those whose parent they cannot see."""
    visible = PartyOrganization.objects.visible_to(user)
    return (
        visible.annotate(parent_path=_parent_path())
        .exclude(parent_path__in=visible.order_by().values("path"))
        .select_related("org_node")
    )


@dataclass
class PartyRow:
    """A party organisation in a list, with its visible sub-organisations and members."""

    party_org: PartyOrganization
    sub_orgs: int = 0
    tallies: list[Tally] = field(default_factory=list)  # party members... in plugin order

    def tally(self, key: str) -> int:
        return next((t.n for t in self.tallies if t.key == key), 0)


def party_rows(user: Any, party_orgs: Iterable[PartyOrganization]) -> list[PartyRow]:
    """Wrap party organisations with their counts: 1 query however many there are, and one
    for each tally other apps hang on the party tree."""
    rows = [PartyRow(party_org=po) for po in party_orgs]
    if not rows:
        return rows
    by_path = {row.party_org.path: row for row in rows}
    children = (
        PartyOrganization.objects.visible_to(user)
        .order_by()
        .annotate(parent_path=_parent_path())
        .filter(parent_path__in=list(by_path))
        .values("parent_path")
        .annotate(n=Count("pk"))
    )
    for row in children:
        by_path[row["parent_path"]].sub_orgs = row["n"]
    by_pk = {row.party_org.pk: row for row in rows}
    for tally in tree_tallies("party", in_rows=True):
        counted = dict(
            _visible_rows(user, tally)
            .filter(**{f"{tally.node_field}__in": list(by_pk)})
            .order_by()
            .values_list(tally.node_field)
            .annotate(n=Count("pk"))
        )
        for pk, row in by_pk.items():
            row.tallies.append(Tally(tally.key, str(tally.label), counted.get(pk, 0)))
    return rows


def party_children(user: Any, party_org: PartyOrganization) -> list[PartyRow]:
    """Visible sub-organisations of ``party_org`` with their counts: 3 queries."""
    children = (
        PartyOrganization.objects.visible_to(user)
        .filter(path__within=party_org.path, depth=party_org.depth + 1)
        .select_related("org_node")
    )
    return party_rows(user, children)


def party_breadcrumbs(user: Any, party_org: PartyOrganization) -> list[Crumb]:
    """Ancestors in the party tree; links only where the led node is inside the user's scope."""
    root = user_root_path(user) or ""
    step = PartyOrganization.steplen
    paths = [party_org.path[:end] for end in range(step, len(party_org.path), step)]
    ancestors = (
        PartyOrganization.objects.filter(path__in=paths)
        .order_by("depth")
        .select_related("org_node")
        .only("pk", "name", "org_node__path")
    )
    return [Crumb(name=a.name, pk=a.pk, linked=a.org_node.path.startswith(root)) for a in ancestors]


def tree_for(user: Any | None) -> QuerySet[OrgNode]:
    """The tree an export writes: all of it for an operator's command without a user, else
    what the user may see."""
    return OrgNode.objects.all() if user is None else OrgNode.objects.visible_to(user)


# --- API reads: filtered lists for /api/v1/org/nodes and /api/v1/party/organizations -------


def find_org_nodes(
    user: Any,
    *,
    level: str | None = None,
    parent_id: int | None = None,
    q: str = "",
    under: str = "",
) -> QuerySet[OrgNode]:
    """Visible org nodes, narrowed by level, direct parent (id), name/code text or subtree code.

    A parent or subtree root the user cannot see narrows to nothing, like one that does not
    exist, so the answer never tells which ids exist outside the scope.
    """
    visible = OrgNode.objects.visible_to(user)
    nodes = visible
    if level:
        nodes = nodes.filter(level=level)
    if parent_id is not None:
        parent = visible.filter(pk=parent_id).first()
        if parent is None:
            return nodes.none()
        nodes = nodes.filter(path__within=parent.path, depth=parent.depth + 1)
    if under:
        top = visible.filter(code=under).first()
        if top is None:
            return nodes.none()
        nodes = nodes.filter(path__within=top.path)
    if q:
        nodes = nodes.filter(Q(name__icontains=q) | Q(code__contains=q))
    return nodes.order_by("path")


def find_party_orgs(
    user: Any,
    *,
    kind: str | None = None,
    node_id: int | None = None,
) -> QuerySet[PartyOrganization]:
    """Visible party organisations, narrowed by kind and by the org node they lead."""
    party_orgs = PartyOrganization.objects.visible_to(user).select_related("org_node")
    if kind:
        party_orgs = party_orgs.filter(kind=kind)
    if node_id is not None:
        party_orgs = party_orgs.filter(org_node_id=node_id)
    return party_orgs.order_by("path")


def next_free_child_code(parent: OrgNode) -> str:
    """The first unused code after the highest child code of ``parent`` (统计用区划代码).

    A street's children take the next 3 digits after its 9 significant ones, a district's the
    next 3 after its 6 (then 000); the result obeys ``codes.code_problem`` and
    ``codes.parent_prefix_problem``. Raises ValueError when all 999 are taken.
    """
    level = Level(parent.level)
    digits = SIGNIFICANT_DIGITS.get(level)
    child = child_level(level)
    if digits is None or child is None:
        raise ValueError(f"{level.label}下不能再设下级")
    prefix = parent.code[:digits]
    width = CODE_LENGTH[Level(child)] - digits
    padding = "0" * (width - 3)
    taken = set(OrgNode.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    used = [
        int(code[digits : digits + 3])
        for code in taken
        if len(code) == digits + width and code[digits : digits + 3].isdigit()
    ]
    for number in range(max(used, default=0) + 1, 1000):
        code = f"{prefix}{number:03d}{padding}"
        if code not in taken:
            return code
    raise ValueError(f"{parent.name}下的编码已用完")
