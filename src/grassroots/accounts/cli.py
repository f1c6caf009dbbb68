"""Account commands: ``createadmin``, ``token create|list|revoke`` and ``accounts unlock``.

Handlers import models when they run: Django is set up only after the arguments are parsed,
because ``--data`` decides which settings to load.
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from grassroots.cli import add_command, fail, usage

# What createadmin can make: the three separated administrators (三权分立), none of them a
# superuser, and the district administrator who does the district's daily work.
KINDS: dict[str, tuple[str, str, str, str]] = {
    # kind: (role, Chinese name, English name, what it may do in Chinese / English)
    "system": (
        "system_admin",
        "系统管理员",
        "system administrator",
        "系统运行状况、配置与备份（grassroots backup/restore）；不能查看个人信息、账号和审计日志 / "
        "system status, configuration and backups (grassroots backup/restore); no personal "
        "data, accounts or audit log",
    ),
    "security": (
        "security_admin",
        "安全管理员",
        "security administrator",
        "在后台 /admin/ 管理账号、角色、登录锁定和API令牌；不能查看个人信息和审计日志 / "
        "accounts, roles, sign-in locks and API tokens in /admin/; no personal data or audit log",
    ),
    "audit": (
        "audit_admin",
        "审计管理员",
        "audit administrator",
        "查看和导出审计日志（/audit/），别无其他权限 / reads and exports the audit log "
        "(/audit/), nothing else",
    ),
    "district": (
        "district_admin",
        "区(县)管理员",
        "district administrator",
        "本区(县)的日常工作（须给出 --node） / the district's daily work (needs --node)",
    ),
}
KIND_LIST = (
    "system（系统管理员）、security（安全管理员）、audit（审计管理员）、district（区(县)管理员）"
)


def _kind(value: str) -> str:
    if value not in KINDS:
        raise argparse.ArgumentTypeError(
            f"--kind 须为 {KIND_LIST} 之一 / --kind must be one of {', '.join(KINDS)}: {value}"
        )
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    create = add_command(
        subparsers,
        "createadmin",
        zh="创建管理员账号：系统、安全、审计管理员（三权分立，均非超级用户）或区(县)管理员；"
        "首次登录须修改密码",
        en="create an administrator account: system, security or audit administrator (kept "
        "apart, none a superuser) or district administrator; the password must be changed "
        "at first sign-in",
    )
    create.add_argument("username", metavar="USERNAME", help="账号名 / account name")
    create.add_argument(
        "--kind",
        type=_kind,
        metavar="KIND",
        help=f"必填：{KIND_LIST} / required: system, security, audit or district",
    )
    create.add_argument(
        "--password",
        metavar="PW",
        help="密码；不给出时交互输入两次 / password; prompted twice when omitted",
    )
    create.add_argument(
        "--node",
        metavar="CODE",
        help="所属组织节点编码（district 必填；其余默认为唯一的顶层节点） / org node code "
        "(required for district; the others default to the one top-level node)",
    )
    create.set_defaults(func=create_admin)

    token = add_command(subparsers, "token", zh="管理API令牌", en="manage API tokens")
    token.set_defaults(func=lambda args: usage(token))
    actions = token.add_subparsers(dest="token_command", metavar="ACTION", title="操作 / actions")
    new = add_command(
        actions,
        "create",
        zh="为账号创建API令牌，最后一行只输出令牌本身",
        en="create an API token for an account; the last line is the token alone",
    )
    new.add_argument("username", metavar="USERNAME", help="账号名 / account name")
    new.add_argument("--name", default="", metavar="TEXT", help="用途说明 / what it is for")
    new.add_argument(
        "--days",
        type=_days,
        default=None,
        metavar="N",
        help="有效天数，1至3650，默认90 / days the token lasts, 1 to 3650, default 90",
    )
    new.set_defaults(func=create_token)

    listing = add_command(
        actions,
        "list",
        zh="列出API令牌（不显示令牌本身）",
        en="list API tokens (never the tokens themselves)",
    )
    listing.add_argument(
        "username",
        nargs="?",
        metavar="USERNAME",
        help="只列出该账号的令牌 / only this account's tokens",
    )
    listing.set_defaults(func=list_tokens)

    revoke = add_command(actions, "revoke", zh="撤销API令牌", en="revoke an API token")
    revoke.add_argument("token", metavar="ID_OR_PREFIX", help="令牌编号或前缀 / token id or prefix")
    revoke.set_defaults(func=revoke_token)

    twofactor = add_command(
        subparsers,
        "twofactor",
        zh="管理两步验证",
        en="manage the second sign-in factor of accounts",
    )
    twofactor.set_defaults(func=lambda args: usage(twofactor))
    steps = twofactor.add_subparsers(
        dest="twofactor_command", metavar="ACTION", title="操作 / actions"
    )
    reset = add_command(
        steps,
        "reset",
        zh="重置账号的两步验证（如手机丢失），下次登录时重新设置；记入审计日志",
        en="reset an account's two-factor sign-in (a lost phone); it is set up again at the "
        "next sign-in, and the reset is audited",
    )
    reset.add_argument("username", metavar="USERNAME", help="账号名 / account name")
    reset.set_defaults(func=reset_two_factor)
    accounts = add_command(subparsers, "accounts", zh="账号维护", en="account housekeeping tasks")
    accounts.set_defaults(func=lambda args: usage(accounts))
    account_actions = accounts.add_subparsers(
        dest="accounts_command", metavar="ACTION", title="操作 / actions"
    )
    unlock = add_command(
        account_actions,
        "unlock",
        zh="解除账号在所有地址上的登录锁定（记入审计日志）",
        en="lift an account's sign-in locks from every address (audited)",
    )
    unlock.add_argument("username", metavar="USERNAME", help="账号名 / account name")
    unlock.set_defaults(func=unlock_account)


def _days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 3650:
        raise argparse.ArgumentTypeError(
            f"有效天数须为1至3650之间的整数 / days must be a whole number from 1 to 3650: {value}"
        )
    return int(value)


def _ask_password() -> str | None:
    """The password typed twice, or None when the two differ or nothing can be read."""
    try:
        first = getpass.getpass("密码 / Password: ")
        second = getpass.getpass("再次输入密码 / Password (again): ")
    except EOFError:
        return None
    return first if first == second else None


def _admin_node(args: argparse.Namespace) -> tuple[Any, str]:
    """The org node the new administrator belongs to, or an error message."""
    from grassroots.org.models import OrgNode

    if args.node:
        node = OrgNode.objects.filter(code=args.node.strip()).first()
        if node is None:
            return None, f"组织节点编码不存在：{args.node} / no org node with code {args.node}"
        return node, ""
    if args.kind == "district":
        return (
            None,
            "区(县)管理员须给出 --node 组织节点编码 / a district administrator needs --node CODE",
        )
    roots = list(OrgNode.objects.filter(depth=1).order_by("path")[:2])
    if not roots:
        # An administrator's scope is a unit of the tree: the tree comes first.
        return None, (
            "尚无组织架构：管理员属于其中一个单位，请先导入组织架构（grassroots org import FILE），"
            "再创建管理员 / there is no org tree yet: an administrator belongs to one of its "
            "units; import it first (grassroots org import FILE), then create the administrator"
        )
    if len(roots) > 1:
        return None, (
            "顶层节点不止一个：请用 --node 给出管理员所属的组织节点编码 / "
            "there is more than one top node: give the administrator's org node with --node"
        )
    return roots[0], ""


def create_admin(args: argparse.Namespace) -> int:
    from django.core.exceptions import ValidationError

    from grassroots.accounts.models import Account
    from grassroots.accounts.services import create_account

    if not args.kind:
        return fail(
            f"请用 --kind 指明创建哪种管理员：{KIND_LIST}。 / "
            f"say which administrator to create with --kind: {', '.join(KINDS)}."
        )
    if Account.objects.filter(username=args.username.strip()).exists():
        return fail(
            f"无法创建账号：账号“{args.username}”已存在。 / "
            f"cannot create the account: '{args.username}' already exists."
        )
    node, problem = _admin_node(args)
    if problem:
        return fail(problem)
    password = args.password
    if password is None:
        password = _ask_password()
        if password is None:
            return fail(
                "两次输入的密码不一致或未能读取。 / "
                "The passwords do not match or could not be read."
            )
    role, zh, en, may = KINDS[args.kind]
    try:
        account = create_account(
            username=args.username,
            password=password,
            org_node=node,
            roles=[role],
            # The security administrator works in the Django admin's account pages; no one
            # created here is a superuser.
            is_staff=args.kind == "security",
            must_change_password=True,
        )
    except ValidationError as exc:
        lines = "\n".join(f"  - {m}" for m in exc.messages)
        return fail(f"无法创建账号 / cannot create the account:\n{lines}")
    print(f"已创建{zh}“{account.username}”，所属单位：{node}；首次登录须修改密码。")
    print(
        f"{en.capitalize()} '{account.username}' created; "
        "the password must be changed at first sign-in."
    )
    print(f"可以 / may: {may}")
    return 0


def create_token(args: argparse.Namespace) -> int:
    from grassroots.accounts.models import Account
    from grassroots.accounts.services import tokens
    from grassroots.accounts.two_factor import is_enrolled, requires_two_factor

    account = Account.objects.filter(username=args.username).first()
    if account is None:
        return fail(f"账号不存在：{args.username} / no such account: {args.username}")
    if requires_two_factor(account) and not is_enrolled(account):
        # A token is a single factor: it is issued only to someone who has the second one.
        return fail(
            f"账号“{account.username}”须使用两步验证，但尚未设置：请先用该账号在网页上登录并设置"
            "两步验证，再创建令牌。\n"
            f"Account '{account.username}' must use two-factor sign-in but has not set it up: "
            "sign in on the web and set it up first, then create the token."
        )
    token, raw = tokens.create_token(account, name=args.name, days=args.days)
    print(
        f"已为“{account.username}”创建令牌 {token.prefix}…（编号 {token.pk}），"
        f"有效至 {_when(token.expires_at)}。令牌只显示这一次，请妥善保存。"
    )
    print(
        f"Token {token.prefix}… (id {token.pk}) created for '{account.username}', valid until "
        f"{_when(token.expires_at)}. It is shown only once; keep it safe."
    )
    print(raw)
    return 0


def _when(moment: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


def list_tokens(args: argparse.Namespace) -> int:
    from grassroots.accounts.models import Account, ApiToken

    rows = ApiToken.objects.select_related("account").order_by("account__username", "id")
    if args.username:
        if not Account.objects.filter(username=args.username).exists():
            return fail(f"账号不存在：{args.username} / no such account: {args.username}")
        rows = rows.filter(account__username=args.username)
    header = (
        "ID",
        "账号/account",
        "前缀/prefix",
        "用途/name",
        "创建/created",
        "到期/expires",
        "最近使用/last used",
        "状态/status",
    )
    table = [header] + [
        (
            str(t.pk),
            t.account.username,
            t.prefix,
            t.name or "-",
            _when(t.created_at),
            _when(t.expires_at),
            _when(t.last_used_at),
            _status(t),
        )
        for t in rows
    ]
    for row in table:
        print("\t".join(row))
    if len(table) == 1:
        print("（没有令牌 / no tokens）")
    return 0


def _status(token: Any) -> str:
    if not token.is_active:
        return "已撤销/revoked"
    return "已过期/expired" if token.is_expired() else "有效/active"


def revoke_token(args: argparse.Namespace) -> int:
    from grassroots.accounts.models import ApiToken
    from grassroots.accounts.services import tokens

    key = args.token.strip().rstrip("…")
    found = ApiToken.objects.select_related("account", "account__org_node")
    matches = list(found.filter(pk=int(key)) if key.isdigit() else found.filter(prefix=key))
    if not matches:
        return fail(f"找不到令牌：{args.token} / no such token: {args.token}")
    if len(matches) > 1:
        ids = ", ".join(str(t.pk) for t in matches)
        return fail(
            f"前缀 {key} 对应多个令牌（编号 {ids}），请用编号撤销。 / "
            f"prefix {key} matches several tokens (ids {ids}); revoke by id."
        )
    token = matches[0]
    was_active = token.is_active
    tokens.revoke_token(token)
    state = "已撤销" if was_active else "此前已撤销"
    print(f"令牌 {token.prefix}…（编号 {token.pk}，账号 {token.account.username}）{state}。")
    print(
        f"Token {token.prefix}… (id {token.pk}) of '{token.account.username}' "
        f"{'revoked' if was_active else 'was already revoked'}."
    )
    return 0


def reset_two_factor(args: argparse.Namespace) -> int:
    from grassroots.accounts.models import Account
    from grassroots.accounts.services import two_factor

    account = Account.objects.select_related("org_node").filter(username=args.username).first()
    if account is None:
        return fail(f"账号不存在：{args.username} / no such account: {args.username}")
    had = two_factor.reset(account)
    if had:
        print(f"已重置“{account.username}”的两步验证和恢复码；下次登录时须重新设置。")
        print(
            f"Two-factor sign-in of '{account.username}' reset, recovery codes included; "
            "it is set up again at the next sign-in."
        )
    else:
        print(f"“{account.username}”尚未设置两步验证，无需重置（已记入审计日志）。")
        print(f"'{account.username}' had not set up two-factor sign-in; nothing to reset.")
    return 0


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def unlock_account(args: argparse.Namespace) -> int:
    from grassroots.accounts.models import Account
    from grassroots.accounts.services import unlock_account as unlock

    account = Account.objects.select_related("org_node").filter(username=args.username).first()
    if account is None:
        return fail(f"账号不存在：{args.username} / no such account: {args.username}")
    locked = unlock(account, actor=None, via="cli", os_user=_os_user())
    print(f"已解除账号“{account.username}”的登录锁定（此前在 {locked} 个地址上锁定）。")
    print(
        f"Sign-in locks of '{account.username}' lifted (it was locked from {locked} address(es))."
    )
    return 0
