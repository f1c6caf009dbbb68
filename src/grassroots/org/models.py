"""The administrative tree (区县 → 街道乡镇 → 社区村 → 网格) and the party tree mirrored on it."""

from __future__ import annotations

from django.db import models
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from grassroots.kernel.scope import ScopedQuerySetMixin, scoped


class Level(models.TextChoices):
    """Levels of the administrative tree, top down."""

    DISTRICT = "district", "区县"
    STREET = "street", "街道乡镇"
    COMMUNITY = "community", "社区村"
    GRID = "grid", "网格"


LEVEL_ORDER = [Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GRID]
# How many leading digits of a node's code its children must share (统计用区划代码).
SIGNIFICANT_DIGITS = {Level.DISTRICT: 6, Level.STREET: 9, Level.COMMUNITY: 12}
CODE_LENGTH = {Level.DISTRICT: 12, Level.STREET: 12, Level.COMMUNITY: 12, Level.GRID: 15}


def child_level(level: str) -> str | None:
    index = LEVEL_ORDER.index(Level(level))
    return LEVEL_ORDER[index + 1] if index + 1 < len(LEVEL_ORDER) else None


class TreeQuerySet(ScopedQuerySetMixin, MP_NodeQuerySet):
    pass


class TreeManager(MP_NodeManager.from_queryset(TreeQuerySet)):  # type: ignore[misc]
    """The tree's manager: ``visible_to`` and the rest of the queryset's methods, in path
    order."""

    def get_queryset(self) -> TreeQuerySet:
        return TreeQuerySet(self.model, using=self._db).order_by("path")


def path_prefix_index(name: str) -> models.Index:
    # PostgreSQL needs a pattern-ops index for LIKE 'prefix%' under a non-C collation.
    return models.Index(fields=["path"], opclasses=["varchar_pattern_ops"], name=name)


@scoped(node="", url_kwargs=("node_id",))
class OrgNode(MP_Node):
    """A node of the administrative tree: district, street, community or grid (组织节点)."""

    code = models.CharField("编码", max_length=15, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    node_order_by = ["code"]
    objects = TreeManager()

    class Meta:
        verbose_name = "组织节点"
        verbose_name_plural = "组织节点"
        indexes = [path_prefix_index("org_orgnode_path_prefix")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class PartyOrgKind(models.TextChoices):
    """Kinds of party organisation, from the street down to the central household."""

    DISTRICT_COMMITTEE = "district_committee", "区(县)委"
    STREET_WORKING_COMMITTEE = "street_working_committee", "街道大党工委"
    COMMUNITY_GENERAL_BRANCH = "community_general_branch", "社区大党总支"
    COMMUNITY_COMMITTEE = "community_committee", "社区党委"
    GRID_BRANCH = "grid_branch", "网格党支部"
    BUILDING_BRANCH = "building_branch", "楼栋党支部"
    PARTY_GROUP = "party_group", "党小组"
    CENTRAL_HOUSEHOLD = "central_household", "党员中心户"


@scoped(node="org_node", url_kwargs=("party_org_id",))
class PartyOrganization(MP_Node):
    """A party organisation, linked to the org node it leads (支部建在网格上)."""

    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=32, choices=PartyOrgKind.choices)
    org_node = models.ForeignKey(
        OrgNode,
        on_delete=models.PROTECT,
        related_name="party_organizations",
        verbose_name="所领导的组织节点",
    )
    secretary_name = models.CharField("书记", max_length=50, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    node_order_by = ["name"]
    objects = TreeManager()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        indexes = [path_prefix_index("org_partyorg_path_prefix")]

    def __str__(self) -> str:
        return self.name


__all__ = ["Level", "OrgNode", "PartyOrgKind", "PartyOrganization"]
