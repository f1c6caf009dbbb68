"""Core demo seeders: the administrative tree and the party tree mirrored on it.

The org tree (order 10) follows ``plan.plan_district``: a district, its streets and towns,
their communities and villages, and grids. The party tree (order 20) puts a party
organisation on every node ("支部建在网格上"): 区委 on the district, 街道大党工委 (镇党委) on a
street, 社区党委 or 社区大党总支 on a community, 网格党支部 on a grid, and under each grid
branch a few 党小组 and 党员中心户.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from grassroots.demo import bulk
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.demo.names import chinese_number
from grassroots.demo.plan import DistrictPlan, plan_district
from grassroots.org.models import Level, OrgNode, PartyOrganization, PartyOrgKind

COMMITTEE_SHARE = 0.7  # communities led by a 党委 rather than a 大党总支


@demo_seeder(order=10, name="core.org_tree")
def seed_org_tree(context: DemoContext) -> None:
    """Plan the district and write its org nodes."""
    plan = plan_district(
        residents=context.residents,
        district_code=context.district_code,
        rng=context.rng,
        names=context.names,
    )
    context.plan = plan
    district = OrgNode.objects.add_root(
        instance=OrgNode(code=plan.code, name=plan.name, level=Level.DISTRICT)
    )
    streets, communities, grids = _lay_out_org_tree(plan, district)
    bulk.save_numchild(district)
    total = len(streets) + len(communities) + len(grids)
    with context.progress("组织架构 / org tree", total=total) as advance:
        for nodes in (streets, communities, grids):
            bulk.insert(OrgNode, nodes, advance)
    context.district = district
    context.nodes = {
        Level.DISTRICT: [district],
        Level.STREET: streets,
        Level.COMMUNITY: communities,
        Level.GRID: grids,
    }


def _lay_out_org_tree(
    plan: DistrictPlan, district: OrgNode
) -> tuple[list[OrgNode], list[OrgNode], list[OrgNode]]:
    streets: list[OrgNode] = []
    communities: list[OrgNode] = []
    grids: list[OrgNode] = []
    street_nodes = [OrgNode(code=s.code, name=s.name, level=Level.STREET) for s in plan.streets]
    bulk.place_children(district, street_nodes)
    for street_plan, street in zip(plan.streets, street_nodes, strict=True):
        community_nodes = [
            OrgNode(code=c.code, name=c.name, level=Level.COMMUNITY)
            for c in street_plan.communities
        ]
        bulk.place_children(street, community_nodes)
        for community_plan, community in zip(street_plan.communities, community_nodes, strict=True):
            grid_nodes = [
                OrgNode(code=g.code, name=g.name, level=Level.GRID, numchild=0)
                for g in community_plan.grids
            ]
            bulk.place_children(community, grid_nodes)
            grids.extend(grid_nodes)
        communities.extend(community_nodes)
    streets.extend(street_nodes)
    return streets, communities, grids


@demo_seeder(order=20, name="core.party_tree")
def seed_party_tree(context: DemoContext) -> None:
    """A party organisation leading every org node, with groups and central households."""
    if context.district is None or context.plan is None:
        raise RuntimeError("the org tree must be seeded before the party tree")
    district = context.district
    root = PartyOrganization(
        name=f"中共{district.name}委员会", kind=PartyOrgKind.DISTRICT_COMMITTEE, org_node=district
    )
    root = PartyOrganization.objects.add_root(instance=root)
    context.party[district.pk] = root
    levels = _party_levels(context, root)
    bulk.save_numchild(root)
    total = sum(len(rows) for rows in levels)
    with context.progress("党组织 / party organisations", total=total) as advance:
        for rows in levels:
            bulk.insert(PartyOrganization, rows, advance)


def _party_levels(context: DemoContext, root: PartyOrganization) -> list[list[PartyOrganization]]:
    """Lay out the party tree below ``root``; returns its rows level by level, top down."""
    rng, names, nodes = context.rng, context.names, context.nodes
    parent_pk = {n.path: n.pk for level in (Level.STREET, Level.COMMUNITY) for n in nodes[level]}
    # Children of each party organisation, keyed by the org node that organisation leads.
    children: dict[int, list[PartyOrganization]] = defaultdict(list)
    levels: list[list[PartyOrganization]] = [[], [], [], []]
    for node in nodes[Level.STREET]:
        suffix = "党委" if node.name.endswith("镇") else "大党工委"
        levels[0].append(_lead(context, node, PartyOrgKind.STREET_WORKING_COMMITTEE, suffix))
    for node in nodes[Level.COMMUNITY]:
        if rng.random() < COMMITTEE_SHARE:
            kind, suffix = PartyOrgKind.COMMUNITY_COMMITTEE, "党委"
        else:
            kind = PartyOrgKind.COMMUNITY_GENERAL_BRANCH
            suffix = "党总支" if node.name.endswith("村") else "大党总支"
        org = _lead(context, node, kind, suffix)
        children[parent_pk[node.path[:-4]]].append(org)
        levels[1].append(org)
    members = {g.code: g.members for g in context.plan.grids()}  # type: ignore[union-attr]
    for node in nodes[Level.GRID]:
        branch = _lead(context, node, PartyOrgKind.GRID_BRANCH, "党支部")
        children[parent_pk[node.path[:-4]]].append(branch)
        levels[2].append(branch)
        groups = 1 + (members[node.code] >= 20) + (members[node.code] >= 40)
        below = [
            _party_org(node, PartyOrgKind.PARTY_GROUP, f"{node.name}第{chinese_number(i)}党小组")
            for i in range(1, groups + 1)
        ]
        below += [
            _party_org(
                node,
                PartyOrgKind.CENTRAL_HOUSEHOLD,
                names.person("M" if rng.random() < 0.6 else "F") + "党员中心户",
            )
            for _ in range(rng.randint(1, 2))
        ]
        children[node.pk] = below
        levels[3].extend(below)
    _place_sorted(root, levels[0])
    for org in itertools.chain(levels[0], levels[1], levels[2]):
        _place_sorted(org, children[org.org_node_id])
    return levels


def _lead(context: DemoContext, node: OrgNode, kind: str, suffix: str) -> PartyOrganization:
    org = _party_org(node, kind, node.name + suffix)
    context.party[node.pk] = org
    return org


def _party_org(node: OrgNode, kind: str, name: str) -> PartyOrganization:
    return PartyOrganization(name=name, kind=kind, org_node=node, numchild=0)


def _place_sorted(parent: PartyOrganization, children: list[PartyOrganization]) -> None:
    # The party tree keeps siblings ordered by name (node_order_by), as treebeard would.
    bulk.place_children(parent, sorted(children, key=lambda org: org.name))
