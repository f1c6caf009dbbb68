"""Demo three-party governance in the first community: a joint meeting three weeks ago whose
decisions are in progress (one closed out with evidence, one due within the week, one overdue),
a courtyard council (小院议事厅) ten days ago that adopted the second version of the residents'
convention by a show of hands, the convention's first version adopted in 2024, and the next
joint meeting a week ahead. Dated from the day the demo is seeded, through the services."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from grassroots.accounts.models import Account
from grassroots.councils.models import AdoptionMethod, ConventionKind, MeetingKind, PartyKind
from grassroots.councils.services import (
    DECISIONS,
    PartyIn,
    TopicIn,
    add_decision,
    adopt_by_show_of_hands,
    create_convention,
    hold_meeting,
    propose_version,
)
from grassroots.demands.models import Demand
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.pairing.demo_seeds import demo_photo

CONVENTION_V1 = """一、爱党爱国，遵纪守法，维护社区和谐稳定。
二、邻里互助，尊老爱幼，文明礼让。
三、爱护公共设施，不乱扔垃圾，不在楼道堆放杂物。
四、文明养犬，出门牵绳，及时清理犬只粪便。"""

CONVENTION_V2 = CONVENTION_V1.replace(
    "四、文明养犬，出门牵绳，及时清理犬只粪便。",
    "四、文明养犬，出门牵绳，及时清理犬只粪便。\n"
    "五、电动自行车不进楼道、不入户充电，在集中充电点有序充电。\n"
    "六、垃圾分类投放，定时定点，不混投。",
)


def _parties(community_name: str) -> list[PartyIn]:
    return [
        PartyIn(PartyKind.PARTY_ORG, "社区党委书记、居委会主任", f"{community_name}党委"),
        PartyIn(PartyKind.RESIDENTS_COMMITTEE, "居委会委员2名", f"{community_name}居委会"),
        PartyIn(PartyKind.OWNERS_COMMITTEE, "业委会主任、副主任", "业主委员会"),
        PartyIn(PartyKind.PROPERTY_COMPANY, "项目经理", "物业服务中心"),
        PartyIn(PartyKind.RESIDENTS, "楼栋长、居民代表6名"),
    ]


@demo_seeder(order=160, name="councils.demo")
def seed_councils(context: DemoContext) -> None:
    communities = context.nodes.get("community", [])
    if not communities:
        return
    community = communities[0]
    secretary = Account.objects.filter(username="community").first()
    today = timezone.localdate()
    topics = [TopicIn("电动自行车楼道充电隐患"), TopicIn("小区东门门禁损坏")]
    demand = Demand.objects.filter(grid__path__startswith=community.path).order_by("pk").first()
    if demand is not None:
        topics.append(TopicIn("", discussion="居民反映的诉求，议定由物业牵头处理", demand=demand))
    joint = hold_meeting(
        community,
        kind=MeetingKind.JOINT,
        title="第四季度三方联席会议",
        held_on=today - datetime.timedelta(days=21),
        place="社区党群服务中心会议室",
        present=15,
        minutes="会议由社区党委书记主持。物业汇报了近期维修情况，业委会和居民代表对充电"
        "隐患、门禁维修提出意见，会议逐项议定了责任方和完成时限。",
        parties=_parties(community.name),
        topics=topics,
        actor=secretary,
    )
    closed = add_decision(
        joint,
        text="修复小区东门门禁",
        responsible="物业服务中心",
        deadline=today - datetime.timedelta(days=7),
        actor=secretary,
    )
    DECISIONS.record_progress(closed, percent=100, note="门禁已更换并调试", actor=secretary)
    evidence = DECISIONS.add_evidence(
        closed, upload=ContentFile(demo_photo(), name="东门门禁.png"), actor=secretary
    )
    DECISIONS.close(
        closed,
        version=closed.version,
        evidence_ids=[evidence.pk],
        actor=secretary,
        on=today - datetime.timedelta(days=9),
    )
    charging = add_decision(
        joint,
        text="建设集中充电棚，清理楼道电动车",
        responsible="物业服务中心、业委会",
        deadline=today + datetime.timedelta(days=5),
        actor=secretary,
    )
    DECISIONS.record_progress(charging, percent=60, note="充电棚已完成基础施工", actor=secretary)
    add_decision(
        joint,
        text="公示第三季度公共收益收支情况",
        responsible="业委会",
        deadline=today - datetime.timedelta(days=2),
        actor=secretary,
    )
    convention = create_convention(
        community,
        code=f"{community.code}-JMGY",
        kind=ConventionKind.RESIDENTS,
        title=f"{community.name}居民公约",
        actor=secretary,
    )
    first_council = hold_meeting(
        community,
        kind=MeetingKind.COUNCIL,
        title="居民议事会（审议居民公约）",
        held_on=datetime.date(2024, 2, 20),
        present=31,
        parties=_parties(community.name)[:2] + _parties(community.name)[4:],
        actor=secretary,
    )
    first = propose_version(
        convention,
        text=CONVENTION_V1,
        effective_from=datetime.date(2024, 3, 1),
        method=AdoptionMethod.SHOW_OF_HANDS,
        actor=secretary,
    )
    adopt_by_show_of_hands(
        first,
        meeting=first_council,
        votes_for=28,
        votes_against=1,
        votes_abstain=2,
        actor=secretary,
    )
    courtyard = hold_meeting(
        community,
        kind=MeetingKind.COURTYARD,
        title="小院议事厅：修订居民公约",
        held_on=today - datetime.timedelta(days=10),
        place="3号楼前小院",
        present=23,
        minutes="居民代表逐条讨论了电动自行车充电和垃圾分类两条新增条款，现场举手表决。",
        parties=_parties(community.name)[:1] + _parties(community.name)[4:],
        actor=secretary,
    )
    second = propose_version(
        convention,
        text=CONVENTION_V2,
        effective_from=today - datetime.timedelta(days=3),
        method=AdoptionMethod.SHOW_OF_HANDS,
        actor=secretary,
    )
    adopt_by_show_of_hands(
        second, meeting=courtyard, votes_for=19, votes_against=2, votes_abstain=2, actor=secretary
    )
    hold_meeting(
        community,
        kind=MeetingKind.JOINT,
        title="第一季度三方联席会议",
        held_on=today + datetime.timedelta(days=7),
        place="社区党群服务中心会议室",
        parties=_parties(community.name),
        topics=[TopicIn("充电棚投用后的管理办法")],
        actor=secretary,
    )
