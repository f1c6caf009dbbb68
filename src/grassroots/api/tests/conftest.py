"""API test helpers: a client that calls the API with a persona's Bearer token."""

import pytest
from django.test import Client

from grassroots.accounts.services.tokens import create_token


@pytest.fixture
def bearer():
    """bearer(account) -> a test client sending that account's new token on every request."""

    def make(account):
        _, raw = create_token(account, name="tests")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make
