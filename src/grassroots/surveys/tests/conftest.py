"""Households in two grids of 清河口社区 (community A1) and one of 前进社区, and a survey of A1."""

import datetime

import pytest

from grassroots.registry.services import ensure_room, register_resident
from grassroots.registry.validation import ResidentData

MOVED_IN = datetime.date(2020, 1, 1)


def households(grid, n, estate="清河小区", phone=""):
    made = []
    for number in range(1, n + 1):
        room = ensure_room(
            grid=grid, estate=estate, building="1栋", unit="1单元", number=f"{number}01"
        )
        fields = {"phone": phone} if phone else {}
        data = ResidentData(name=f"住户{number}", gender="M", **fields)
        made.append(register_resident(room=room, data=data, on=MOVED_IN).household)
    return made


@pytest.fixture
def registry(tree):
    return {
        "a1_1": households(tree.grid_a1_1, 30, phone="13800001234"),
        "a1_2": households(tree.grid_a1_2, 10, estate="樊西小区"),
        "a2_1": households(tree.grid_a2_1, 5, estate="前进小区"),
    }


@pytest.fixture
def survey(tree, registry):
    """A draft survey of 清河口社区 at ±10 points (a sample of 28 of its 40 households)."""
    from grassroots.surveys.testing import make_survey

    return make_survey(tree.community_a1, "清河口社区满意度测评", margin=10)


@pytest.fixture
def running(survey):
    from grassroots.surveys.services import draw_sample, start_survey

    draw_sample(survey)
    return start_survey(survey)


@pytest.fixture
def api_as(personas):
    from django.test import Client

    from grassroots.accounts.services.tokens import create_token

    def make(role):
        _, raw = create_token(personas[role], name="tests")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make
