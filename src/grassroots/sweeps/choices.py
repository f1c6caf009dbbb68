"""The code lists of building sweeps (扫楼): campaign status, visit outcome, hazard kinds."""

from __future__ import annotations

from django.db import models


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", "未开始"
    RUNNING = "running", "进行中"
    FINISHED = "finished", "已结束"


class VisitOutcome(models.TextChoices):
    MET = "met", "已入户"
    NO_ANSWER = "no_answer", "无人在家"


class HazardKind(models.TextChoices):
    """Fire and safety hazards found door to door (消防安全隐患)."""

    BLOCKED_EXIT = "blocked_exit", "疏散通道堵塞"
    EBIKE_CHARGING = "ebike_charging", "电动车入户充电"
    GROUP_RENTAL_PARTITION = "partition", "群租隔断"
    ILLEGAL_WIRING = "wiring", "私拉乱接电线"
    GAS = "gas", "燃气隐患"
    OTHER = "other", "其他"


class HazardStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFIED = "rectified", "已整改"
