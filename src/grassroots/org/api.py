"""API operations on the org and party trees: read-only, always within the caller's scope."""

from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.pagination import paginate

from grassroots.api.auth import require_permission
from grassroots.api.errors import ERROR_RESPONSES
from grassroots.api.pagination import MAX_ID, PageNumber
from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import OrgNode, PartyOrganization
from grassroots.org.plugin import VIEW_ORG
from grassroots.org.schemas import (
    OrgNodeDetailOut,
    OrgNodeFilters,
    OrgNodeOut,
    PartyOrgFilters,
    PartyOrgOut,
)
from grassroots.org.selectors import find_org_nodes, find_party_orgs

router = Router()

NodeId = Annotated[int, Path(ge=1, le=MAX_ID, description="组织节点 id")]
PartyOrgId = Annotated[int, Path(ge=1, le=MAX_ID, description="党组织 id")]
ORG = ["组织架构"]
PARTY = ["党组织"]


@router.get(
    "/org/nodes",
    response={200: list[OrgNodeOut], **ERROR_RESPONSES},
    tags=ORG,
    url_name="org-nodes",
    operation_id="listOrgNodes",
    summary="组织节点列表",
)
@paginate(PageNumber)
def list_org_nodes(request: HttpRequest, filters: Query[OrgNodeFilters]) -> QuerySet[OrgNode]:
    """本人辖区内的组织节点，按树的顺序排列。"""
    require_permission(request.auth, VIEW_ORG)
    return find_org_nodes(
        request.auth,
        level=filters.level,
        parent_id=filters.parent,
        q=filters.q or "",
        under=filters.under or "",
    )


@router.get(
    "/org/nodes/{node_id}",
    response={200: OrgNodeDetailOut, **ERROR_RESPONSES},
    tags=ORG,
    url_name="org-node",
    operation_id="getOrgNode",
    summary="组织节点详情",
)
def get_org_node(request: HttpRequest, node_id: NodeId) -> OrgNode:
    """一个组织节点，含上级编码和直属下级数；辖区外或不存在的 id 一律 404。"""
    require_permission(request.auth, VIEW_ORG)
    return get_visible_or_404(OrgNode, request.auth, pk=node_id)


@router.get(
    "/org/nodes/{node_id}/children",
    response={200: list[OrgNodeOut], **ERROR_RESPONSES},
    tags=ORG,
    url_name="org-node-children",
    operation_id="listOrgNodeChildren",
    summary="直属下级节点",
)
@paginate(PageNumber)
def list_org_node_children(request: HttpRequest, node_id: NodeId) -> QuerySet[OrgNode]:
    """一个组织节点的直属下级。"""
    require_permission(request.auth, VIEW_ORG)
    node = get_visible_or_404(OrgNode, request.auth, pk=node_id)
    return find_org_nodes(request.auth, parent_id=node.pk)


@router.get(
    "/party/organizations",
    response={200: list[PartyOrgOut], **ERROR_RESPONSES},
    tags=PARTY,
    url_name="party-orgs",
    operation_id="listPartyOrganizations",
    summary="党组织列表",
)
@paginate(PageNumber)
def list_party_orgs(
    request: HttpRequest, filters: Query[PartyOrgFilters]
) -> QuerySet[PartyOrganization]:
    """本人辖区内的党组织。"""
    require_permission(request.auth, VIEW_ORG)
    return find_party_orgs(request.auth, kind=filters.kind, node_id=filters.node)


@router.get(
    "/party/organizations/{party_org_id}",
    response={200: PartyOrgOut, **ERROR_RESPONSES},
    tags=PARTY,
    url_name="party-org",
    operation_id="getPartyOrganization",
    summary="党组织详情",
)
def get_party_org(request: HttpRequest, party_org_id: PartyOrgId) -> PartyOrganization:
    """一个党组织；辖区外或不存在的 id 一律 404。"""
    require_permission(request.auth, VIEW_ORG)
    return get_visible_or_404(PartyOrganization, request.auth, pk=party_org_id)
