"""Later modules add their demo data through registered seeders."""

import random

import pytest

from grassroots.demo.hooks import registered_seeders
from grassroots.demo.services import seed_demo_district
from grassroots.org.models import Level, OrgNode
from grassroots.people.models import Person


def test_the_core_seeding_is_registered_like_any_module(db):
    import grassroots.demo.services  # noqa: F401  (registers the core)

    names = [s.name for s in registered_seeders()]
    core = ["core.org_tree", "core.party_tree", "core.people", "core.accounts"]
    assert [n for n in names if n.startswith("core.")] == core


def test_a_registered_seeder_runs_after_the_core_with_the_district_in_hand(db, extra_seeder):
    seen = {}

    def seed_things(context):
        seen["grids"] = len(context.nodes[Level.GRID])
        seen["district"] = context.district.code
        seen["people"] = Person.objects.count()
        seen["residents"] = sum(context.residents_in(g) for g in context.nodes[Level.GRID])
        seen["draw"] = context.rng.random()
        seen["estate"] = context.names.estate()

    extra_seeder(seed_things)
    result = seed_demo_district(residents=6_000, seed=3)
    assert seen["district"] == "420606000000"
    assert seen["grids"] == OrgNode.objects.filter(level=Level.GRID).count()
    assert seen["people"] > 0
    assert seen["residents"] == 6_000
    assert "test.seed_things" in result.timings
    assert result.core_seconds <= sum(result.timings.values())


def test_each_seeder_draws_from_its_own_stream_of_the_seed(db, extra_seeder):
    draws = []
    extra_seeder(lambda context: draws.append(context.rng.random()), name="test.draw")
    seed_demo_district(residents=2_000, seed=3)
    expected = random.Random("3:test.draw").random()
    assert draws == [expected]


def test_a_failing_seeder_leaves_nothing_behind(db, extra_seeder):
    def broken(context):
        raise RuntimeError("boom")

    extra_seeder(broken)
    with pytest.raises(RuntimeError):
        seed_demo_district(residents=2_000, seed=3)
    assert not OrgNode.objects.exists()
    assert not Person.objects.exists()
