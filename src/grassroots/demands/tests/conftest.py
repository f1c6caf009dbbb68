import pytest


@pytest.fixture
def demand(tree, personas):
    from grassroots.demands.testing import make_demand
    from grassroots.kernel.permissions import Role

    return make_demand(tree.grid_a1_1, actor=personas[Role.GRID_WORKER])


@pytest.fixture
def api_as(personas):
    """api_as(Role.X) -> a test client sending that persona's new token on every request."""
    from django.test import Client

    from grassroots.accounts.services.tokens import create_token

    def make(role):
        _, raw = create_token(personas[role], name="tests")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make
