"""The survey arithmetic: sample size with the finite-population correction, proportional
allocation across grids, and the Wilson score interval."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grassroots.kernel.stats import allocate, sample_size, wilson


@pytest.mark.parametrize(
    ("population", "margin", "size"),
    [
        (2000, 0.03, 696),  # n0 = 1067.1; 1067.1 / (1 + 1066.1 / 2000) = 696.07
        (10_000, 0.03, 964),
        (500, 0.05, 217),  # 384.16 / (1 + 383.16 / 500) = 217.49
        (100_000, 0.03, 1056),
        (50, 0.03, 48),
        (1, 0.03, 1),
    ],
)
def test_sample_size_follows_n0_over_one_plus_n0_less_one_over_n(population, margin, size):
    assert sample_size(population, margin).size == size


def test_sample_size_shows_its_steps():
    computed = sample_size(2000, 0.03)
    assert round(computed.n0, 1) == 1067.1
    assert round(computed.corrected, 2) == 696.07


def test_no_households_no_sample():
    assert sample_size(0, 0.03).size == 0


def test_allocation_is_proportional_with_at_least_one_per_non_empty_grid():
    assert allocate({1: 1000, 2: 600, 3: 400, 4: 0, 5: 3}, 696) == {
        1: 347,
        2: 209,
        3: 139,
        4: 0,
        5: 1,
    }


def test_allocation_too_small_for_every_grid_goes_to_the_largest():
    assert allocate({1: 1, 2: 1, 3: 98}, 2) == {1: 0, 2: 0, 3: 2}


@given(st.dictionaries(st.integers(1, 50), st.integers(0, 300), min_size=1), st.integers(0, 2000))
def test_allocation_adds_up_and_never_takes_more_than_a_grid_has(sizes, total):
    shares = allocate(sizes, total)
    assert sum(shares.values()) == min(total, sum(sizes.values()))
    assert all(0 <= shares[k] <= sizes[k] for k in sizes)
    non_empty = [k for k, n in sizes.items() if n]
    if total >= len(non_empty):
        assert all(shares[k] >= 1 for k in non_empty)


# Wilson intervals at 95% (z = 1.96), to four places, from the formula worked by hand.
@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (405, 412, 0.9653, 0.9917),
        (50, 100, 0.4038, 0.5962),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
    ],
)
def test_wilson_interval_matches_the_table(k, n, low, high):
    interval = wilson(k, n)
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


def test_everyone_asked_leaves_no_uncertainty():
    interval = wilson(9, 10, population=10)
    assert (interval.low, interval.high) == (0.9, 0.9)


def test_no_answers_no_interval():
    assert wilson(0, 0) is None


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_interval_holds_the_share_and_stays_within_nought_and_one(pair):
    k, n = pair
    interval = wilson(k, n)
    assert 0 <= interval.low <= k / n <= interval.high <= 1


@given(
    st.integers(2, 5000).flatmap(
        lambda n: st.tuples(st.integers(0, n), st.just(n), st.integers(n + 1, 20_000))
    )
)
def test_a_known_population_narrows_the_interval(triple):
    k, n, population = triple
    plain, corrected = wilson(k, n), wilson(k, n, population=population)
    assert corrected.high - corrected.low <= plain.high - plain.low + 1e-12
    assert math.isclose(corrected.low, plain.low, abs_tol=0.5)
