import datetime

import pytest

from grassroots.kernel.permissions import Role


@pytest.fixture
def secretary(personas):
    return personas[Role.COMMUNITY_SECRETARY]


@pytest.fixture
def meeting(tree):
    from grassroots.councils.testing import make_meeting

    return make_meeting(tree.community_a1, "三方联席会议", held_on=datetime.date(2026, 11, 20))


@pytest.fixture
def decision(meeting):
    from grassroots.councils.testing import make_decision

    return make_decision(meeting, "更换单元门禁", deadline=datetime.date(2026, 12, 31))


@pytest.fixture
def api_as(personas):
    from django.test import Client

    from grassroots.accounts.services.tokens import create_token

    def make(role):
        _, raw = create_token(personas[role], name="tests")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make


@pytest.fixture
def web_as(personas):
    from django.test import Client

    def make(role):
        client = Client()
        client.force_login(personas[role])
        return client

    return make
