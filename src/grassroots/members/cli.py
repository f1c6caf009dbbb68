"""``grassroots members ...``: the party-member roster and 一联十 by command.

The parser is built before Django is set up, so the models and services are imported inside
the handlers.
"""

from __future__ import annotations

import argparse

from grassroots.cli import add_command


def register(subparsers: argparse._SubParsersAction) -> None:
    group = add_command(
        subparsers,
        "members",
        zh="党员：导入名册、导入联系户、一联十覆盖情况",
        en="party members: import the roster, import household links, 一联十 coverage",
    )
    group.add_subparsers(dest="members_command", metavar="SUBCOMMAND", title="子命令 / subcommands")
