"""三会一课 compliance as an indicator: branches that kept the rule / branches, per node."""

import datetime

import pytest

from grassroots.branchlife.indicators import meeting_compliance
from grassroots.branchlife.models import MeetingKind
from grassroots.branchlife.testing import branch_at, make_meeting

pytestmark = pytest.mark.django_db

NOV_FIRST, NOV_LAST = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def expected(tree, *, kept):
    """Every grid of the fixture tree leads one branch; a branch that held nothing misses."""
    grids = (tree.grid_a1_1, tree.grid_a1_2, tree.grid_a2_1, tree.grid_b1_1)
    return {grid.pk: (int(grid == kept), 1) for grid in grids}


def monthly(branch, *months):
    for month in months:
        for kind in (MeetingKind.COMMITTEE, MeetingKind.GROUP):
            make_meeting(branch, kind, held_on=datetime.date(2026, month, 10))


def test_a_month_asks_for_the_meetings_due_by_its_last_day(tree):
    kept = branch_at(tree.grid_a1_1, "1")
    monthly(kept, 10, 11)  # the quarterly meetings are not due before 31 December
    missed = branch_at(tree.grid_a2_1, "2")
    monthly(missed, 10)
    make_meeting(missed, MeetingKind.COMMITTEE, held_on=datetime.date(2026, 11, 5))
    # No 党小组会 in November: missing once the month is over.
    counted = meeting_compliance(NOV_FIRST, NOV_LAST)
    assert counted == expected(tree, kept=tree.grid_a1_1)


def test_a_quarter_asks_for_every_month_and_the_quarterly_meetings(tree):
    full = branch_at(tree.grid_a1_1, "1")
    monthly(full, 10, 11, 12)
    make_meeting(full, MeetingKind.GENERAL, held_on=datetime.date(2026, 12, 1))
    make_meeting(full, MeetingKind.LESSON, held_on=datetime.date(2026, 12, 2))
    no_lesson = branch_at(tree.grid_a2_1, "2")
    monthly(no_lesson, 10, 11, 12)
    make_meeting(no_lesson, MeetingKind.GENERAL, held_on=datetime.date(2026, 12, 1))
    counted = meeting_compliance(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert counted == expected(tree, kept=tree.grid_a1_1)
