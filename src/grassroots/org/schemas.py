"""API input and output shapes for the org and party trees (组织节点、党组织)."""

from ninja import Field, Schema

from grassroots.api.pagination import MAX_ID
from grassroots.org.models import Level, OrgNode, PartyOrganization, PartyOrgKind

# Statistical division codes are digits only (12, or 15 for a grid).
CODE_PATTERN = r"^[0-9]{1,15}$"
# Free text goes into a LIKE; control characters (NUL above all) are never part of a name.
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"


class OrgNodeFilters(Schema):
    level: Level | None = Field(None, description="层级")
    parent: int | None = Field(None, ge=1, le=MAX_ID, description="上级节点 id：只列其直属下级")
    q: str | None = Field(
        None, max_length=100, pattern=TEXT_PATTERN, description="名称或编码包含此文字"
    )
    under: str | None = Field(
        None, pattern=CODE_PATTERN, description="节点编码：只列此节点及其全部下级"
    )


class OrgNodeOut(Schema):
    id: int
    code: str = Field(description="统计用区划代码")
    name: str
    level: Level
    level_name: str
    depth: int = Field(description="在树中的层数，区县为 1")
    children_count: int = Field(description="直属下级数")

    @staticmethod
    def resolve_level_name(obj: OrgNode) -> str:
        return obj.get_level_display()

    @staticmethod
    def resolve_children_count(obj: OrgNode) -> int:
        return obj.numchild


class OrgNodeDetailOut(OrgNodeOut):
    # A node's code starts with its parent's significant digits, so the parent's code tells a
    # reader nothing they could not read off the node's own code, even above their scope.
    parent_code: str | None = Field(description="上级节点编码，顶层为 null")

    @staticmethod
    def resolve_parent_code(obj: OrgNode) -> str | None:
        parent = OrgNode.objects.get_parent(obj)
        return parent.code if parent is not None else None


class PartyOrgFilters(Schema):
    kind: PartyOrgKind | None = Field(None, description="党组织类型")
    node: int | None = Field(None, ge=1, le=MAX_ID, description="所领导的组织节点 id")


class PartyOrgOut(Schema):
    id: int
    name: str
    kind: PartyOrgKind
    kind_name: str
    secretary_name: str
    org_node_id: int = Field(description="所领导的组织节点 id")
    org_node_code: str
    org_node_name: str
    depth: int
    children_count: int = Field(description="下级党组织数")

    @staticmethod
    def resolve_kind_name(obj: PartyOrganization) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_org_node_code(obj: PartyOrganization) -> str:
        return obj.org_node.code

    @staticmethod
    def resolve_org_node_name(obj: PartyOrganization) -> str:
        return obj.org_node.name

    @staticmethod
    def resolve_children_count(obj: PartyOrganization) -> int:
        return obj.numchild
