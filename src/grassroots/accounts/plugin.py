"""What accounts add (账号与角色): sign-in, accounts and API tokens."""

from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import Mount, Plugin, permission

MANAGE_ACCOUNTS = "accounts.manage"

plugin = Plugin(
    name="accounts",
    permissions=(permission(MANAGE_ACCOUNTS, "管理账号", roles=[Role.DISTRICT_ADMIN]),),
    urls=(Mount("accounts/", include="grassroots.accounts.urls"),),
    commands="grassroots.accounts.cli",
)
