"""A demand's page holds several forms: every field has an id of its own, and every label
names the field it belongs to."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from grassroots.demands.testing import make_demand
from grassroots.kernel.permissions import Role


def test_the_task_and_supervision_deadlines_are_two_fields_each_with_its_own_label(tree, as_role):
    demand = make_demand(tree.grid_a1_1)
    client = as_role(Role.STREET_STAFF)
    html = client.get(f"/demands/{demand.pk}/").content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    assert 'id="task_due"' in html and 'id="supervise_due"' in html
    assert 'for="supervise_due">督办时限' in html and 'for="task_due">完成时限' in html


def test_a_supervision_deadline_in_the_past_is_refused_next_to_its_field(tree, as_role):
    demand = make_demand(tree.grid_a1_1)
    client = as_role(Role.STREET_STAFF)
    response = client.post(
        f"/demands/{demand.pk}/supervise/", {"due": "1999-01-01T09:00", "note": "尽快办结"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    field = html.split('for="supervise_due"', 1)[1].split("</div>", 2)
    assert "时限应晚于当前时间" in "".join(field[:2])
    demand.refresh_from_db()
    assert demand.supervised_at is None


@pytest.mark.parametrize("phone", ["12345", "abc", "1381234567"])
def test_the_public_page_refuses_a_number_that_is_no_chinese_phone(tree, client, phone):
    response = client.post(
        "/demands/public/",
        {
            "title": "楼下烧烤油烟太大",
            "description": "每天晚上十点后还在营业",
            "category": "env-vending",
            "grid": tree.grid_a1_1.pk,
            "reporter_name": "刘女士",
            "reporter_phone": phone,
        },
    )
    assert "请填写11位手机号码，或带区号的固定电话" in response.content.decode()
