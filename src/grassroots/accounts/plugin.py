"""What accounts add (账号与角色): sign-in, accounts and API tokens."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import Mount, Plugin, TreeTally, permission

MANAGE_ACCOUNTS = "accounts.manage"

plugin = Plugin(
    name="accounts",
    permissions=(permission(MANAGE_ACCOUNTS, "管理账号", roles=[Role.DISTRICT_ADMIN]),),
    urls=(Mount("accounts/", include="grassroots.accounts.urls"),),
    commands="grassroots.accounts.cli",
    tree_tallies=(
        TreeTally(
            "accounts", _("登录账号"), "accounts.Account", "org_node", order=20, in_rows=False
        ),
    ),
)
