"""A seeded demo district of 10,000 residents (the core alone: modules test their own data),
shared by the demo app's database tests."""

import pytest


@pytest.fixture
def seeded(db):
    from grassroots.demo.services import seed_demo_district

    return seed_demo_district(residents=10_000, seed=11, modules=False)


@pytest.fixture
def extra_seeder():
    """Register seeders for one test and forget them afterwards."""
    from grassroots.demo import hooks

    added = []

    def register(func, *, order=100, name=None):
        name = name or f"test.{func.__name__}"
        hooks.demo_seeder(order=order, name=name)(func)
        added.append(name)
        return func

    yield register
    for name in added:
        hooks._SEEDERS.pop(name, None)
