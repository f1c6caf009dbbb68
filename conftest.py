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
