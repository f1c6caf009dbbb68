"""Demo logins and the accounts seeder (order 40).

``DEMO_LOGINS`` is the one list of documented demo accounts: one per role, all in the first
street, community and grid so a tester sees data at once, plus ``street2`` in the second street
to show that sibling units never see each other's data. They all use ``DEMO_PASSWORD``, do
not have to change it at first sign-in and are exempt from two-factor sign-in (their password is
published): this is demo data only, never for production.

Every other unit gets a working account too, named by prefix and node code (``jd`` street
staff, ``sq`` community secretary, ``wg`` grid worker: ``wg420606001001002``), with the same
password, which they must change at first sign-in; like production accounts, those of the
office roles set up two-factor sign-in then. The password is hashed once and the hash
shared, because a memory-hard hash per account would take minutes for a large district.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from grassroots.accounts.models import Account, PasswordHistory, RoleGrant
from grassroots.demo import bulk
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.kernel.permissions import ADMINISTRATORS, HOME_LEVEL, Role
from grassroots.people.models import Person

DEMO_PASSWORD = "Demo@2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    zh: str
    en: str
    index: int = 0  # which node of the role's home level: 0 = the first street/community/grid
    superuser: bool = False
    staff: bool = False  # the Django admin without being a superuser (the security admin)

    @property
    def level(self) -> str:
        return HOME_LEVEL[self.role]


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "admin",
        Role.DISTRICT_ADMIN,
        "运维超级用户（含后台管理，不用于日常工作）",
        "operator (superuser, Django admin; not for daily work)",
        superuser=True,
    ),
    # The three separated administrators (三权分立), none a superuser.
    DemoLogin(
        "sysadmin",
        Role.SYSTEM_ADMIN,
        "系统管理员（运行状况、配置与备份）",
        "system administrator (status, configuration, backups)",
    ),
    DemoLogin(
        "secadmin",
        Role.SECURITY_ADMIN,
        "安全管理员（后台管理账号、角色、登录锁定、令牌）",
        "security administrator (accounts, roles, locks, tokens in the Django admin)",
        staff=True,
    ),
    DemoLogin(
        "auditor",
        Role.AUDIT_ADMIN,
        "审计管理员（只看审计日志）",
        "audit administrator (the audit log only)",
    ),
    DemoLogin("district", Role.DISTRICT_ADMIN, "区(县)管理员", "district administrator"),
    DemoLogin("street", Role.STREET_STAFF, "街道干部（第一个街道）", "street staff, first street"),
    DemoLogin(
        "street2",
        Role.STREET_STAFF,
        "街道干部（第二个街道，看不到第一个街道）",
        "street staff, second street (cannot see the first)",
        index=1,
    ),
    DemoLogin("community", Role.COMMUNITY_SECRETARY, "社区党组织书记", "community secretary"),
    DemoLogin("grid", Role.GRID_WORKER, "网格员", "grid worker"),
    DemoLogin("liaison", Role.PAIRED_UNIT_LIAISON, "结对单位联络员", "paired-unit liaison"),
    DemoLogin("member", Role.PARTY_MEMBER, "党员", "party member"),
    DemoLogin("resident", Role.RESIDENT, "居民", "resident"),
    # Seated on the demo estate's owners' committee by the owners' demo seeder.
    DemoLogin(
        "committee", Role.OWNERS_COMMITTEE, "业委会成员（翠湖花园）", "owners' committee member"
    ),
)

UNIT_ACCOUNT_PREFIX = {
    Role.STREET_STAFF: "jd",
    Role.COMMUNITY_SECRETARY: "sq",
    Role.GRID_WORKER: "wg",
    Role.DISTRICT_ADMIN: "qx",
}


@demo_seeder(order=40, name="core.accounts")
def seed_accounts(context: DemoContext) -> None:
    password = make_password(DEMO_PASSWORD)  # once: see the module docstring
    existing = set(Account.objects.values_list("username", flat=True))
    holders: dict[tuple[str, int], Person] = dict(context.extra.get("account_holders", {}))
    accounts, roles = _demo_accounts(context, holders, password)
    for (role, node_pk), person in holders.items():
        accounts.append(
            Account(
                username=UNIT_ACCOUNT_PREFIX[role] + person.org_node.code,
                password=password,
                org_node_id=node_pk,
                person=person,
                display_name=person.name,
                must_change_password=True,
            )
        )
        roles.append([role])
    skipped = [a.username for a in accounts if a.username in existing]
    context.extra["skipped_usernames"] = skipped
    keep = [(a, r) for a, r in zip(accounts, roles, strict=True) if a.username not in existing]
    with context.progress("账号 / accounts", total=len(keep)) as advance:
        created = bulk.insert(Account, [a for a, _ in keep], advance)
        grants = [
            RoleGrant(account=account, role=role)
            for account, (_, account_roles) in zip(created, keep, strict=True)
            for role in account_roles
        ]
        bulk.insert(RoleGrant, grants)
        # Each password starts its account's history: once changed, the published demo
        # password cannot be chosen again.
        history = [PasswordHistory(account=a, password=password) for a in created]
        bulk.insert(PasswordHistory, history)


def _demo_accounts(
    context: DemoContext, holders: dict[tuple[str, int], Person], password: str
) -> tuple[list[Account], list[list[str]]]:
    """The DEMO_LOGINS accounts; a login takes over its unit's account holder (removed from
    ``holders``) so the demo street account is that street's 党建办主任, and so on."""
    accounts: list[Account] = []
    roles: list[list[str]] = []
    names = context.names
    for login in DEMO_LOGINS:
        node = context.nodes[login.level][login.index]
        person = None if login.superuser else holders.pop((login.role, node.pk), None)
        if login.role == Role.PARTY_MEMBER:
            person = (
                Person.objects.filter(org_node=node, is_party_member=True, post="")
                .order_by("pk")
                .first()
            )
        display = person.name if person else names.person("F" if login.index else "M")
        if login.superuser:
            display = "运维超级用户"
        elif login.role in ADMINISTRATORS:
            display = Role(login.role).label
        accounts.append(
            Account(
                username=login.username,
                password=password,
                org_node=node,
                person=person,
                display_name=display,
                is_superuser=login.superuser,
                is_staff=login.superuser or login.staff,
                must_change_password=False,
                two_factor_exempt=True,
            )
        )
        roles.append([login.role])
    return accounts, roles
