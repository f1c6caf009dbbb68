"""一联十 coverage as an indicator counts what the coverage page counts, per grid."""

import datetime

import pytest

from grassroots.members.indicators import household_linkage
from grassroots.members.testing import make_link
from grassroots.registry.testing import make_resident

pytestmark = pytest.mark.django_db

FIRST, LAST = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def test_linked_occupied_households_over_occupied_households_on_the_last_day(tree):
    make_link(tree.grid_a1_1, "701")
    make_link(tree.grid_a1_1, "702")
    make_resident(tree.grid_a1_1, "703")  # a household no member keeps in touch with
    make_resident(tree.grid_a2_1, "704")
    counted = household_linkage(FIRST, LAST)
    assert counted[tree.grid_a1_1.pk] == (2, 3)
    assert counted[tree.grid_a2_1.pk] == (0, 1)


def test_households_not_yet_living_there_on_the_last_day_are_not_counted(tree):
    make_link(tree.grid_a1_1, "701")  # moved in and linked on 2026-10-01
    counted = household_linkage(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
    assert counted.get(tree.grid_a1_1.pk, (0, 0)) == (0, 0)
