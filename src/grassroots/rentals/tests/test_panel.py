"""群租房整治 on the home page: open cases in the reader's scope, those left open after their
campaign ended counted as overdue and listed first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from grassroots.kernel.permissions import Role
from grassroots.rentals.choices import CaseStatus
from grassroots.rentals.models import RentalCampaign, RentalCase
from grassroots.rentals.testing import make_case

pytestmark = pytest.mark.django_db


def _tile(html: str, key: str) -> int:
    start = html.index(f'data-testid="tile-{key}"')
    number = html.index('class="n">', start) + len('class="n">')
    return int(html[number : html.index("<", number)])


def _home(as_role, role) -> str:
    response = as_role(role).get(reverse("site:home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cases(tree):
    """In community A1: one case of a campaign that ended ten days ago, one of a running one and
    one rectified; in community A2 and in street B one late case each."""
    ended = timezone.localdate() - datetime.timedelta(days=10)
    late = make_case(tree.community_a1, "晚")
    RentalCampaign.objects.filter(pk=late.campaign_id).update(ends_on=ended)
    make_case(tree.community_a1, "今")
    done = make_case(tree.community_a1, "毕")
    RentalCase.objects.filter(pk=done.pk).update(status=CaseStatus.RECTIFIED)
    for node, tag in ((tree.community_a2, "邻"), (tree.community_b1, "远")):
        other = make_case(node, tag)
        RentalCampaign.objects.filter(pk=other.campaign_id).update(ends_on=ended)
    return late


def test_the_community_sees_its_open_and_overdue_group_rental_cases(cases, as_role):
    html = _home(as_role, Role.COMMUNITY_SECRETARY)
    assert _tile(html, "rentals-open") == 2
    assert _tile(html, "rentals-overdue") == 1
    pressing = html[html.index('data-testid="rentals-pressing"') :]
    # The overdue case first, with the day its campaign ended.
    assert pressing.index(cases.room.address) < pressing.index("今室")
    assert reverse("rentals:case", kwargs={"rental_case_id": cases.pk}) in pressing
    assert "行动已于" in pressing
    assert "邻室" not in html


def test_the_street_and_the_district_count_every_community_below(cases, as_role):
    assert _tile(_home(as_role, Role.STREET_STAFF), "rentals-overdue") == 2
    assert _tile(_home(as_role, Role.DISTRICT_ADMIN), "rentals-overdue") == 3


def test_no_open_case_no_rentals_panel(tree, as_role):
    assert 'data-testid="rentals-panel"' not in _home(as_role, Role.COMMUNITY_SECRETARY)
