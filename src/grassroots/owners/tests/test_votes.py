"""Votes through their services: ballots replace earlier ones per owner, paper entries are
audited, the one-time link gives one ballot of its own owner, a closed vote refuses, and the
close tells the listeners."""

import datetime

import pytest
from django.utils import timezone

from grassroots.audit.models import AuditEvent
from grassroots.owners import services
from grassroots.owners.models import Ballot, Vote
from grassroots.owners.selectors import heads_of, tally
from grassroots.registry.models import Room

pytestmark = pytest.mark.django_db


def room(number):
    return Room.objects.get(number=number, building__estate__name="翠湖小区")


def test_a_paper_ballot_is_audited_and_counts_for_all_the_owners_rooms(vote, personas):
    from grassroots.kernel.permissions import Role

    staff = personas[Role.COMMUNITY_SECRETARY]
    services.enter_ballot(vote, room=room("102"), opinion="against", actor=staff)
    services.enter_ballot(vote, room=room("103"), opinion="agree", actor=staff)
    result = tally(vote)
    assert (result.voted_owners, result.voted_area) == (1, 22050)
    assert (result.agree_owners, result.against_owners) == (1, 0)
    events = AuditEvent.objects.filter(action="owners_ballot_entered")
    assert events.count() == 2
    assert events.first().actor_id == staff.pk


def test_the_developers_rooms_vote_once(vote):
    services.enter_ballot(vote, room=room("201"), opinion="agree")
    result = tally(vote)
    assert (result.voted_owners, result.voted_area) == (1, 26000)


def test_a_vote_of_some_buildings_counts_only_their_rooms(estate):
    vote = services.open_vote(
        estate=estate, title="2号楼加装电梯", kind="major", buildings=["2号楼"]
    )
    result = tally(vote)
    assert (result.rooms, result.owners, result.area_total) == (2, 1, 26000)
    with pytest.raises(services.OwnersError):
        services.enter_ballot(vote, room=room("101"), opinion="agree")


def test_opening_a_vote_on_an_unknown_building_says_which(estate):
    with pytest.raises(services.OwnersError) as refused:
        services.open_vote(estate=estate, title="T", kind="major", buildings=["9号楼"])
    assert "9号楼" in str(refused.value)


def test_the_one_time_link_records_its_owners_ballot_once(vote):
    heads = heads_of(vote)
    wang = next(h for h in heads if "王芳" in h.names)
    tokens = services.links_for(vote, [h.room_id for h in heads])
    link = services.link_from_token(tokens[wang.room_id])
    services.cast_online(link, opinion="agree")
    with pytest.raises(services.LinkUsed):
        services.cast_online(services.link_from_token(tokens[wang.room_id]), opinion="against")
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert tally(vote).agree_area == 22050
    # Printing again keeps the links already given out.
    assert services.links_for(vote, [wang.room_id]) == {wang.room_id: tokens[wang.room_id]}


def test_a_forged_or_altered_token_is_no_link(vote):
    head = heads_of(vote)[0]
    token = services.links_for(vote, [head.room_id])[head.room_id]
    assert services.link_from_token(token[:-2] + "xx") is None
    assert services.link_from_token("") is None


def test_a_closed_vote_refuses_ballots_and_tells_the_listeners(vote, monkeypatch):
    heard = []
    monkeypatch.setattr(
        "grassroots.owners.services.notify", lambda event, **kw: heard.append((event, kw))
    )
    for number in ("101", "102", "201"):  # 3 of 4 heads, 569.75 of 644.75 m²
        services.enter_ballot(vote, room=room(number), opinion="agree")
    result = services.close_vote(vote)
    assert result.passed
    assert heard == [("owners.vote_closed", {"vote_id": vote.pk, "passed": True})]
    vote.refresh_from_db()
    assert vote.closed_at is not None and vote.passed is True
    assert vote.result["agree_owners"] == 3
    with pytest.raises(services.OwnersError):
        services.enter_ballot(vote, room=room("104"), opinion="against")
    head = heads_of(vote)[0]
    link = services.link_from_token(services.links_for(vote, [head.room_id])[head.room_id])
    with pytest.raises(services.OwnersError):
        services.cast_online(link, opinion="agree")


def test_votes_past_their_closing_time_are_closed_by_close_due(vote):
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    assert [v.pk for v in services.close_due_votes()] == [vote.pk]
    vote.refresh_from_db()
    assert vote.passed is False


def test_an_owners_own_rooms_are_found_from_any_of_them(vote):
    from grassroots.owners.selectors import head_of_room

    for head in heads_of(vote):
        for room_row in head.rooms:
            found = head_of_room(vote, room_row.pk)
            assert [r.pk for r in found.rooms] == [r.pk for r in head.rooms]
            assert found.area == head.area and set(found.names) == set(head.names)
