"""群租房整改率 as an indicator: rooms found by the period's last day, rectified as of then."""

import datetime

import pytest
from django.utils import timezone

from grassroots.registry.choices import RoomUse
from grassroots.rentals.choices import Method, Outcome
from grassroots.rentals.indicators import group_rental_rectification
from grassroots.rentals.models import RentalCase
from grassroots.rentals.services import ActionEntry, record_action

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def rectify(campaign, a_room, on):
    case = RentalCase.objects.get(campaign=campaign, room=a_room)
    entry = ActionEntry(
        on=on, method=Method.PHONE, outcome=Outcome.RECTIFIED, new_use=RoomUse.RENTED
    )
    record_action(case, entry)


def test_rooms_found_over_rooms_standing_rectified_on_the_last_day(tree, rooms, campaign):
    rectify(campaign, rooms["a1_101"], days_ago(10))
    rectify(campaign, rooms["a12_201"], days_ago(2))
    today = timezone.localdate()
    counted = group_rental_rectification(today - datetime.timedelta(days=40), today)
    # Street A's campaign found 101 and 102 in grid A1-1, 201 in A1-2, 301 in A2-1.
    assert counted == {
        tree.grid_a1_1.pk: (1, 2),
        tree.grid_a1_2.pk: (1, 1),
        tree.grid_a2_1.pk: (0, 1),
    }
    # Five days ago 201 was not rectified yet.
    earlier = group_rental_rectification(days_ago(40), days_ago(5))
    assert earlier[tree.grid_a1_2.pk] == (0, 1)
    # Before the campaign opened nothing was found.
    assert group_rental_rectification(days_ago(60), days_ago(31)) == {}
