"""Stored Chinese labels shown through ``|tr`` or ``gettext(variable)``, listed here so that
they are in the English catalogue (choice labels, move labels, history names, export headers).
"""

from django.utils.translation import gettext_noop

LABELS = [
    # Status
    gettext_noop("已接收"), gettext_noop("已派单"), gettext_noop("已受理"), gettext_noop("办理中"),
    gettext_noop("已办结"), gettext_noop("已回访"), gettext_noop("已销号"), gettext_noop("已退回"),
    gettext_noop("已上报"), gettext_noop("重新办理"),
    # Moves
    gettext_noop("派单"), gettext_noop("受理"), gettext_noop("上报"), gettext_noop("退回"),
    gettext_noop("开始办理"), gettext_noop("办结"), gettext_noop("回访"), gettext_noop("销号"),
    gettext_noop("重新派单"),
    # Channel, priority, satisfaction, history kinds
    gettext_noop("12345热线"), gettext_noop("意见箱"), gettext_noop("入户走访"),
    gettext_noop("乡村夜话/庭院座谈"), gettext_noop("网格员上报"), gettext_noop("网上诉求"),
    gettext_noop("一般"), gettext_noop("紧急"),
    gettext_noop("满意"), gettext_noop("基本满意"), gettext_noop("不满意"),
    gettext_noop("流转"), gettext_noop("催办"), gettext_noop("督办"), gettext_noop("重复反映"),
    gettext_noop("任务"),
    # Who acted, when it was no account
    gettext_noop("系统"), gettext_noop("群众（网上提交）"),
    # Export file names and headers
    gettext_noop("问题清单"), gettext_noop("责任清单"), gettext_noop("任务清单"),
    gettext_noop("查询码"), gettext_noop("12345工单号"), gettext_noop("受理时间"),
    gettext_noop("来源渠道"), gettext_noop("类别"), gettext_noop("标题"), gettext_noop("诉求内容"),
    gettext_noop("网格"), gettext_noop("地址"), gettext_noop("反映人"), gettext_noop("联系电话"),
    gettext_noop("状态"), gettext_noop("响应时限"), gettext_noop("办结时限"),
    gettext_noop("办结时间"), gettext_noop("满意度"), gettext_noop("责任单位"),
    gettext_noop("责任人"), gettext_noop("是否督办"), gettext_noop("诉求标题"),
    gettext_noop("任务内容"), gettext_noop("承办人"), gettext_noop("完成时限"),
    gettext_noop("完成时间"), gettext_noop("是"),
]
