"""Choice labels the sweep pages show with ``|tr``, listed so they enter this app's catalogue
(the sweep code lists, and the registry's lists the visit form offers)."""

from django.utils.translation import gettext_noop

from grassroots.registry import choices as registry
from grassroots.sweeps import choices as sweeps

LISTS = (sweeps.CampaignStatus, sweeps.VisitOutcome, sweeps.HazardKind, sweeps.HazardStatus,
         registry.RoomUse, registry.IdType, registry.Relation, registry.PopulationType,
         registry.PoliticalStatus, registry.Education, registry.SpecialGroup)

LABELS = [
    gettext_noop("未开始"), gettext_noop("进行中"), gettext_noop("已结束"),
    gettext_noop("已入户"), gettext_noop("无人在家"),
    gettext_noop("疏散通道堵塞"), gettext_noop("电动车入户充电"), gettext_noop("群租隔断"),
    gettext_noop("私拉乱接电线"), gettext_noop("燃气隐患"), gettext_noop("其他"),
    gettext_noop("待整改"), gettext_noop("已整改"),
    gettext_noop("自住"), gettext_noop("出租"), gettext_noop("群租房"), gettext_noop("网约房"),
    gettext_noop("住改商"), gettext_noop("经营场所"), gettext_noop("空置"),
    gettext_noop("居民身份证"), gettext_noop("护照"), gettext_noop("港澳居民来往内地通行证"),
    gettext_noop("台湾居民来往大陆通行证"), gettext_noop("港澳台居民居住证"),
    gettext_noop("外国人永久居留身份证"),
    gettext_noop("户主"), gettext_noop("配偶"), gettext_noop("子女"), gettext_noop("父母"),
    gettext_noop("孙子女"), gettext_noop("祖父母"), gettext_noop("兄弟姐妹"),
    gettext_noop("儿媳女婿"), gettext_noop("其他亲属"), gettext_noop("非亲属"),
    gettext_noop("户籍人口"), gettext_noop("流动人口"), gettext_noop("境外人员"),
    gettext_noop("中共党员"), gettext_noop("中共预备党员"), gettext_noop("共青团员"),
    gettext_noop("民主党派成员"), gettext_noop("无党派人士"), gettext_noop("群众"),
    gettext_noop("博士研究生"), gettext_noop("硕士研究生"), gettext_noop("大学本科"),
    gettext_noop("大学专科"), gettext_noop("中专"), gettext_noop("高中"), gettext_noop("初中"),
    gettext_noop("小学"), gettext_noop("学龄前"), gettext_noop("文盲或半文盲"),
    gettext_noop("独居老人"), gettext_noop("空巢老人"), gettext_noop("残疾人"),
    gettext_noop("低保"),
    gettext_noop("退役军人"), gettext_noop("留守儿童"), gettext_noop("重病患者"),
    gettext_noop("社区矫正人员"),
]
