import uuid

import pytest
from django.utils import timezone

from grassroots.audit.models import Action, AuditEvent
from grassroots.audit.models import Outcome as AuditOutcome
from grassroots.kernel.permissions import Role
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import ChangeKind as RegistryChangeKind
from grassroots.registry.models import RegistryChange, Room
from grassroots.registry.services import change_room_use
from grassroots.rentals.choices import CaseStatus, Method, Outcome
from grassroots.rentals.models import CaseChange, RentalCase
from grassroots.rentals.selectors import Figures, report
from grassroots.rentals.services import (
    ActionEntry,
    RentalError,
    StaleCase,
    open_campaign,
    record_action,
)

from .conftest import days_ago, room

pytestmark = pytest.mark.django_db


def case_of(campaign, a_room):
    return RentalCase.objects.get(campaign=campaign, room=a_room)


def rectify(case, method=Method.PHONE, use=RoomUse.RENTED, on=None, actor=None):
    entry = ActionEntry(on=on or days_ago(5), method=method, outcome=Outcome.RECTIFIED, new_use=use)
    return record_action(case, entry, actor=actor)


def test_a_campaign_opens_a_case_for_every_group_rental_inside_its_area(campaign, rooms):
    opened = set(campaign.cases.values_list("room_id", flat=True))
    assert opened == {rooms[k].pk for k in ("a1_101", "a1_102", "a12_201", "a2_301")}
    assert all(c.opened_on == campaign.starts_on for c in campaign.cases.all())
    assert AuditEvent.objects.filter(action=Action.RENTAL_CAMPAIGN_OPENED).count() == 1


def test_a_room_that_was_a_group_rental_on_the_start_date_gets_a_case_though_it_changed_since(
    tree,
):
    earlier = room(tree.grid_a1_1, "501", use=RoomUse.RENTED)
    change_room_use(earlier, use=RoomUse.GROUP_RENTAL, on=days_ago(60))
    change_room_use(earlier, use=RoomUse.VACANT, on=days_ago(10))
    campaign = open_campaign(area=tree.community_a1, title="回查", starts_on=days_ago(30))
    assert campaign.cases.get().room_id == earlier.pk


def test_a_sweep_or_edit_setting_a_room_to_group_rental_during_the_campaign_opens_a_case(
    tree, campaign, rooms
):
    change_room_use(rooms["a1_103"], use=RoomUse.GROUP_RENTAL, on=days_ago(2))
    case = case_of(campaign, rooms["a1_103"])
    assert case.opened_on == days_ago(2)
    assert case.status == CaseStatus.OPEN
    assert case.changes.get().kind == "opened"


def test_a_sweep_visit_recording_a_group_rental_opens_a_case(tree, campaign, personas):
    from grassroots.sweeps.services import create_campaign
    from grassroots.sweeps.services.visits import VisitEntry, record_visit

    sweep = create_campaign(
        node=tree.community_a1,
        name="扫楼",
        starts_on=days_ago(3),
        ends_on=days_ago(-3),
        start=True,
    )
    new_room = room(tree.grid_a1_2, "202", use=RoomUse.RENTED, estate="樊西小区")
    task = sweep.tasks.select_related("campaign").get(grid=tree.grid_a1_2)
    entry = VisitEntry(
        key=uuid.uuid4(),
        room=new_room,
        visited_at=timezone.now(),
        room_use=RoomUse.GROUP_RENTAL,
    )
    record_visit(task=task, entry=entry, worker=personas[Role.GRID_WORKER])
    assert case_of(campaign, new_room).status == CaseStatus.OPEN


def test_no_case_is_opened_after_the_campaign_ended_or_outside_its_area(tree, rooms):
    ended = open_campaign(
        area=tree.street_a, title="已结束", starts_on=days_ago(40), ends_on=days_ago(10)
    )
    before = ended.cases.count()
    change_room_use(rooms["a1_103"], use=RoomUse.GROUP_RENTAL, on=days_ago(2))
    outside = room(tree.grid_b1_1, "402", use=RoomUse.RENTED, estate="春园小区")
    change_room_use(outside, use=RoomUse.GROUP_RENTAL, on=days_ago(2))
    assert ended.cases.count() == before
    assert not RentalCase.objects.filter(room=outside).exists()


def test_a_change_to_group_rental_dated_before_the_campaign_started_opens_no_case(campaign, rooms):
    change_room_use(rooms["a1_103"], use=RoomUse.GROUP_RENTAL, on=days_ago(31))
    assert not RentalCase.objects.filter(room=rooms["a1_103"]).exists()


def test_rectified_changes_the_registry_room_use_with_its_dated_history(campaign, rooms, personas):
    case = case_of(campaign, rooms["a1_101"])
    worker = personas[Role.GRID_WORKER]
    record_action(
        case,
        ActionEntry(on=days_ago(8), method=Method.PHONE, outcome=Outcome.IN_PROGRESS),
        actor=worker,
    )
    rectify(case, method=Method.HOME_VISIT, use=RoomUse.OWNER_OCCUPIED, actor=worker)
    assert Room.objects.get(pk=rooms["a1_101"].pk).use == RoomUse.OWNER_OCCUPIED
    change = RegistryChange.objects.get(room=rooms["a1_101"], kind=RegistryChangeKind.ROOM_USE)
    assert change.changes == {"use": [RoomUse.GROUP_RENTAL, RoomUse.OWNER_OCCUPIED]}
    assert change.effective_on == days_ago(5)
    assert change.actor == worker
    case.refresh_from_db()
    assert (case.status, case.method, case.rectified_on) == (
        CaseStatus.RECTIFIED,
        Method.HOME_VISIT,
        days_ago(5),
    )
    history = list(case.changes.values_list("from_status", "to_status", "actor"))
    assert history[-1] == (CaseStatus.OPEN, CaseStatus.RECTIFIED, worker.pk)
    recorded = AuditEvent.objects.filter(action=Action.RENTAL_ACTION_RECORDED).order_by("pk")
    assert [e.detail["result"] for e in recorded] == [Outcome.IN_PROGRESS, Outcome.RECTIFIED]
    assert {e.outcome for e in recorded} == {AuditOutcome.SUCCESS}
    assert AuditEvent.objects.filter(action=Action.ROOM_CHANGED).count() == 1


def test_rectified_needs_a_new_use_that_is_not_group_rental(campaign, rooms):
    case = case_of(campaign, rooms["a1_101"])
    for use in ("", RoomUse.GROUP_RENTAL):
        with pytest.raises(RentalError) as error:
            rectify(case, use=use)
        assert error.value.field == "new_use"
    with pytest.raises(RentalError, match="只有结果为已整改时"):
        record_action(
            case,
            ActionEntry(
                on=days_ago(1),
                method=Method.PHONE,
                outcome=Outcome.IN_PROGRESS,
                new_use=RoomUse.VACANT,
            ),
        )
    assert case.actions.count() == 0
    assert Room.objects.get(pk=rooms["a1_101"].pk).use == RoomUse.GROUP_RENTAL


def test_a_room_set_back_to_group_rental_after_rectification_reopens_its_case_as_a_rebound(
    campaign, rooms
):
    case = case_of(campaign, rooms["a1_101"])
    rectify(case, on=days_ago(5))
    change_room_use(Room.objects.get(pk=case.room_id), use=RoomUse.GROUP_RENTAL, on=days_ago(2))
    case.refresh_from_db()
    assert (case.status, case.rebounds, case.method) == (CaseStatus.OPEN, 1, "")
    assert case.changes.last().kind == "rebound"
    figures = report(None, campaign).total
    assert (figures.identified, figures.rectified, figures.rebounds) == (4, 0, 1)
    # As of the day before it went back, it still counts as rectified.
    earlier = report(None, campaign, days_ago(3)).total
    assert (earlier.rectified, earlier.rebounds) == (1, 0)


def test_two_people_recording_on_the_same_case_at_once_one_wins_the_other_is_told(campaign, rooms):
    case = case_of(campaign, rooms["a1_101"])
    seen = case.version
    record_action(
        case,
        ActionEntry(on=days_ago(1), method=Method.PHONE, outcome=Outcome.IN_PROGRESS),
        version=seen,
    )
    with pytest.raises(StaleCase, match="已被他人更新"):
        record_action(
            case,
            ActionEntry(on=days_ago(1), method=Method.INTERVIEW, outcome=Outcome.IN_PROGRESS),
            version=seen,
        )
    assert case.actions.count() == 1


def test_a_rectified_case_takes_no_more_actions(campaign, rooms):
    case = case_of(campaign, rooms["a1_101"])
    rectify(case)
    with pytest.raises(RentalError, match="已整改"):
        rectify(case)


@pytest.mark.parametrize(
    ("rectified", "identified", "rate"),
    [(1, 3, "33.3"), (2, 3, "66.7"), (1, 8, "12.5"), (1, 16, "6.3"), (3, 16, "18.8"), (0, 0, None)],
)
def test_the_rate_is_a_percent_with_one_decimal_rounded_half_up(rectified, identified, rate):
    figures = Figures(identified=identified, rectified=rectified)
    assert (str(figures.rate) if figures.rate is not None else None) == rate


def test_the_report_counts_by_method_community_and_street_and_lists_open_cases_oldest_first(
    tree, campaign, rooms
):
    rectify(case_of(campaign, rooms["a1_101"]), method=Method.PHONE)
    rectify(case_of(campaign, rooms["a2_301"]), method=Method.JOINT_ENFORCEMENT)
    change_room_use(rooms["a1_103"], use=RoomUse.GROUP_RENTAL, on=days_ago(1))
    result = report(None, campaign)
    data = result.as_json()
    assert (data["identified"], data["rectified"], data["rate"]) == (5, 2, 40.0)
    assert data["by_method"] == {
        "电话沟通": 1,
        "集中约谈": 0,
        "入户动员": 0,
        "公职人员带头整改": 0,
        "联合执法": 1,
    }
    assert data["by_unit"]["420606001001"]["identified"] == 4
    assert data["by_unit"]["420606001001"]["rate"] == 25.0
    assert data["by_unit"]["420606001002"]["rate"] == 100.0
    assert data["by_street"]["420606001000"]["rectified"] == 2
    opened = [c.room_id for c in result.open_cases]
    assert opened == [rooms["a1_102"].pk, rooms["a12_201"].pk, rooms["a1_103"].pk]


def test_a_room_no_longer_group_rental_only_counts_as_rectified_from_the_rectification_day(
    campaign, rooms
):
    rectify(case_of(campaign, rooms["a1_101"]), on=days_ago(5))
    assert report(None, campaign, days_ago(6)).total.rectified == 0
    assert report(None, campaign, days_ago(5)).total.rectified == 1
    assert report(None, campaign, days_ago(31)).total.identified == 0


def test_a_street_sees_its_communities_cases_a_grid_worker_only_its_grid(campaign, rooms, personas):
    street = report(personas[Role.STREET_STAFF], campaign).total
    worker = report(personas[Role.GRID_WORKER], campaign).total
    assert (street.identified, worker.identified) == (4, 2)


def test_each_opened_case_has_a_history_row(campaign):
    assert CaseChange.objects.filter(campaign=campaign).count() == campaign.cases.count()


def test_a_campaign_cannot_start_in_the_future_nor_end_before_it_starts(tree):
    with pytest.raises(RentalError):
        open_campaign(area=tree.street_a, title="未来", starts_on=days_ago(-1))
    with pytest.raises(RentalError):
        open_campaign(area=tree.street_a, title="倒序", starts_on=days_ago(5), ends_on=days_ago(6))


def test_a_campaign_opened_late_finds_the_rooms_that_became_group_rentals_while_it_ran(tree):
    during = room(tree.grid_a1_1, "601", use=RoomUse.RENTED)
    change_room_use(during, use=RoomUse.GROUP_RENTAL, on=days_ago(20))
    after = room(tree.grid_a1_1, "602", use=RoomUse.RENTED)
    change_room_use(after, use=RoomUse.GROUP_RENTAL, on=days_ago(5))
    campaign = open_campaign(
        area=tree.community_a1, title="补录", starts_on=days_ago(30), ends_on=days_ago(10)
    )
    case = campaign.cases.get()
    assert (case.room_id, case.opened_on) == (during.pk, days_ago(20))


def test_the_campaigns_own_change_of_room_use_is_neither_a_new_case_nor_a_rebound(
    tree, campaign, rooms
):
    other = open_campaign(area=tree.community_a1, title="社区同步整治", starts_on=days_ago(20))
    rectify(case_of(campaign, rooms["a1_101"]))
    assert RentalCase.objects.count() == campaign.cases.count() + other.cases.count() == 7
    assert not CaseChange.objects.filter(kind="rebound").exists()
