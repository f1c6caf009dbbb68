"""What accounts add (账号与角色): sign-in, accounts and API tokens."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from grassroots.api.plugin import USE_API
from grassroots.kernel.permissions import Role, has_permission
from grassroots.kernel.plugins import (
    NAV_SYSTEM,
    AuditDetail,
    AuditTarget,
    Mount,
    NavEntry,
    Plugin,
    TreeTally,
    permission,
)

MANAGE_ACCOUNTS = "accounts.manage"

AUDIT_REASONS = {
    "unknown_account": _("账号不存在"),
    "locked": _("账号已锁定"),
    "inactive": _("账号已停用"),
    "wrong_password": _("密码错误"),
    "wrong_old_password": _("原密码错误"),
    "wrong_code": _("验证码错误"),
    "replayed_code": _("验证码已使用过"),
    "wrong_recovery_code": _("恢复码错误或已使用"),
    "address_locked": _("客户端地址已锁定"),
}


def _two_factor_link(user: Any) -> bool:
    # Imported here: plugins are read before the models can be (see kernel.plugins).
    from grassroots.accounts.two_factor import requires_two_factor

    return requires_two_factor(user) or has_permission(user, USE_API)


_LOCKS = ("account_locked", "sign_in_address_locked")


def _uses_account_admin(user: Any) -> bool:
    """The account pages live in the Django admin, open to staff accounts only."""
    return bool(getattr(user, "is_staff", False))


plugin = Plugin(
    name="accounts",
    # The security administrator's job: accounts, roles, locks and tokens (in the Django admin
    # and ``grassroots accounts unlock``); never the audit log or personal data.
    permissions=(
        permission(MANAGE_ACCOUNTS, "管理账号", roles=[Role.DISTRICT_ADMIN, Role.SECURITY_ADMIN]),
    ),
    urls=(Mount("accounts/", include="grassroots.accounts.urls"),),
    commands="grassroots.accounts.cli",
    navigation=(
        NavEntry(
            _("账号管理"),
            "admin:accounts_account_changelist",
            92,
            permission=MANAGE_ACCOUNTS,
            show=_uses_account_admin,
            group=NAV_SYSTEM,
        ),
        NavEntry(
            _("两步验证"),
            "accounts:two_factor_settings",
            110,
            current=("accounts:two_factor", "accounts:tokens"),
            show=_two_factor_link,
            group=NAV_SYSTEM,
        ),
    ),
    tree_tallies=(
        TreeTally(
            "accounts", _("登录账号"), "accounts.Account", "org_node", order=20, in_rows=False
        ),
    ),
    audit_details=(
        AuditDetail("superuser", _("超级用户")),
        AuditDetail("by_admin", _("由管理员重设")),
        AuditDetail("prefix", _("令牌前缀")),
        AuditDetail("failures", _("连续失败次数")),
        AuditDetail("left", _("剩余恢复码")),
        AuditDetail("days", _("有效天数")),
        AuditDetail("addresses", _("解除锁定的地址数")),
        AuditDetail("until", _("锁定至"), actions=_LOCKS),
        AuditDetail("minutes", _("锁定分钟数"), actions=_LOCKS),
        AuditDetail(
            "reason",
            _("原因"),
            values="grassroots.accounts.plugin:AUDIT_REASONS",
            actions=("sign_in_failed", "password_changed", "two_factor_failed"),
        ),
        AuditDetail(
            "from",
            _("原角色"),
            values="grassroots.kernel.permissions:Role",
            actions=("role_changed",),
        ),
        AuditDetail(
            "to",
            _("新角色"),
            values="grassroots.kernel.permissions:Role",
            actions=("role_changed",),
        ),
    ),
    audit_targets=(AuditTarget("account", "grassroots.accounts.selectors:audit_names"),),
    audit_actions=(
        ("sign_in_address_locked", "客户端地址锁定"),
        ("account_unlocked", "解除登录锁定"),
    ),
)
