"""A demand's page holds several forms: every field has an id of its own, and every label
names the field it belongs to."""

from __future__ import annotations

import re
from collections import Counter

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
