"""Account commands: ``createadmin``, ``token create|list|revoke`` and ``twofactor reset``.

Handlers import models when they run: Django is set up only after the arguments are parsed,
because ``--data`` decides which settings to load.
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from grassroots.cli import add_command, fail, usage


def register(subparsers: argparse._SubParsersAction) -> None:
    create = add_command(
        subparsers,
        "createadmin",
        zh="创建超级管理员账号（首次登录须修改密码）",
        en="create a superuser account (the password must be changed at first sign-in)",
    )
    create.add_argument("username", metavar="USERNAME", help="账号名 / account name")
    create.add_argument(
        "--password",
        metavar="PW",
        help="密码；不给出时交互输入两次 / password; prompted twice when omitted",
    )
    create.add_argument(
        "--node",
        metavar="CODE",
        help="所属组织节点编码，同时授予区(县)管理员角色 / org node code; also grants "
        "the district administrator role",
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


def _ask_password() -> str | None:
    """The password typed twice, or None when the two differ or nothing can be read."""
    try:
        first = getpass.getpass("密码 / Password: ")
        second = getpass.getpass("再次输入密码 / Password (again): ")
    except EOFError:
        return None
    return first if first == second else None


def create_admin(args: argparse.Namespace) -> int:
    from django.core.exceptions import ValidationError

    from grassroots.accounts.models import Account
    from grassroots.accounts.services import create_account
    from grassroots.kernel.permissions import Role
    from grassroots.org.models import OrgNode

    if Account.objects.filter(username=args.username.strip()).exists():
        return fail(
            f"无法创建账号：账号“{args.username}”已存在。 / "
            f"cannot create the account: '{args.username}' already exists."
        )
    node = None
    if args.node:
        node = OrgNode.objects.filter(code=args.node.strip()).first()
        if node is None:
            return fail(f"组织节点编码不存在：{args.node} / no org node with code {args.node}")
    password = args.password
    if password is None:
        password = _ask_password()
        if password is None:
            return fail(
                "两次输入的密码不一致或未能读取。 / "
                "The passwords do not match or could not be read."
            )
    try:
        account = create_account(
            username=args.username,
            password=password,
            org_node=node,
            roles=[Role.DISTRICT_ADMIN] if node else [],
            is_superuser=True,
            must_change_password=True,
        )
    except ValidationError as exc:
        lines = "\n".join(f"  - {m}" for m in exc.messages)
        return fail(f"无法创建账号 / cannot create the account:\n{lines}")
    unit = f"，所属单位：{node}" if node else ""
    print(f"已创建超级管理员“{account.username}”{unit}；首次登录须修改密码。")
    print(f"Superuser '{account.username}' created; the password must be changed at first sign-in.")
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
    token, raw = tokens.create_token(account, name=args.name)
    print(
        f"已为“{account.username}”创建令牌 {token.prefix}…（编号 {token.pk}）。"
        "令牌只显示这一次，请妥善保存。"
    )
    print(
        f"Token {token.prefix}… (id {token.pk}) created for '{account.username}'. "
        "It is shown only once; keep it safe."
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
            _when(t.last_used_at),
            "有效/active" if t.is_active else "已撤销/revoked",
        )
        for t in rows
    ]
    for row in table:
        print("\t".join(row))
    if len(table) == 1:
        print("（没有令牌 / no tokens）")
    return 0


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
