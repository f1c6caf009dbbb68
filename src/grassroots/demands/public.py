"""What a resident may do without signing in: submit a demand, and follow it by code and phone.

A look-up needs the tracking code AND the phone given at intake; anything else (a wrong code,
a right code with another phone) is the same "not found", so guessing codes reveals nothing.
Both are limited per client address (``throttle``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from grassroots.audit.services import client_address
from grassroots.demands.models import Channel, Demand, EventKind
from grassroots.demands.services import DemandInput, DemandInputError, create_demand, throttle
from grassroots.demands.services.actions import add_photo
from grassroots.demands.workflow import Status
from grassroots.kernel import crypto

PUBLIC_LABEL = "群众（网上提交）"


class TooManyRequests(Exception):
    """This address has used the public page too often this hour."""


@dataclass
class PublicStep:
    at: Any
    status: str
    status_name: str


def _limit(request: HttpRequest | None, what: str, limit: int) -> None:
    address = client_address(request) or "unknown"
    if not throttle.allow(f"{what}:{address}", limit):
        raise TooManyRequests


def submit_public_demand(
    data: DemandInput, *, request: HttpRequest | None, photo: Any = None
) -> Demand:
    """Record a resident's own demand from the public page; the phone is required. A photo
    (checked by the form already) is kept with it for the staff handling it."""
    _limit(request, "submit", settings.DEMANDS_PUBLIC_SUBMITS_PER_HOUR)
    if not data.reporter_phone.strip():
        raise DemandInputError("reporter_phone", _("不能为空"))
    data.channel = Channel.WEB
    demand = create_demand(data=data, actor=None, request=request, actor_label=PUBLIC_LABEL)
    if photo:
        add_photo(demand, upload=photo, actor=None)
    return demand


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def look_up(code: str, phone: str, *, request: HttpRequest | None) -> Demand | None:
    """The demand with this code whose reporter gave this phone, or None."""
    _limit(request, "lookup", settings.DEMANDS_PUBLIC_LOOKUPS_PER_HOUR)
    code, phone = normalise_code(code), (phone or "").strip()
    if not code or not phone:
        return None
    return (
        Demand.objects.select_related("category")
        .filter(code=code, reporter_phone_index=crypto.blind_index(phone))
        .first()
    )


def public_steps(demand: Demand) -> list[PublicStep]:
    """The status changes a resident sees: when, and to what; never who or any note."""
    events = demand.events.filter(kind=EventKind.TRANSITION).order_by("at", "id")
    return [
        PublicStep(at=e.at, status=e.to_status, status_name=_(Status(e.to_status).label))
        for e in events
    ]
