import datetime

import pytest

from grassroots.kernel.permissions import Role


@pytest.fixture
def housing(tree, personas):
    """区住建局 paired with 清河口 (community A1); the liaison persona is its liaison."""
    from grassroots.pairing.testing import pair

    pairing = pair("ZJJ", "区住建局", tree.community_a1)
    pairing.unit.liaisons.add(personas[Role.PAIRED_UNIT_LIAISON])
    return pairing


@pytest.fixture
def other_unit(tree):
    """区城管局, paired with 清河口 too: the liaison persona is not its liaison."""
    from grassroots.pairing.testing import pair

    return pair("CGJ", "区城管局", tree.community_a1)


@pytest.fixture
def pledge(housing):
    from grassroots.pairing.testing import make_pledge

    return make_pledge(housing, "帮助清河口社区整治群租房", deadline=datetime.date(2026, 12, 31))


@pytest.fixture
def api_as(personas):
    """api_as(Role.X) -> a test client sending that persona's new token on every request."""
    from django.test import Client

    from grassroots.accounts.services.tokens import create_token

    def make(role):
        _, raw = create_token(personas[role], name="tests")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make
