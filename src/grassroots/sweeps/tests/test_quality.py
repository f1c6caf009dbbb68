"""The data-quality view flags each kind of planted fabrication, and nothing on clean data."""

import datetime

import pytest
from django.utils import timezone

from grassroots.kernel.permissions import Role
from grassroots.registry.choices import RoomUse
from grassroots.registry.models import Resident
from grassroots.registry.services import change_room_use, ensure_room
from grassroots.sweeps.choices import CampaignStatus
from grassroots.sweeps.photos import Photo
from grassroots.sweeps.quality import quality_report
from grassroots.sweeps.services import create_campaign, set_campaign_status
from grassroots.sweeps.tests.conftest import record

pytestmark = pytest.mark.django_db
PHOTO = Photo(content=b"\xff\xd8\xff\xe0" + b"\x00" * 40, extension="jpg")


def _rooms(tree, n, building="8栋"):
    return [
        ensure_room(
            grid=tree.grid_a1_1, estate="清河小区", building=building, unit="", number=str(100 + i)
        )
        for i in range(n)
    ]


def _local(days_ago, hour, minute=0):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_a_clean_campaign_raises_no_flag(campaign, rooms, resident, worker):
    record(campaign, rooms[0], worker, confirmed=[resident.pk], at=_local(1, 9))
    record(campaign, rooms[1], worker, at=_local(1, 10), note="无人居住，已核实")
    report, mismatches = quality_report(campaign, None)
    assert report.total == 0 and mismatches == 0


def test_more_rooms_than_the_pace_allows_in_the_window_is_one_burst(
    tree, campaign, worker, settings
):
    settings.SWEEP_PACE_MAX_ROOMS = 20
    rooms = _rooms(tree, 26)
    for i, room in enumerate(rooms[:21]):  # 21 rooms in 8 minutes 20 seconds
        record(campaign, room, worker, at=_local(1, 9) + datetime.timedelta(seconds=25 * i))
    for i, room in enumerate(rooms[21:]):  # then a normal pace
        record(campaign, room, worker, at=_local(1, 11) + datetime.timedelta(minutes=10 * i))
    (burst,) = quality_report(campaign, None)[0].pace
    assert burst.worker_id == worker.pk and burst.visits == 21
    assert burst.starts_at == _local(1, 9)


def test_twenty_rooms_in_ten_minutes_is_within_the_pace(tree, campaign, worker):
    for i, room in enumerate(_rooms(tree, 20)):
        record(campaign, room, worker, at=_local(1, 9) + datetime.timedelta(seconds=29 * i))
    assert quality_report(campaign, None)[0].pace == []


def test_many_visits_outside_working_hours_on_one_day_are_flagged(tree, campaign, worker):
    rooms = _rooms(tree, 9)
    for i, room in enumerate(rooms[:5]):
        record(campaign, room, worker, at=_local(2, 22, 5 * i))
    for i, room in enumerate(rooms[5:]):  # four late visits on another day: below the count
        record(campaign, room, worker, at=_local(1, 21, 5 * i))
    (day,) = quality_report(campaign, None)[0].off_hours
    assert day.visits == 5 and day.day == timezone.localdate() - datetime.timedelta(days=2)


@pytest.fixture
def last_sweep(tree, rooms, resident, worker):
    today = timezone.localdate()
    old = create_campaign(
        node=tree.community_a1,
        name="2026年第三季度扫楼",
        start=True,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=11),
    )
    record(old, rooms[0], worker, confirmed=[resident.pk], at=_local(30, 10), photo=PHOTO)
    record(old, rooms[1], worker, at=_local(30, 11), photo=PHOTO)
    set_campaign_status(old, status=CampaignStatus.FINISHED, version=old.version)
    return old


def test_a_household_copied_unchanged_without_any_trace_of_a_visit_is_flagged(
    last_sweep, campaign, rooms, resident, worker
):
    copied = record(campaign, rooms[0], worker, confirmed=[resident.pk], at=_local(1, 10))
    with_photo = record(campaign, rooms[1], worker, at=_local(1, 11), photo=PHOTO)
    assert [v.pk for v in quality_report(campaign, None)[0].copied] == [copied.pk]
    assert with_photo.pk not in [v.pk for v in quality_report(campaign, None)[0].copied]


def test_a_changed_household_or_a_note_is_not_taken_for_a_copy(
    last_sweep, campaign, rooms, resident, worker
):
    record(campaign, rooms[0], worker, moved_out=[resident.pk], at=_local(1, 10))
    record(campaign, rooms[1], worker, at=_local(1, 11), note="门口见到户主")
    assert quality_report(campaign, None)[0].copied == []


def test_a_record_contradicting_its_id_number_is_flagged(campaign, resident):
    Resident.objects.filter(pk=resident.pk).update(gender="F", birth_date=datetime.date(1991, 1, 1))
    (mismatch,), total = (
        quality_report(campaign, None)[0].id_mismatch,
        quality_report(campaign, None)[1],
    )
    assert mismatch.resident_id == resident.pk and total == 1
    assert set(mismatch.problems) == {"gender", "birth_date"}


def test_a_vacant_room_with_residents_is_flagged(campaign, rooms, resident):
    change_room_use(rooms[0], use=RoomUse.VACANT, on=timezone.localdate())
    change_room_use(rooms[1], use=RoomUse.VACANT, on=timezone.localdate())  # truly empty
    assert [r.pk for r in quality_report(campaign, None)[0].vacant_occupied] == [rooms[0].pk]


def test_the_quality_page_links_each_flag_to_its_records(
    as_role, last_sweep, campaign, rooms, resident, worker
):
    copied = record(campaign, rooms[0], worker, confirmed=[resident.pk], at=_local(1, 10))
    change_room_use(rooms[0], use=RoomUse.VACANT, on=timezone.localdate())
    page = as_role(Role.COMMUNITY_SECRETARY).get(f"/sweeps/campaigns/{campaign.pk}/quality/")
    body = page.content.decode()
    assert page.status_code == 200
    assert f"/sweeps/visits/{copied.pk}/" in body
    assert f"/sweeps/rooms/{rooms[0].pk}/" in body
    assert "没有照片、没有隐患、没有备注" in body


def test_the_quality_page_is_for_those_who_run_sweeps(as_role, campaign):
    assert (
        as_role(Role.GRID_WORKER).get(f"/sweeps/campaigns/{campaign.pk}/quality/").status_code
        == 404
    )
