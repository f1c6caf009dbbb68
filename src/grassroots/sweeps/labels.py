"""Choice labels the sweep pages show with ``|tr``, listed so they enter a message catalogue.

The sweep code lists are listed here. The registry's lists the visit form offers are listed once,
in ``registry/labels.py``: every app's catalogue is merged into one, so the registry's entries
translate them on the sweep pages too.
"""

from django.utils.translation import gettext_noop

from grassroots.registry import choices as registry
from grassroots.registry.labels import CHOICE_LABELS as REGISTRY_LABELS
from grassroots.sweeps import choices as sweeps

LISTS = (
    sweeps.CampaignStatus,
    sweeps.VisitOutcome,
    sweeps.HazardKind,
    sweeps.HazardStatus,
)
REGISTRY_LISTS = (
    registry.RoomUse,
    registry.IdType,
    registry.Relation,
    registry.PopulationType,
    registry.PoliticalStatus,
    registry.Education,
    registry.SpecialGroup,
)

LABELS = [
    gettext_noop("未开始"),
    gettext_noop("进行中"),
    gettext_noop("已结束"),
    gettext_noop("已入户"),
    gettext_noop("无人在家"),
    gettext_noop("疏散通道堵塞"),
    gettext_noop("电动车入户充电"),
    gettext_noop("群租隔断"),
    gettext_noop("私拉乱接电线"),
    gettext_noop("燃气隐患"),
    gettext_noop("其他"),
    gettext_noop("待整改"),
    gettext_noop("已整改"),
]

__all__ = ["LABELS", "LISTS", "REGISTRY_LABELS", "REGISTRY_LISTS"]
