"""Samples of the cadre app's scoped rows for the scope walk (see testing/scopewalk.py)."""

from __future__ import annotations

import datetime

from grassroots.cadres.models import CadreMember, ChangeKind, MemberChange, Term
from grassroots.org.models import Level, OrgNode
from grassroots.org.selectors import next_free_child_code
from grassroots.org.services import add_org_node
from grassroots.testing.scopewalk import register_sample

WALK_TERM = (2021, datetime.date(2021, 10, 31))


def _community(node: OrgNode, tag: str) -> OrgNode:
    """The node's own community (or the first one below it), else one made for the walk.

    A grid keeps its sample itself: rosters never name grids, but the walk needs a row inside
    every persona's subtree to prove the routes refuse the grid's own people too.
    """
    if node.level in (Level.GRID, Level.COMMUNITY):
        return node
    found = OrgNode.objects.filter(path__startswith=node.path, level=Level.COMMUNITY)
    if found.exists():
        return found.order_by("path").first()
    if node.level == Level.DISTRICT:
        node = add_org_node(
            code=next_free_child_code(node), name=f"巡检街道{tag}", level=Level.STREET, parent=node
        )
    return add_org_node(
        code=next_free_child_code(node),
        name=f"巡检社区{tag}",
        level=Level.COMMUNITY,
        parent=OrgNode.objects.get(pk=node.pk),
    )


def make_member(node: OrgNode, tag: str) -> CadreMember:
    term, _created = Term.objects.get_or_create(
        year=WALK_TERM[0], defaults={"reference_date": WALK_TERM[1]}
    )
    return CadreMember.objects.create(
        term=term,
        unit=_community(node, tag),
        name=f"巡检委员{tag}",
        gender="F",
        birth_date=datetime.date(1980, 1, 1),
        education="bachelor",
        party_post="secretary",
        committee_post="director",
    )


def make_change(node: OrgNode, tag: str) -> MemberChange:
    member = make_member(node, tag)
    return MemberChange.objects.create(
        term=member.term,
        member=member,
        unit=member.unit,
        kind=ChangeKind.LEFT,
        effective_on=datetime.date(2022, 1, 1),
        member_name=f"巡检变动{tag}",
    )


register_sample(CadreMember, marker=lambda m: m.name, make=make_member)
register_sample(MemberChange, marker=lambda c: c.member_name, make=make_change)
