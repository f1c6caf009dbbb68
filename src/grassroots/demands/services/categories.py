"""The category tree a new installation starts with; operators change it in the admin.

Each entry: code, name, where it is handled, response/resolution hours (normal, then urgent),
and what the sweep does when it is overdue. The top-level categories in ``DISPUTES`` and
their children are dispute categories (矛盾纠纷): their demands record how they were resolved.
"""

from __future__ import annotations

G, C, S = "grid", "community", "street"
REMIND, ESCALATE = "remind", "escalate"

DEFAULT_TREE: list[tuple[str, str, str, tuple[int, int, int, int], str, list[tuple[str, str]]]] = [
    (
        "env",
        "环境卫生",
        G,
        (24, 72, 2, 24),
        REMIND,
        [("env-vending", "占道经营"), ("env-garbage", "垃圾清运"), ("env-clutter", "乱堆乱放")],
    ),
    (
        "fire",
        "消防安全",
        C,
        (2, 48, 1, 12),
        ESCALATE,
        [
            ("fire-ebike", "电动车入户"),
            ("fire-corridor", "楼道堆物"),
            ("fire-equipment", "消防设施损坏"),
        ],
    ),
    (
        "property",
        "物业服务",
        C,
        (24, 168, 2, 48),
        ESCALATE,
        [
            ("property-lift", "电梯故障"),
            ("property-parking", "停车管理"),
            ("property-leak", "房屋漏水"),
        ],
    ),
    (
        "neighbour",
        "邻里纠纷",
        G,
        (24, 168, 4, 48),
        REMIND,
        [
            ("neighbour-noise", "噪音扰民"),
            ("neighbour-pets", "宠物扰民"),
            ("neighbour-other", "其他纠纷"),
        ],
    ),
    (
        "municipal",
        "市政设施",
        S,
        (48, 360, 4, 72),
        ESCALATE,
        [
            ("municipal-light", "路灯损坏"),
            ("municipal-road", "道路破损"),
            ("municipal-drain", "下水道堵塞"),
        ],
    ),
    (
        "welfare",
        "社会保障",
        C,
        (24, 240, 4, 72),
        REMIND,
        [
            ("welfare-subsistence", "低保救助"),
            ("welfare-elderly", "养老服务"),
            ("welfare-jobs", "就业帮扶"),
        ],
    ),
    (
        "dispute",
        "矛盾纠纷",
        C,
        (24, 240, 4, 72),
        REMIND,
        [
            ("dispute-family", "家庭纠纷"),
            ("dispute-property", "物业纠纷"),
            ("dispute-labour", "劳资纠纷"),
            ("dispute-land", "土地房屋纠纷"),
        ],
    ),
    ("other", "其他", C, (48, 240, 4, 72), REMIND, []),
]
# Top-level codes whose categories (and children) are dispute categories (矛盾纠纷).
DISPUTES = frozenset({"neighbour", "dispute"})


def dispute_codes() -> set[str]:
    """The codes of the default tree's dispute categories, children included."""
    codes = set()
    for code, _name, _level, _hours, _action, children in DEFAULT_TREE:
        if code in DISPUTES:
            codes |= {code, *(child for child, _ in children)}
    return codes


def install_default_tree(category_model: type) -> int:
    """Create the default categories that are missing; returns how many were created."""
    created = 0
    # The migration that made the tree ran before categories had the dispute flag.
    marks = {f.name for f in category_model._meta.get_fields()} >= {"dispute"}
    for sort, (code, name, level, hours, action, children) in enumerate(DEFAULT_TREE):
        rule = dict(
            zip(
                (
                    "response_hours",
                    "resolve_hours",
                    "urgent_response_hours",
                    "urgent_resolve_hours",
                ),
                hours,
                strict=True,
            )
        )
        parent, made = category_model.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                full_name=name,
                dispatch_level=level,
                overdue_action=action,
                sort=sort,
                **rule,
                **({"dispute": code in DISPUTES} if marks else {}),
            ),
        )
        created += made
        for child_sort, (child_code, child_name) in enumerate(children):
            _, made = category_model.objects.get_or_create(
                code=child_code,
                defaults=dict(
                    parent=parent,
                    name=child_name,
                    full_name=f"{name}/{child_name}",
                    dispatch_level=level,
                    overdue_action=action,
                    sort=child_sort,
                    **rule,
                    **({"dispute": code in DISPUTES} if marks else {}),
                ),
            )
            created += made
    return created
