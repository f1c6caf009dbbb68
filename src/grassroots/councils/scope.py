"""Who reads a convention: the offices their subtree's, residents and members their own
community's adopted ones too.

A convention is posted on the notice boards (公示): a resident or party member, whose account
sits at a grid, reads the conventions of the community above it once a version has been
adopted; a proposal still being voted on stays with the offices. An account holding an office
role keeps its subtree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from grassroots.kernel.permissions import OFFICE
from grassroots.org.models import Level, OrgNode

_COMMUNITY = {"Convention": "community", "ConventionVersion": "convention__community"}


def public_conventions(user: Any, subtree_rows: QuerySet, all_rows: QuerySet) -> QuerySet:
    """``visible_to``'s rule for conventions and their versions."""
    roles = set(getattr(user, "role_codes", ()) or ())
    node = getattr(user, "org_node", None)
    if roles & set(OFFICE) or node is None:
        return subtree_rows
    above = [node.path[:n] for n in range(OrgNode.steplen, len(node.path) + 1, OrgNode.steplen)]
    communities = OrgNode.objects.filter(path__in=above, level=Level.COMMUNITY).values("pk")
    lookup = _COMMUNITY[all_rows.model.__name__]
    if all_rows.model.__name__ == "Convention":
        public = Q(versions__status="adopted")
    else:
        public = Q(status="adopted")
    extra = all_rows.filter(public, **{f"{lookup}__in": communities})
    return all_rows.filter(Q(pk__in=subtree_rows.values("pk")) | Q(pk__in=extra.values("pk")))
