"""The vote pages: the committee member's own estate, the tally, paper entry, the documents,
and the owner's online ballot page."""

import datetime
import io

import pytest
from django.test import Client
from docx import Document

from grassroots.audit.models import AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.owners import services
from grassroots.owners.models import Ballot, CommitteeMember, Vote
from grassroots.owners.selectors import heads_of
from grassroots.testing.forms import once

from .test_api import other_vote  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(personas, estate):
    account = personas[Role.OWNERS_COMMITTEE]
    committee = services.set_committee(
        estate=estate,
        name="翠湖小区第一届业主委员会",
        elected_on=datetime.date(2025, 6, 1),
        term_ends=datetime.date(2030, 5, 31),
        members=[("周敏", "chair")],
    )
    services.add_committee_member(committee, name="陈刚", account=account)
    return account


def test_a_committee_member_sees_only_their_own_estate(client, member, vote, other_vote):  # noqa: F811
    client.force_login(member)
    page = client.get("/owners/").content.decode()
    assert "更换物业服务企业" in page and "锦绣小区续聘物业" not in page
    assert client.get(f"/owners/votes/{vote.pk}/").status_code == 200
    assert client.get(f"/owners/votes/{other_vote.pk}/").status_code == 404
    assert Vote.objects.visible_to(member).count() == 1
    assert CommitteeMember.objects.visible_to(member).count() == 2
    estates = client.get("/owners/estates/").content.decode()
    assert "翠湖小区第一届业主委员会" in estates and "周敏" in estates
    # Reading only: no paper entry, no closing.
    body = {"building": "1号楼", "unit": "1单元", "number": "101", "opinion": "agree"}
    assert client.post(f"/owners/votes/{vote.pk}/", body).status_code == 404
    assert client.post(f"/owners/votes/{vote.pk}/close/").status_code == 404
    assert not Ballot.objects.exists()


def test_the_tally_page_shows_area_and_heads_against_both_thresholds(as_role, vote):
    client = as_role(Role.GRID_WORKER)
    for number in ("101", "104"):
        client.post(
            f"/owners/votes/{vote.pk}/",
            {"building": "1号楼", "unit": "1单元", "number": number, "opinion": "agree"},
        )
    page = client.get(f"/owners/votes/{vote.pk}/").content.decode()
    assert 'data-testid="tally-area"' in page and 'data-testid="tally-owners"' in page
    assert "164.25 / 644.75 平方米" in page
    assert "2 / 4 人" in page
    assert "三分之二以上" in page and "过半数" in page
    assert AuditEvent.objects.filter(action="owners_ballot_entered").count() == 2
    fragment = client.get(f"/owners/votes/{vote.pk}/tally/").content.decode()
    assert "164.25 / 644.75 平方米" in fragment


def test_a_room_outside_the_vote_is_refused_on_the_page(as_role, vote):
    client = as_role(Role.GRID_WORKER)
    response = client.post(
        f"/owners/votes/{vote.pk}/",
        {"building": "9号楼", "unit": "1单元", "number": "101", "opinion": "agree"},
    )
    assert response.status_code == 400
    assert "该房屋不在本次表决范围内" in response.content.decode()


def test_the_printed_ballots_carry_one_page_and_one_link_per_owner(as_role, vote):
    response = as_role(Role.GRID_WORKER).get(f"/owners/votes/{vote.pk}/ballots.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("业主表决票") == 4  # four owners as the law counts them
    assert text.count("/owners/v/?t=") == 4
    assert len(document.inline_shapes) == 4  # one QR code each
    assert vote.links.count() == 4


def test_the_result_notice_states_the_figures_and_the_legal_basis(as_role, vote):
    for number in ("101", "102", "201"):
        services.enter_ballot(vote, room=services_room(number), opinion="agree")
    services.close_vote(vote)
    response = as_role(Role.COMMUNITY_SECRETARY).get(f"/owners/votes/{vote.pk}/notice.docx")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "翠湖小区业主表决结果公告" in text
    assert "第二百七十八条" in text and "法释〔2009〕7号" in text
    assert "表决结果：通过" in text
    assert "569.75" in cells and "644.75" in text


def services_room(number):
    from grassroots.registry.models import Room

    return Room.objects.get(number=number, building__estate__name="翠湖小区")


def test_the_online_page_shows_only_the_owners_own_rooms_and_votes_once(vote):
    wang = next(h for h in heads_of(vote) if "王芳" in h.names)
    token = services.links_for(vote, [wang.room_id])[wang.room_id]
    owner = Client()
    page = owner.get("/owners/v/", {"t": token}).content.decode()
    assert "翠湖小区1号楼1单元102" in page and "翠湖小区1号楼1单元103" in page
    assert "101" not in page.split("您的房屋")[1].split("</section>")[0]
    assert "张伟" not in page
    response = owner.post(f"/owners/v/?t={token}", {"opinion": "abstain"})
    assert response.status_code == 302
    done = owner.get("/owners/v/", {"t": token}).content.decode()
    assert "您已表决：弃权" in done
    again = owner.post(f"/owners/v/?t={token}", {"opinion": "agree"})
    assert "此链接已经表决过" in again.content.decode()
    assert Ballot.objects.count() == 1
    assert owner.get("/owners/v/", {"t": "forged"}).status_code == 404


def test_the_online_page_of_a_closed_vote_refuses(vote):
    head = heads_of(vote)[0]
    token = services.links_for(vote, [head.room_id])[head.room_id]
    services.close_vote(vote)
    page = Client().get("/owners/v/", {"t": token}).content.decode()
    assert "表决已结束" in page and 'data-testid="online-form"' not in page


def test_a_secretary_opens_a_vote_of_some_buildings_and_closes_it(as_role, estate):
    client = as_role(Role.COMMUNITY_SECRETARY)
    assert client.get("/owners/votes/new/").status_code == 200
    response = client.post(
        "/owners/votes/new/",
        once(
            {
                "estate": estate.pk,
                "title": "2号楼外墙维修",
                "matter": "",
                "kind": "major",
                "buildings": "2号楼",
                "closes_on": (datetime.date.today() + datetime.timedelta(days=10)).isoformat(),
            }
        ),
    )
    vote = Vote.objects.get(title="2号楼外墙维修")
    assert response.status_code == 302 and response["Location"] == f"/owners/votes/{vote.pk}/"
    assert [b.name for b in vote.buildings.all()] == ["2号楼"]
    page = client.get(f"/owners/votes/{vote.pk}/").content.decode()
    assert "0.00 / 260.00 平方米" in page and "四分之三以上" in page
    assert client.post(f"/owners/votes/{vote.pk}/close/").status_code == 302
    vote.refresh_from_db()
    assert vote.closed_at is not None and vote.passed is False
    assert "已结束，未通过" in client.get("/owners/").content.decode()


def test_a_grid_worker_may_not_open_or_close_votes(as_role, vote):
    client = as_role(Role.GRID_WORKER)
    assert client.get("/owners/votes/new/").status_code == 404
    assert client.post(f"/owners/votes/{vote.pk}/close/").status_code == 404


def test_the_tally_page_reads_a_fixed_number_of_queries(
    as_role, vote, django_assert_max_num_queries
):
    from grassroots.registry.services import ensure_room

    client = as_role(Role.GRID_WORKER)
    client.get(f"/owners/votes/{vote.pk}/")  # the session and the user, once
    with django_assert_max_num_queries(20) as few:
        client.get(f"/owners/votes/{vote.pk}/tally/")
    # Forty more rooms with ballots cost no more queries.
    for n in range(40):
        room = ensure_room(
            grid=vote.grid, estate="翠湖小区", building="1号楼", unit="1单元", number=f"9{n:02d}"
        )
        services.enter_ballot(vote, room=room, opinion="agree")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/owners/votes/{vote.pk}/tally/")


def test_a_secretary_records_a_committee_whose_member_then_sees_the_estate(
    as_role, client, tree, estate, vote
):
    from grassroots.testing.personas import make_account

    seat = make_account(tree.grid_a1_1, Role.OWNERS_COMMITTEE, username="yw_chen")
    secretary = as_role(Role.COMMUNITY_SECRETARY)
    response = secretary.post(
        "/owners/estates/committee/",
        once(
            {
                "estate": estate.pk,
                "name": "",
                "elected_on": "2025-06-01",
                "term_ends": "2030-05-31",
                "members": "周敏,主任\n陈刚,委员,yw_chen",
            }
        ),
    )
    assert response.status_code == 302
    assert "翠湖小区业主委员会" in secretary.get("/owners/estates/").content.decode()
    bad = secretary.post(
        "/owners/estates/committee/",
        once(
            {
                "estate": estate.pk,
                "elected_on": "2025-06-01",
                "term_ends": "2030-05-31",
                "members": "某,秘书长",
            }
        ),
    )
    assert bad.status_code == 400 and "第1行" in bad.content.decode()
    client.force_login(seat)
    assert "更换物业服务企业" in client.get("/owners/").content.decode()
