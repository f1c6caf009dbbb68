"""Helpers for person tests: valid ID numbers made on demand, and signed-in clients by role."""

import pytest

from grassroots.people.tests.ids import make_id_number


@pytest.fixture
def id_number():
    return make_id_number
