"""Conventions: versions adopted by a show of hands or an owners' vote; the text in force."""

import datetime
import json

import pytest

from grassroots.councils.models import AdoptionMethod, VersionStatus
from grassroots.councils.selectors import version_in_force
from grassroots.councils.services import (
    CouncilError,
    adopt_by_show_of_hands,
    create_convention,
    propose_version,
)
from grassroots.kernel.permissions import Role
from grassroots.kernel.plugins import notify
from grassroots.testing.forms import once


@pytest.fixture
def convention(tree, secretary, meeting):
    convention = create_convention(
        tree.community_a1, code="QHK-GY", kind="residents", title="清河口居民公约"
    )
    first = propose_version(
        convention,
        text="第一版条文",
        effective_from=datetime.date(2024, 3, 1),
        method=AdoptionMethod.SHOW_OF_HANDS,
    )
    adopt_by_show_of_hands(
        first, meeting=meeting, votes_for=9, votes_against=1, votes_abstain=2, actor=secretary
    )
    return convention


def test_the_text_in_force_follows_the_adoption_dates(convention, meeting, secretary):
    second = propose_version(
        convention,
        text="第二版条文",
        effective_from=datetime.date(2026, 12, 1),
        method=AdoptionMethod.SHOW_OF_HANDS,
    )
    assert version_in_force(convention, datetime.date(2026, 12, 5)).text == "第一版条文"
    adopt_by_show_of_hands(
        second, meeting=meeting, votes_for=7, votes_against=3, votes_abstain=1, actor=secretary
    )
    assert version_in_force(convention, datetime.date(2024, 2, 29)) is None
    assert version_in_force(convention, datetime.date(2026, 11, 30)).text == "第一版条文"
    assert version_in_force(convention, datetime.date(2026, 12, 1)).text == "第二版条文"
    second.refresh_from_db()
    assert (second.votes_for, second.votes_against, second.votes_abstain) == (7, 3, 1)
    assert second.meeting == meeting


def test_a_show_of_hands_without_a_majority_rejects_the_version(convention, meeting, secretary):
    version = propose_version(
        convention,
        text="未通过的条文",
        effective_from=datetime.date(2026, 1, 1),
        method=AdoptionMethod.SHOW_OF_HANDS,
    )
    decided = adopt_by_show_of_hands(
        version, meeting=meeting, votes_for=5, votes_against=3, votes_abstain=2, actor=secretary
    )
    assert decided.status == VersionStatus.REJECTED
    assert version_in_force(convention, datetime.date(2026, 12, 1)).text == "第一版条文"
    with pytest.raises(CouncilError, match="已经表决"):
        adopt_by_show_of_hands(
            version, meeting=meeting, votes_for=9, votes_against=0, votes_abstain=0, actor=secretary
        )


def test_more_hands_than_people_present_is_refused(convention, meeting, secretary):
    version = propose_version(
        convention, text="x", effective_from=datetime.date(2026, 1, 1), method="show_of_hands"
    )
    with pytest.raises(CouncilError, match="超过到会人数"):
        adopt_by_show_of_hands(
            version,
            meeting=meeting,
            votes_for=20,
            votes_against=0,
            votes_abstain=0,
            actor=secretary,
        )


def test_the_owners_vote_event_adopts_the_version_it_decides(convention):
    version = propose_version(
        convention,
        text="管理规约修订",
        effective_from=datetime.date(2026, 6, 1),
        method=AdoptionMethod.OWNERS_VOTE,
        owners_vote_id=42,
    )
    other = propose_version(
        convention,
        text="另一次投票",
        effective_from=datetime.date(2026, 7, 1),
        method=AdoptionMethod.OWNERS_VOTE,
        owners_vote_id=43,
    )
    notify("owners.vote_closed", vote_id=42, passed=True)
    notify("owners.vote_closed", vote_id=43, passed=False)
    version.refresh_from_db()
    other.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED and other.status == VersionStatus.REJECTED
    assert version_in_force(convention, datetime.date(2026, 8, 1)).text == "管理规约修订"


def test_a_resident_reads_the_adopted_convention_of_their_community_only(
    convention, personas, web_as, tree
):
    sibling = create_convention(
        tree.community_a2, code="A2-GY", kind="residents", title="隔壁社区公约"
    )
    page = web_as(Role.RESIDENT).get("/councils/conventions/")
    assert "清河口居民公约" in page.content.decode()
    assert "隔壁社区公约" not in page.content.decode()
    reply = web_as(Role.RESIDENT).get(f"/councils/conventions/{convention.pk}/?on=2025-01-01")
    assert "第一版条文" in reply.content.decode()
    assert web_as(Role.RESIDENT).get(f"/councils/conventions/{sibling.pk}/").status_code == 404


def test_the_api_and_the_command_give_the_text_in_force_on_a_day(convention, api_as, capsys):
    reply = api_as(Role.COMMUNITY_SECRETARY).get(
        f"/api/v1/councils/conventions/{convention.pk}/in-force?on=2024-02-01"
    )
    assert reply.status_code == 200 and reply.json()["text"] is None
    reply = api_as(Role.COMMUNITY_SECRETARY).get(
        f"/api/v1/councils/conventions/{convention.pk}/in-force?on=2025-02-01"
    )
    assert reply.json()["text"] == "第一版条文" and reply.json()["version"]["votes_for"] == 9
    from grassroots.cli import main

    assert main(["councils", "convention", "QHK-GY", "--on", "2025-02-01"]) == 0
    assert "第一版条文" in capsys.readouterr().out
    assert main(["councils", "convention", "QHK-GY", "--on", "2024-01-01"]) == 1
    assert main(["councils", "decisions", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_secretary_proposes_a_new_version_on_the_page_and_the_text_in_force_stays(
    convention, web_as
):
    client = web_as(Role.COMMUNITY_SECRETARY)
    page = client.get(f"/councils/conventions/{convention.pk}/").content.decode()
    assert 'data-testid="propose"' in page
    url = f"/councils/conventions/{convention.pk}/propose/"
    refused = client.post(url, once({"text": "第一条 新条文", "effective_from": "2027-01-01",
                                     "method": "owners_vote"}))  # fmt: skip
    assert (
        refused.status_code == 400 and "业主投票表决须填写业主投票编号" in refused.content.decode()
    )
    response = client.post(
        url,
        once(text="第一条 文明养犬。", effective_from="2027-01-01", method="show_of_hands"),
    )
    assert response.status_code == 302
    newest = convention.versions.order_by("-number").first()
    assert newest.text == "第一条 文明养犬。" and newest.status == VersionStatus.PROPOSED
    # Proposed, not adopted: what is in force does not change.
    assert version_in_force(convention, datetime.date(2027, 2, 1)) != newest
    assert web_as(Role.RESIDENT).post(url, {"text": "x"}).status_code in (403, 404)
