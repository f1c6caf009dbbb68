"""The counting rules of an owners' vote, at their boundaries (民法典第278条, 法释〔2009〕7号)."""

from grassroots.owners.counting import count, heads

P, D = "person", "developer"


def rooms(*areas):
    """Rooms 1..n with the given areas (hundredths of m²)."""
    return [(n, a) for n, a in enumerate(areas, start=1)]


def own(*pairs, kind=P):
    """(room, owner) pairs of one kind."""
    return [(room, owner, kind) for room, owner in pairs]


def solo(n):
    """Each of rooms 1..n owned by its own person."""
    return own(*[(r, 100 + r) for r in range(1, n + 1)])


def test_exactly_two_thirds_of_area_and_heads_is_a_quorum():
    # 3 rooms of equal area, 2 take part: exactly 2/3 of both.
    tally = count(
        major=False,
        areas=rooms(100, 100, 100),
        ownerships=solo(3),
        ballots=[(1, "agree"), (2, "abstain")],
    )
    assert (tally.voted_owners, tally.voted_area) == (2, 200)
    assert tally.quorum


def test_just_under_two_thirds_of_area_is_no_quorum_even_with_the_heads():
    # Heads 2/3 exactly, area 199.99 of 300.00 ... one hundredth short.
    tally = count(
        major=False,
        areas=rooms(10000, 9999, 10001),
        ownerships=solo(3),
        ballots=[(1, "agree"), (2, "agree")],
    )
    assert 3 * tally.voted_area == 3 * 19999 < 2 * tally.area_total
    assert tally.quorum_owners and not tally.quorum_area
    assert not tally.quorum and not tally.passed


def test_an_abstention_takes_part():
    tally = count(
        major=False,
        areas=rooms(100, 100, 100),
        ownerships=solo(3),
        ballots=[(1, "abstain"), (2, "abstain"), (3, "agree")],
    )
    assert tally.voted_owners == 3 and tally.quorum
    assert not tally.passed  # 1 of 3 agree


def test_exactly_half_agreeing_does_not_pass_an_ordinary_matter():
    tally = count(
        major=False,
        areas=rooms(100, 100, 100, 100),
        ownerships=solo(4),
        ballots=[(1, "agree"), (2, "agree"), (3, "against"), (4, "against")],
    )
    assert tally.quorum
    assert 2 * tally.agree_owners == tally.voted_owners
    assert not tally.passed


def test_more_than_half_passes_an_ordinary_matter():
    tally = count(
        major=False,
        areas=rooms(100, 100, 100),
        ownerships=solo(3),
        ballots=[(1, "agree"), (2, "agree"), (3, "against")],
    )
    assert tally.passed


def test_exactly_three_quarters_passes_a_major_matter():
    tally = count(
        major=True,
        areas=rooms(100, 100, 100, 100),
        ownerships=solo(4),
        ballots=[(1, "agree"), (2, "agree"), (3, "agree"), (4, "against")],
    )
    assert 4 * tally.agree_area == 3 * tally.voted_area
    assert tally.passed


def test_a_major_matter_fails_when_the_area_is_one_hundredth_short_of_three_quarters():
    # Heads 3 of 4 agree; area 299.99 of 400.00 agrees.
    tally = count(
        major=True,
        areas=rooms(10000, 10000, 9999, 10001),
        ownerships=solo(4),
        ballots=[(1, "agree"), (2, "agree"), (3, "agree"), (4, "against")],
    )
    assert tally.agree_owners_enough and not tally.agree_area_enough
    assert not tally.passed


def test_what_passes_an_ordinary_matter_may_fail_a_major_one():
    ballots = [(1, "agree"), (2, "agree"), (3, "against")]
    assert count(major=False, areas=rooms(1, 1, 1), ownerships=solo(3), ballots=ballots).passed
    assert not count(major=True, areas=rooms(1, 1, 1), ownerships=solo(3), ballots=ballots).passed


def test_the_developers_unsold_rooms_are_one_head_together():
    ownerships = own((1, 1), (2, 2)) + own((3, 9), (4, 9), (5, 9), kind=D)
    # Even two rows for the developer (two names in the file) are one developer.
    ownerships += own((6, 8), kind=D)
    tally = count(major=False, areas=rooms(*[100] * 6), ownerships=ownerships, ballots=[])
    assert tally.rooms == 6
    assert tally.owners == 3
    assert tally.area_total == 600


def test_a_buyer_of_several_rooms_is_one_head_with_all_their_area():
    ownerships = own((1, 7), (2, 7), (3, 7), (4, 8))
    tally = count(
        major=False, areas=rooms(100, 120, 80, 50), ownerships=ownerships, ballots=[(2, "agree")]
    )
    assert tally.owners == 2
    assert (tally.voted_owners, tally.voted_area) == (1, 300)


def test_co_owners_of_one_room_are_one_head():
    ownerships = own((1, 1), (1, 2), (2, 3))
    tally = count(major=False, areas=rooms(100, 100), ownerships=ownerships, ballots=[(1, "agree")])
    assert tally.owners == 2 and tally.voted_owners == 1


def test_co_owners_who_also_own_another_room_join_it_into_one_head():
    assert heads([1, 2, 3], own((1, 1), (1, 2), (2, 2), (3, 3))) == {1: 1, 2: 1, 3: 3}


def test_a_room_without_a_recorded_owner_is_one_head():
    tally = count(major=False, areas=rooms(100, 100), ownerships=[], ballots=[])
    assert tally.owners == 2


def test_a_later_ballot_replaces_the_earlier_for_all_the_owners_rooms():
    ownerships = own((1, 7), (2, 7), (3, 8))
    tally = count(
        major=False,
        areas=rooms(100, 100, 100),
        ownerships=ownerships,
        ballots=[(1, "against"), (3, "agree"), (2, "agree")],
    )
    assert tally.voted_owners == 2
    assert (tally.agree_owners, tally.agree_area) == (2, 300)
    assert tally.against_owners == 0


def test_nobody_voting_passes_nothing():
    tally = count(major=False, areas=rooms(100), ownerships=solo(1), ballots=[])
    assert not tally.quorum and not tally.passed
    empty = count(major=False, areas=[], ownerships=[], ballots=[])
    assert not empty.quorum and not empty.passed
