"""What residents say, per category, for the demo district (titles and descriptions)."""

from __future__ import annotations

# category code -> [(title, description)]; {place} is filled with an estate or road name.
TEXTS: dict[str, list[tuple[str, str]]] = {
    "env-vending": [
        (
            "{place}门口占道经营",
            "早晚有摊贩在{place}门口人行道上摆摊，行人只能走机动车道，存在安全隐患。",
        ),
        ("夜市摊点油烟扰民", "{place}附近烧烤摊每晚营业到凌晨，油烟和噪音影响休息。"),
    ],
    "env-garbage": [
        ("垃圾清运不及时", "{place}的垃圾桶已经满了两天没人清运，气味很大。"),
        ("建筑垃圾无人清理", "{place}有住户装修后的建筑垃圾堆在楼下一周了。"),
    ],
    "env-clutter": [
        ("楼道乱堆杂物", "{place}楼道里堆满纸箱和旧家具，影响通行。"),
        ("绿化带被占用种菜", "{place}有居民在绿化带里种菜、堆杂物。"),
    ],
    "fire-ebike": [
        ("电动车进楼充电", "{place}有住户把电动车推进楼道、拉线充电，担心起火。"),
        ("飞线充电隐患", "{place}有人从窗户拉电线给电动车充电。"),
    ],
    "fire-corridor": [("消防通道被堵", "{place}消防通道长期停满车，消防车进不来。")],
    "fire-equipment": [("灭火器过期", "{place}楼道里的灭火器已过期，消防栓没有水。")],
    "property-lift": [
        ("电梯经常故障", "{place}的电梯这个月坏了三次，老人上下楼很困难。"),
        ("电梯困人", "{place}电梯运行中突然停住，困人二十分钟。"),
    ],
    "property-parking": [("小区停车难", "{place}外来车辆随意进出，业主回家没有车位。")],
    "property-leak": [
        ("楼顶漏水", "{place}顶楼下雨就漏水，物业一直没有维修。"),
        ("地下管道渗水", "{place}地下室管道渗水，墙面发霉。"),
    ],
    "neighbour-noise": [
        ("楼上噪音扰民", "{place}楼上住户深夜经常有敲击声，沟通无果。"),
        ("广场舞音响太大", "{place}旁边广场舞音响声音太大，影响学生学习。"),
    ],
    "neighbour-pets": [("遛狗不拴绳", "{place}有居民遛狗不拴绳，小孩被吓到。")],
    "neighbour-other": [("邻里漏水纠纷", "{place}楼上卫生间漏水到我家，双方协商不成。")],
    "dispute-family": [
        ("赡养老人纠纷", "{place}一位老人反映子女不履行赡养义务，兄弟几人互相推诿。"),
        ("夫妻矛盾激化", "{place}一对夫妻经常争吵，邻居担心发生意外，请社区介入。"),
    ],
    "dispute-property": [
        ("物业费纠纷", "{place}部分业主认为物业服务不到位拒交物业费，物业公司准备起诉。"),
    ],
    "dispute-labour": [
        ("装修工人工资被拖欠", "{place}一名装修工人反映包工头拖欠工资三个月。"),
    ],
    "dispute-land": [
        ("房屋边界纠纷", "{place}两户居民因院墙边界发生争执，多次协商未果。"),
    ],
    "municipal-light": [("路灯不亮", "{place}一段路灯坏了一个多星期，晚上出行不安全。")],
    "municipal-road": [("道路坑洼", "{place}路面破损出现大坑，雨天积水，电动车容易摔倒。")],
    "municipal-drain": [("下水道堵塞", "{place}下水道堵塞，污水冒到路面上。")],
    "welfare-subsistence": [("咨询低保申请", "家里老人生病，想了解{place}所在社区低保怎么申请。")],
    "welfare-elderly": [
        ("独居老人需要照看", "{place}有一位独居老人腿脚不便，希望社区定期上门看看。"),
        ("希望增设老年食堂", "{place}附近老人多，希望能有老年助餐点。"),
    ],
    "welfare-jobs": [("咨询就业帮扶", "刚失业，想了解{place}附近有没有就业培训和岗位推荐。")],
    "other": [("建议增加健身器材", "{place}附近没有健身器材，建议增设。")],
}

HANDLING_NOTES = [
    "已联系相关人员现场处理",
    "已协调物业整改",
    "已上门了解情况",
    "已约谈当事人",
    "已通知职能部门处理",
    "已组织志愿者清理",
]
RESOLUTION_NOTES = [
    "问题已解决，已向群众反馈",
    "已整改完毕，现场复查合格",
    "经协调双方达成一致",
    "已按政策办理完毕",
]
