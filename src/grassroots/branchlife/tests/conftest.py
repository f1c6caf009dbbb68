import datetime

import pytest

from grassroots.branchlife.testing import add_members


@pytest.fixture
def branch(tree):
    """清河口第一网格党支部 with four members: 张建国 (the fixture's) and three more."""
    branch = tree.party["grid_a1_1"]
    add_members(branch, "王红梅", "刘志强", "陈立新")
    return branch


@pytest.fixture
def people(branch):
    from grassroots.branchlife.selectors import members_of

    return {p.name: p for p in members_of(branch)}


def last_month_day(day: int = 10) -> datetime.date:
    """A day of the previous month: held, whatever today is."""
    today = datetime.date.today()
    first = today.replace(day=1)
    previous = first - datetime.timedelta(days=1)
    return previous.replace(day=min(day, 28))
