"""A member's contacts with their households (联系记录), and what they heard turned into a demand.

``record_contact`` writes one visit, call or message to a linked household; on the phone it is
two taps, so the note may come later (``add_contact_note``). ``raise_demand_from_contact`` hands
what the member heard to the demands workflow through its own intake (``create_demand``, channel
党员联系), at the household's room and grid, and ties the new demand to the contact, all in one
transaction: a demand is never left without its contact, nor a contact pointing at two demands.
Each write leaves an audit record naming the contact.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.audit.services import record
from grassroots.demands.models import Category, Channel, Demand
from grassroots.demands.services import DemandInput, DemandInputError, create_demand
from grassroots.members.models import Contact, ContactKind, HouseholdLink
from grassroots.members.services.kept import keep_last_contacts
from grassroots.registry.choices import Relation

# Audit actions of this module, recorded by name.
CONTACT_RECORDED = "member_contact_recorded"
CONTACT_NOTED = "member_contact_noted"
CONTACT_RAISED = "member_contact_raised"

NOTE_LENGTH = Contact._meta.get_field("note").max_length


class ContactError(ValueError):
    """A contact write that cannot be made; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class HeardDemand:
    """What the member heard, as a demand: a short title, the details, the category."""

    title: str
    description: str
    category: Category


def _account(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise ContactError(_("情况记录不能超过%(n)d个字") % {"n": NOTE_LENGTH}, "note")
    return note


def record_contact(
    *,
    link: HouseholdLink,
    kind: str,
    note: str = "",
    at: datetime.datetime | None = None,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Contact:
    """Record the link's member contacting its household (走访、电话、微信/短信)."""
    if kind not in ContactKind.values:
        raise ContactError(_("请选择联系方式"), "kind")
    note = _check_note(note)
    now = timezone.now()
    at = at or now
    if at > now + datetime.timedelta(minutes=5):
        raise ContactError(_("联系时间不能晚于现在"), "at")
    with transaction.atomic():
        current = (
            HouseholdLink.objects.select_for_update()
            .filter(pk=link.pk, ended_on__isnull=True)
            .first()
        )
        if current is None:
            raise ContactError(_("该户已不在您的联系户中"))
        contact = Contact.objects.create(
            member_id=current.member_id,
            household_id=current.household_id,
            grid_id=current.grid_id,
            kind=kind,
            note=note,
            at=at,
            recorded_by=_account(actor),
        )
        keep_last_contacts([current.household_id])
        record(
            CONTACT_RECORDED,
            actor=_account(actor),
            request=request,
            node=current.grid,
            target=f"联系记录 #{contact.pk}",
            contact_id=contact.pk,
            member_id=current.member_id,
            household_id=current.household_id,
            kind=kind,
        )
    return contact


def add_contact_note(
    *,
    contact: Contact,
    note: str,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Contact:
    """Write down what was heard on a contact already recorded. The note is changed only if it
    is still the one the member saw; otherwise they are told and nothing is written."""
    note = _check_note(note)
    with transaction.atomic():
        changed = Contact.objects.filter(pk=contact.pk, note=contact.note).update(note=note)
        if not changed:
            raise ContactError(_("这条联系记录已被更新，请刷新后重试"))
        record(
            CONTACT_NOTED,
            actor=_account(actor),
            request=request,
            node=contact.grid,
            target=f"联系记录 #{contact.pk}",
            contact_id=contact.pk,
            note=[contact.note, note],
        )
    contact.note = note
    return contact


def _reporter(contact: Contact) -> str:
    """The household's head, else its first resident: whom the member heard it from."""
    people = sorted(
        contact.household.residents.all(), key=lambda r: (r.relation != Relation.HEAD, r.pk)
    )
    return people[0].name if people else ""


def _member_label(contact: Contact) -> str:
    return _("党员%(name)s") % {"name": contact.member.person.name}


def raise_demand_from_contact(
    *,
    contact: Contact,
    heard: HeardDemand,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Demand:
    """Turn a contact into a demand of the household (channel 党员联系) and link the two."""
    if contact.demand_id is not None:
        raise ContactError(_("这条联系记录已转为诉求"))
    room = contact.household.room
    data = DemandInput(
        title=heard.title,
        description=heard.description,
        category=heard.category,
        channel=Channel.MEMBER_CONTACT,
        grid=contact.grid,
        room=room if room.grid_id == contact.grid_id else None,
        address=room.address,
        reporter_name=_reporter(contact),
    )
    with transaction.atomic():
        try:
            demand = create_demand(
                data=data,
                actor=_account(actor),
                request=request,
                actor_label=_member_label(contact),
            )
        except DemandInputError as error:
            raise ContactError(error.message, error.field) from None
        if not Contact.objects.filter(pk=contact.pk, demand__isnull=True).update(demand=demand):
            # Raised from another tab meanwhile: this demand goes with the rollback.
            raise ContactError(_("这条联系记录已转为诉求"))
        record(
            CONTACT_RAISED,
            actor=_account(actor),
            request=request,
            node=contact.grid,
            target=f"联系记录 #{contact.pk} → {demand.code}",
            contact_id=contact.pk,
            demand_id=demand.pk,
        )
    contact.demand = demand
    return demand
