"""The registry's code-list labels, listed so they reach the message catalogue.

Labels are stored and shown in Chinese; templates translate them with ``|tr``.
"""

from django.utils.translation import gettext_noop

from grassroots.registry.choices import (
    Education,
    IdType,
    PoliticalStatus,
    PopulationType,
    Relation,
    RoomUse,
    SpecialGroup,
)
from grassroots.registry.models import ChangeKind, ChangeSource, JobStatus

LABELED = (RoomUse, PopulationType, IdType, Relation, PoliticalStatus, Education, SpecialGroup,
           ChangeKind, ChangeSource, JobStatus)

CHOICE_LABELS = [
    gettext_noop("自住"), gettext_noop("出租"), gettext_noop("群租房"), gettext_noop("网约房"),
    gettext_noop("住改商"), gettext_noop("经营场所"), gettext_noop("空置"),
    gettext_noop("户籍人口"), gettext_noop("流动人口"), gettext_noop("境外人员"),
    gettext_noop("居民身份证"), gettext_noop("护照"), gettext_noop("港澳居民来往内地通行证"),
    gettext_noop("台湾居民来往大陆通行证"), gettext_noop("港澳台居民居住证"),
    gettext_noop("外国人永久居留身份证"),
    gettext_noop("户主"), gettext_noop("配偶"), gettext_noop("子女"), gettext_noop("父母"),
    gettext_noop("孙子女"), gettext_noop("祖父母"), gettext_noop("兄弟姐妹"),
    gettext_noop("儿媳女婿"), gettext_noop("其他亲属"), gettext_noop("非亲属"),
    gettext_noop("中共党员"), gettext_noop("中共预备党员"), gettext_noop("共青团员"),
    gettext_noop("民主党派成员"), gettext_noop("无党派人士"), gettext_noop("群众"),
    gettext_noop("博士研究生"), gettext_noop("硕士研究生"), gettext_noop("大学本科"),
    gettext_noop("大学专科"), gettext_noop("中专"), gettext_noop("高中"), gettext_noop("初中"),
    gettext_noop("小学"), gettext_noop("学龄前"), gettext_noop("文盲或半文盲"),
    gettext_noop("独居老人"), gettext_noop("空巢老人"), gettext_noop("残疾人"),
    gettext_noop("低保"), gettext_noop("退役军人"), gettext_noop("留守儿童"),
    gettext_noop("重病患者"), gettext_noop("社区矫正人员"),
    gettext_noop("登记"), gettext_noop("信息变更"), gettext_noop("迁入"), gettext_noop("迁出"),
    gettext_noop("房屋用途变更"), gettext_noop("页面录入"), gettext_noop("批量导入"),
    gettext_noop("扫楼走访"), gettext_noop("接口"),
    gettext_noop("排队中"), gettext_noop("进行中"), gettext_noop("校验通过"),
    gettext_noop("有错误"), gettext_noop("已导入"), gettext_noop("意外中止"),
]
