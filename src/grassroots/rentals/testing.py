"""Group-rental rows for tests and the scope walk: campaigns, cases, actions anywhere."""

from __future__ import annotations

from django.utils import timezone

from grassroots.org.models import OrgNode
from grassroots.registry.choices import RoomUse
from grassroots.registry.services import ensure_room
from grassroots.registry.testing import grid_in
from grassroots.rentals.choices import Method, Outcome
from grassroots.rentals.models import CaseAction, CaseChange, RentalCampaign, RentalCase
from grassroots.rentals.services import ActionEntry, record_action
from grassroots.testing.scopewalk import register_sample


def make_campaign(node: OrgNode, tag: str) -> RentalCampaign:
    """A campaign over ``node`` without cases (rows made directly: samples may overlap)."""
    return RentalCampaign.objects.create(
        node=node, title=f"巡检群租整治{tag}", starts_on=timezone.localdate()
    )


def make_case(node: OrgNode, tag: str) -> RentalCase:
    """A group-rental room in a grid at or below ``node``, and its case in a campaign there."""
    room = ensure_room(
        grid=grid_in(node, tag),
        estate=f"巡检群租小区{tag}",
        building="2栋",
        unit="1单元",
        number=f"{tag}室",
        use=RoomUse.GROUP_RENTAL,
    )
    campaign = make_campaign(node, f"{tag}台账")
    case = RentalCase.objects.create(
        campaign=campaign, room=room, grid_id=room.grid_id, opened_on=campaign.starts_on
    )
    CaseChange.objects.create(
        case=case,
        campaign=campaign,
        grid_id=case.grid_id,
        kind="opened",
        to_status="open",
        on=case.opened_on,
    )
    return case


def make_action(node: OrgNode, tag: str) -> CaseAction:
    case = make_case(node, tag)
    entry = ActionEntry(
        on=case.opened_on,
        method=Method.PHONE,
        outcome=Outcome.IN_PROGRESS,
        notes=f"巡检整治措施{tag}",
    )
    return record_action(case, entry)


register_sample(RentalCampaign, marker=lambda c: c.title, make=make_campaign)
# A case shows its campaign's title to the grid: the campaign run above it is the grid's work.
register_sample(RentalCase, marker=lambda c: c.campaign.title, make=make_case)
register_sample(CaseAction, marker=lambda a: a.notes, make=make_action)
register_sample(
    CaseChange, marker=lambda c: None, make=lambda n, t: make_case(n, t).changes.first()
)
