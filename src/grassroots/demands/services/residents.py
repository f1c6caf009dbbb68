"""A signed-in resident's own demand (居民反映本户诉求): recorded as from the web, by them.

The account is the demand's ``created_by``, which is how the resident finds it again
(``demands.scope``); a photo, checked by the form first, is kept with it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from grassroots.demands.models import Channel, Demand
from grassroots.demands.services import DemandInput, create_demand
from grassroots.demands.services.actions import add_photo


def report_own_demand(
    *, data: DemandInput, account: Any, request: HttpRequest | None = None, photo: Any = None
) -> Demand:
    data.channel = Channel.WEB
    demand = create_demand(data=data, actor=account, request=request)
    if photo:
        add_photo(demand, upload=photo, actor=account)
    return demand
