"""Meetings: parties, topics from demands, decisions, the public notice, scope."""

import datetime
import io

import pytest
from docx import Document

from grassroots.councils.models import MeetingKind, PartyKind
from grassroots.councils.services import (
    CouncilError,
    PartyIn,
    TopicIn,
    add_decision,
    add_decision_evidence,
    close_decision,
    hold_meeting,
)
from grassroots.councils.testing import photo
from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once


def test_a_meeting_records_its_parties_and_topics_from_the_communitys_demands(tree, secretary):
    from grassroots.demands.testing import make_demand

    demand = make_demand(tree.grid_a1_1, title="楼道电动车充电")
    elsewhere = make_demand(tree.grid_a2_1, title="别处的诉求")
    parties = [PartyIn(PartyKind.OWNERS_COMMITTEE, "李主任", "业主委员会")]
    meeting = hold_meeting(
        tree.community_a1,
        kind=MeetingKind.JOINT,
        title="联席会议",
        held_on=datetime.date(2026, 11, 1),
        parties=parties,
        topics=[TopicIn("", demand=demand)],
        actor=secretary,
    )
    assert [(p.kind, p.attendees) for p in meeting.parties.all()] == [
        ("owners_committee", "李主任")
    ]
    assert meeting.agenda.get().title == "楼道电动车充电"
    with pytest.raises(CouncilError, match="不属于该社区"):
        hold_meeting(
            tree.community_a1,
            kind=MeetingKind.JOINT,
            title="x",
            held_on=datetime.date(2026, 11, 1),
            topics=[TopicIn("", demand=elsewhere)],
        )


def test_the_notice_lists_each_decision_with_who_and_by_when(meeting, secretary):
    add_decision(
        meeting,
        text="建设集中充电棚",
        responsible="物业服务中心",
        deadline=datetime.date(2026, 12, 20),
        actor=secretary,
    )
    done = add_decision(
        meeting, text="修复东门门禁", responsible="物业", deadline=datetime.date(2026, 11, 30)
    )
    kept = add_decision_evidence(done, upload=photo())
    close_decision(done, version=done.version, evidence_ids=[kept.pk], actor=secretary)
    from grassroots.councils.documents import write_notice

    buffer = io.BytesIO()
    write_notice(meeting, buffer, issued_on=datetime.date(2026, 12, 1))
    doc = Document(io.BytesIO(buffer.getvalue()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "三方联席会议决议事项的公示" in text and "2026年12月1日" in text
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cells[1] == ["1", "修复东门门禁", "物业", "2026年11月30日", "已销号"]
    assert cells[2] == ["2", "建设集中充电棚", "物业服务中心", "2026年12月20日", "推进中"]


def test_a_sibling_communitys_meeting_and_decision_are_404(tree, web_as, api_as):
    from grassroots.councils.testing import make_decision, make_meeting

    sibling = make_meeting(tree.community_a2, "隔壁社区会议")
    decision = make_decision(sibling)
    client = web_as(Role.COMMUNITY_SECRETARY)
    assert client.get(f"/councils/meetings/{sibling.pk}/").status_code == 404
    assert client.get(f"/councils/decisions/{decision.pk}/").status_code == 404
    assert client.get(f"/councils/meetings/{sibling.pk}/notice.docx").status_code == 404
    api = api_as(Role.COMMUNITY_SECRETARY)
    assert api.get(f"/api/v1/councils/meetings/{sibling.pk}").status_code == 404
    assert "隔壁社区会议" not in api.get("/api/v1/councils/meetings").content.decode()


def test_the_meeting_page_and_the_close_out_through_the_pages(meeting, decision, web_as):
    client = web_as(Role.COMMUNITY_SECRETARY)
    page = client.get(f"/councils/meetings/{meeting.pk}/").content.decode()
    assert "更换单元门禁" in page and "社区党组织" in page
    notice = client.get(f"/councils/meetings/{meeting.pk}/notice.docx")
    assert notice.status_code == 200 and notice["Content-Type"].endswith("document")
    refused = client.post(
        f"/councils/decisions/{decision.pk}/close/", {"version": decision.version}
    )
    assert "销号须附至少一份佐证材料" in refused.content.decode()
    client.post(f"/councils/decisions/{decision.pk}/upload/", once({"file": photo()}))
    evidence = decision.evidence.get()
    client.post(
        f"/councils/decisions/{decision.pk}/close/",
        {"version": decision.version, "evidence": [evidence.pk]},
    )
    decision.refresh_from_db()
    assert decision.is_closed


def test_the_api_closes_out_a_decision_and_refuses_a_stale_version(decision, api_as):
    api = api_as(Role.COMMUNITY_SECRETARY)
    reply = api.post(f"/api/v1/councils/decisions/{decision.pk}/evidence", {"file": photo()})
    assert reply.status_code == 201
    body = {"version": decision.version, "evidence_ids": [reply.json()["id"]]}
    closed = api.post(
        f"/api/v1/councils/decisions/{decision.pk}/close", body, content_type="application/json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = api.post(
        f"/api/v1/councils/decisions/{decision.pk}/reopen",
        {"version": decision.version, "reason": "复查"},
        content_type="application/json",
    )
    assert again.status_code == 409
    resident = api_as(Role.RESIDENT).get("/api/v1/councils/decisions")
    assert resident.status_code == 403


def test_an_evidence_id_or_version_beyond_64_bits_is_malformed_input_not_a_crash(decision, api_as):
    api = api_as(Role.COMMUNITY_SECRETARY)
    for body, field in (
        ({"version": decision.version, "evidence_ids": [2**70]}, "evidence_ids.0"),
        ({"version": 2**70, "evidence_ids": [1]}, "version"),
    ):
        reply = api.post(
            f"/api/v1/councils/decisions/{decision.pk}/close", body, content_type="application/json"
        )
        assert reply.status_code == 422, reply.content
        assert reply.json()["fields"] == [field]
    decision.refresh_from_db()
    assert not decision.is_closed


def test_the_secretarys_home_shows_decisions_overdue_and_the_next_meeting(tree, meeting, secretary):
    from django.utils import timezone

    from grassroots.councils.testing import make_decision, make_meeting
    from grassroots.councils.workbench import councils_panel

    today = timezone.localdate()
    make_decision(meeting, "已超期的决议", deadline=today - datetime.timedelta(days=1))
    make_meeting(tree.community_a1, "下次联席会议", held_on=today + datetime.timedelta(days=3))
    panel = councils_panel(secretary)
    counts = {t.key: t.count for t in panel.tiles}
    assert counts["overdue"] == 1 and panel.next_meeting.title == "下次联席会议"


def test_the_meeting_form_takes_an_agenda_and_topics_from_the_communitys_open_demands(tree, web_as):
    from grassroots.councils.models import Meeting
    from grassroots.demands.testing import make_demand

    ours = make_demand(tree.grid_a1_1, title="小区东门门禁坏了")
    theirs = make_demand(tree.grid_b1_1, title="王寨的诉求")
    client = web_as(Role.COMMUNITY_SECRETARY)
    page = client.get("/councils/new/").content.decode()
    assert "小区东门门禁坏了" in page and "王寨的诉求" not in page  # only what they see
    response = client.post(
        "/councils/new/",
        once(
            {
                "community": tree.community_a1.pk,
                "kind": "joint",
                "title": "第四季度三方联席会议",
                "held_on": "2026-12-10",
                "present": 12,
                "agenda": "电动车楼道充电\n\n公共收益公示",
                "demands": [ours.pk],
                "party_party_org": "社区党委书记",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title="第四季度三方联席会议")
    agenda = list(meeting.agenda.order_by("pk").values_list("title", "demand_id"))
    assert agenda == [("电动车楼道充电", None), ("公共收益公示", None), (ours.title, ours.pk)]
    # A demand outside the scope is not a choice at all.
    refused = client.post(
        "/councils/new/",
        once({"community": tree.community_a1.pk, "kind": "joint", "title": "另一次会议",
         "held_on": "2026-12-11", "present": 3, "demands": [theirs.pk]}),
    )  # fmt: skip
    assert refused.status_code == 200 and not Meeting.objects.filter(title="另一次会议").exists()
