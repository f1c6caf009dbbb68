"""Choice labels of the training models, listed so the catalogue translates them for ``|tr``."""

from django.utils.translation import gettext_noop

CHOICE_LABELS = [
    gettext_noop("开班式"),
    gettext_noop("专题授课"),
    gettext_noop("案例交流"),
    gettext_noop("分组讨论"),
    gettext_noop("夜谈"),
    gettext_noop("观影"),
    gettext_noop("视频课"),
    gettext_noop("已签到"),
    gettext_noop("迟到"),
    gettext_noop("请假"),
    gettext_noop("缺勤"),
    gettext_noop("扫码签到"),
    gettext_noop("工作人员登记"),
]
