"""Fixtures shared by every app's tests: the small district and one persona per role."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in tests


@pytest.fixture
def tree(db):
    from grassroots.core.testing import build_tree

    return build_tree()


@pytest.fixture
def personas(tree):
    from grassroots.core.testing import make_personas

    return make_personas(tree)


@pytest.fixture
def as_role(client, personas):
    """The test client signed in as the persona of a role: ``as_role(Role.GRID_WORKER)``."""

    def sign_in(role):
        client.force_login(personas[role])
        return client

    return sign_in
