"""Shared test fixtures: a small district with two of everything, and a persona per role.

Every permission and scope test uses these, so "a user never sees a sibling's data" is always
checked against the same siblings.

    district 420606000000
    ├── street A 420606001000            street B 420606002000
    │   ├── community A1 420606001001    └── community B1 420606002001
    │   │   ├── grid A1-1 420606001001001    └── grid B1-1 420606002001001
    │   │   └── grid A1-2 420606001001002
    │   └── community A2 420606001002
    │       └── grid A2-1 420606001002001
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grassroots.accounts.models import Account, RoleGrant
from grassroots.kernel.permissions import Role
from grassroots.org.models import Level, OrgNode, PartyOrganization, PartyOrgKind
from grassroots.people.models import Gender, Person

PASSWORD = "Test-pass-2026"


@dataclass
class Tree:
    district: OrgNode
    street_a: OrgNode
    street_b: OrgNode
    community_a1: OrgNode
    community_a2: OrgNode
    community_b1: OrgNode
    grid_a1_1: OrgNode
    grid_a1_2: OrgNode
    grid_a2_1: OrgNode
    grid_b1_1: OrgNode
    party: dict[str, PartyOrganization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def nodes(self) -> list[OrgNode]:
        return [v for v in vars(self).values() if isinstance(v, OrgNode)]


def _child(parent: OrgNode, code: str, name: str, level: str) -> OrgNode:
    return OrgNode.objects.add_child(
        OrgNode.objects.get(pk=parent.pk), {"code": code, "name": name, "level": level}
    )


def _party(node: OrgNode, kind: str, name: str, parent: PartyOrganization | None) -> Any:
    fields = {"org_node": node, "kind": kind, "name": name}
    if parent is None:
        return PartyOrganization.objects.add_root(fields)
    return PartyOrganization.objects.add_child(PartyOrganization.objects.get(pk=parent.pk), fields)


def build_tree() -> Tree:
    district = OrgNode.objects.add_root(
        {"code": "420606000000", "name": "樊城区", "level": Level.DISTRICT}
    )
    street_a = _child(district, "420606001000", "汉江街道", Level.STREET)
    street_b = _child(district, "420606002000", "王寨街道", Level.STREET)
    community_a1 = _child(street_a, "420606001001", "清河口社区", Level.COMMUNITY)
    community_a2 = _child(street_a, "420606001002", "前进社区", Level.COMMUNITY)
    community_b1 = _child(street_b, "420606002001", "春园社区", Level.COMMUNITY)
    tree = Tree(
        district=district,
        street_a=street_a,
        street_b=street_b,
        community_a1=community_a1,
        community_a2=community_a2,
        community_b1=community_b1,
        grid_a1_1=_child(community_a1, "420606001001001", "清河口第一网格", Level.GRID),
        grid_a1_2=_child(community_a1, "420606001001002", "清河口第二网格", Level.GRID),
        grid_a2_1=_child(community_a2, "420606001002001", "前进第一网格", Level.GRID),
        grid_b1_1=_child(community_b1, "420606002001001", "春园第一网格", Level.GRID),
    )
    _build_party_tree(tree)
    _build_people(tree)
    return tree


def _build_party_tree(tree: Tree) -> None:
    k = PartyOrgKind
    p = tree.party
    p["street_a"] = _party(tree.street_a, k.STREET_WORKING_COMMITTEE, "汉江街道大党工委", None)
    p["street_b"] = _party(tree.street_b, k.STREET_WORKING_COMMITTEE, "王寨街道大党工委", None)
    p["community_a1"] = _party(
        tree.community_a1, k.COMMUNITY_COMMITTEE, "清河口社区党委", p["street_a"]
    )
    p["community_a2"] = _party(
        tree.community_a2, k.COMMUNITY_GENERAL_BRANCH, "前进社区大党总支", p["street_a"]
    )
    p["community_b1"] = _party(
        tree.community_b1, k.COMMUNITY_COMMITTEE, "春园社区党委", p["street_b"]
    )
    p["grid_a1_1"] = _party(
        tree.grid_a1_1, k.GRID_BRANCH, "清河口第一网格党支部", p["community_a1"]
    )
    p["grid_a1_2"] = _party(
        tree.grid_a1_2, k.GRID_BRANCH, "清河口第二网格党支部", p["community_a1"]
    )
    p["grid_b1_1"] = _party(tree.grid_b1_1, k.GRID_BRANCH, "春园第一网格党支部", p["community_b1"])
    p["group_a1_1"] = _party(
        tree.grid_a1_1, k.PARTY_GROUP, "清河口第一网格第一党小组", p["grid_a1_1"]
    )


def _build_people(tree: Tree) -> None:
    specs = {
        "grid_a1_1": ("张建国", Gender.MALE, "11010519491231002X", "13800001111"),
        "grid_b1_1": ("李秀英", Gender.FEMALE, "420606198003150026", "13900002222"),
    }
    for key, (name, gender, id_number, phone) in specs.items():
        person = Person(
            org_node=getattr(tree, key),
            name=name,
            gender=gender,
            is_party_member=True,
            party_branch=tree.party.get(key),
        )
        person.set_personal_data(id_number=id_number, phone=phone)
        person.save()
        tree.people[key] = person


# Which node each persona belongs to, and which sibling node it must never see.
PERSONA_HOMES: dict[str, tuple[str, str]] = {
    Role.DISTRICT_ADMIN: ("district", ""),
    Role.STREET_STAFF: ("street_a", "street_b"),
    Role.COMMUNITY_SECRETARY: ("community_a1", "community_a2"),
    Role.GRID_WORKER: ("grid_a1_1", "grid_a1_2"),
    Role.PAIRED_UNIT_LIAISON: ("community_a1", "community_b1"),
    Role.PARTY_MEMBER: ("grid_a1_1", "grid_b1_1"),
    Role.RESIDENT: ("grid_a1_1", "grid_a2_1"),
    Role.OWNERS_COMMITTEE: ("grid_a1_1", "grid_a1_2"),
    # The separated administrators sit at the district; what keeps them from the data is the
    # role table, not the tree.
    Role.SYSTEM_ADMIN: ("district", ""),
    Role.SECURITY_ADMIN: ("district", ""),
    Role.AUDIT_ADMIN: ("district", ""),
}


def make_account(
    node: OrgNode | None,
    *roles: str,
    username: str,
    must_change_password: bool = False,
    **extra: Any,
) -> Account:
    account = Account.objects.create_user(
        username=username,
        password=PASSWORD,
        org_node=node,
        must_change_password=must_change_password,
        **extra,
    )
    RoleGrant.objects.bulk_create(RoleGrant(account=account, role=r) for r in roles)
    return account


def make_personas(tree: Tree) -> dict[str, Account]:
    """One account per role, each at its home node (see PERSONA_HOMES)."""
    return {
        role: make_account(getattr(tree, home), role, username=f"persona_{role}")
        for role, (home, _) in PERSONA_HOMES.items()
    }


def wipe_district() -> None:
    """Delete every org node, person and account, and every module's rows that hang on them.

    Modules' rows protect the nodes and people they point at, so they go first, in whatever
    order their own references allow. The audit log is append-only and stays.
    """
    from django.db import transaction
    from django.db.models import ProtectedError, RestrictedError

    from grassroots.audit.models import AuditEvent
    from grassroots.kernel import scope

    core = [Account, Person, PartyOrganization, OrgNode]
    remaining = [m for m in scope.registry() if m not in core and m is not AuditEvent]
    for _attempt in range(len(remaining) + 1):
        blocked = []
        for model in remaining:
            try:
                with transaction.atomic():
                    model._default_manager.all().delete()
            except (ProtectedError, RestrictedError):
                blocked.append(model)
        remaining = blocked
    if remaining:
        raise RuntimeError(f"rows that cannot be deleted: {remaining}")
    for model in core:
        model._default_manager.all().delete()


def free_to_lock_elsewhere(model: type, pk: int) -> bool:
    """Whether another connection could take ``model`` row ``pk`` at once, right now.

    PostgreSQL: another transaction's ``SELECT ... FOR UPDATE NOWAIT`` of the row succeeds.
    SQLite locks the whole database for a writer and no rows at all, so there the question is
    only whether another connection still reads the row (it always should)."""
    import threading

    from django.db import DatabaseError, connection, transaction

    answer: list[bool] = []

    def probe() -> None:
        try:
            if connection.vendor == "postgresql":
                with transaction.atomic():
                    rows = model.objects.select_for_update(nowait=True).filter(pk=pk)
                    answer.append(len(rows.values_list("pk", flat=True)) == 1)
            else:
                answer.append(len(model.objects.filter(pk=pk).values_list("pk", flat=True)) == 1)
        except DatabaseError:
            answer.append(False)
        finally:
            connection.close()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(timeout=30)
    return answer == [True]


def grid_at_or_below(node: OrgNode, tag: str) -> OrgNode:
    """A grid inside ``node``: the node itself, a grid below it, or a new chain down to one."""
    node = OrgNode.objects.get(pk=node.pk)
    if node.level == Level.GRID:
        return node
    grid = OrgNode.objects.filter(path__startswith=node.path, level=Level.GRID).first()
    if grid is not None:
        return grid
    code = {
        Level.DISTRICT: lambda c: c[:6] + tag[-3:].zfill(3) + "000",
        Level.STREET: lambda c: c[:9] + tag[-3:].zfill(3),
        Level.COMMUNITY: lambda c: c[:12] + tag[-3:].zfill(3),
    }
    below = {
        Level.DISTRICT: Level.STREET,
        Level.STREET: Level.COMMUNITY,
        Level.COMMUNITY: Level.GRID,
    }
    while node.level != Level.GRID:
        level = below[Level(node.level)]
        node = OrgNode.objects.add_child(
            OrgNode.objects.get(pk=node.pk),
            {
                "code": code[Level(node.level)](node.code),
                "name": f"巡检{level.label}{tag}",
                "level": level,
            },
        )
    return node
