"""承诺事项完成率 as an indicator: pledges due by the period's last day, closed out by then."""

import datetime

import pytest

from grassroots.pairing.indicators import pledge_completion
from grassroots.pairing.services import close_as_of_record
from grassroots.pairing.testing import make_pledge, pair

pytestmark = pytest.mark.django_db


def test_pledges_due_by_the_last_day_over_those_closed_out_by_then(tree):
    pairing = pair("D01", "区住建局", tree.community_a1)
    done = make_pledge(pairing, "整治群租房", deadline=datetime.date(2026, 11, 15))
    close_as_of_record(done, on=datetime.date(2026, 11, 10))
    late = make_pledge(pairing, "修缮路灯", deadline=datetime.date(2026, 11, 20))
    close_as_of_record(late, on=datetime.date(2026, 12, 3))  # closed after the period
    make_pledge(pairing, "加装电梯", deadline=datetime.date(2026, 11, 30))  # open
    make_pledge(pairing, "建设书屋", deadline=datetime.date(2026, 12, 31))  # not yet due
    other = pair("D02", "区卫健委", tree.community_b1)
    make_pledge(other, "义诊", deadline=datetime.date(2026, 10, 1))
    counted = pledge_completion(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert counted == {tree.community_a1.pk: (1, 3), tree.community_b1.pk: (0, 1)}
