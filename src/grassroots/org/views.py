"""Browsing the org tree and the party tree, within the user's scope."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from grassroots.kernel.scope import get_visible_or_404
from grassroots.org import selectors
from grassroots.org.models import OrgNode, PartyOrganization
from grassroots.org.plugin import VIEW_ORG
from grassroots.web.decorators import requires


@requires(VIEW_ORG)
def tree(request: HttpRequest) -> HttpResponse:
    """Start at the user's unit; an operator (or an account with no unit) sees a list of roots."""
    roots = selectors.scope_roots(request.user)
    if len(roots) == 1 and not request.user.is_superuser:
        return redirect("org:node", node_id=roots[0].pk)
    return render(request, "org/roots.html", {"roots": roots})


@requires(VIEW_ORG)
def node(request: HttpRequest, node_id: int) -> HttpResponse:
    user = request.user
    current = get_visible_or_404(OrgNode, user, pk=node_id)
    context = {
        "node": current,
        "crumbs": selectors.breadcrumbs(user, current),
        "counts": selectors.subtree_counts(user, current),
        "children": selectors.children_with_counts(user, current),
        "party_orgs": selectors.party_orgs_leading(user, current),
    }
    context["sections"] = selectors.tree_sections(user, "org", current)
    return render(request, "org/node.html", context)


@requires(VIEW_ORG)
def node_children(request: HttpRequest, node_id: int) -> HttpResponse:
    """The children list alone, for expanding a row in place (htmx)."""
    current = get_visible_or_404(OrgNode, request.user, pk=node_id)
    rows = selectors.children_with_counts(request.user, current)
    return render(request, "org/_children.html", {"node": current, "children": rows})


@requires(VIEW_ORG)
def party_tree(request: HttpRequest) -> HttpResponse:
    roots = selectors.party_rows(request.user, selectors.party_scope_roots(request.user))
    return render(request, "org/party_tree.html", {"roots": roots})


@requires(VIEW_ORG)
def party_org(request: HttpRequest, party_org_id: int) -> HttpResponse:
    user = request.user
    current = get_visible_or_404(PartyOrganization, user, pk=party_org_id)
    context = {
        "party_org": current,
        "crumbs": selectors.party_breadcrumbs(user, current),
        "children": selectors.party_children(user, current),
    }
    context["sections"] = selectors.tree_sections(user, "party", current)
    return render(request, "org/party_org.html", context)
