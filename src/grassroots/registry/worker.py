"""The registry's part of a grid worker's scorecard (网格员考核), through
``Plugin.worker_figures``: data-quality flags of the worker's grid as it stands, the residents
living there whose record lacks an ID number, a date of birth or a phone."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from grassroots.kernel.plugins import WorkerFigure
from grassroots.registry.models import Resident


def worker_figures(account: Any, first: datetime.date, last: datetime.date) -> list[WorkerFigure]:
    living = Resident.objects.filter(
        grid_id=account.org_node_id, household__isnull=False, household__ended_on__isnull=True
    )
    counts = living.aggregate(
        no_id=Count("pk", filter=Q(id_number_index__isnull=True) | Q(id_number_index="")),
        no_birth=Count("pk", filter=Q(birth_date__isnull=True)),
        no_phone=Count("pk", filter=Q(phone_index="")),
    )
    return [
        WorkerFigure("residents_no_id", _("缺证件号码的居民"), counts["no_id"], _("人"), flag=True),
        WorkerFigure(
            "residents_no_birth", _("缺出生日期的居民"), counts["no_birth"], _("人"), flag=True
        ),
        WorkerFigure(
            "residents_no_phone", _("缺联系电话的居民"), counts["no_phone"], _("人"), flag=True
        ),
    ]
