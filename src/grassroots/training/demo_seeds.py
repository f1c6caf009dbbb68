"""Demo data: one finished reading class of the district with sessions, attendance, feedback
and discussion speeches, so a brief can be generated from the demo straight away."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.org.models import Level
from grassroots.people.models import Person
from grassroots.training.models import (
    Attendance,
    AttendanceStatus,
    CheckInMethod,
    Classroom,
    DiscussionGroup,
    Enrolment,
    Feedback,
    Session,
    SessionKind,
    Speech,
    TrainingClass,
)

START = datetime.date(2025, 9, 22)  # a fixed date: demo data never reads the clock
PARTICIPANTS = 24
GROUPS = ("第一组", "第二组", "第三组")

OPENINGS = (
    "通过这次读书班的学习，我对党建引领基层治理有了更深的认识。",
    "听了专题授课，我深受启发，感到肩上的责任更重了。",
    "这次集中学习机会难得，我结合社区工作谈几点体会。",
)
POINTS = (
    "要把党组织建在网格上，让党员在群众身边亮身份、作表率。",
    "要坚持“小事不出网格、大事不出社区”，把矛盾化解在萌芽状态。",
    "要用好“三方共治”机制，让居民的事由居民商量着办。",
    "要推动下沉党员常态化报到，把服务送到居民家门口。",
    "要健全民情台账，做到底数清、情况明、服务准。",
    "要抓好“我为群众办实事”，让群众看到实实在在的变化。",
)
CLOSINGS = (
    "下一步，我将把学习成果转化为推动工作的实际行动。",
    "回去后，我要带领两委班子对照先进找差距、补短板。",
)


def _speech_text(rng: random.Random) -> str:
    points = rng.sample(POINTS, 2)
    return "\n".join([rng.choice(OPENINGS), points[0] + points[1], rng.choice(CLOSINGS)])


def _participants(context: DemoContext) -> list[Person]:
    communities = {node.pk for node in context.nodes.get(Level.COMMUNITY, [])}
    streets = {node.pk for node in context.nodes.get(Level.STREET, [])}
    cadres = (
        # 书记 anywhere in the post: most community secretaries also chair the residents'
        # committee (党组织书记、居委会主任, "一肩挑").
        Person.objects.filter(pk__in=context.people.get("cadre", []), post__contains="书记")
        .exclude(post__contains="副")
        .select_related("org_node")
        .order_by("pk")
    )
    pool = [p for p in cadres if p.org_node_id in communities | streets]
    chosen = context.rng.sample(pool, min(PARTICIPANTS, len(pool)))
    # The demo logins' first community and street send their secretaries, so those accounts
    # find the class and its briefs among their own work.
    for level in (Level.COMMUNITY, Level.STREET):
        first = context.nodes.get(level, [])[:1]
        if not first or any(p.org_node_id == first[0].pk for p in chosen):
            continue
        own = next((p for p in pool if p.org_node_id == first[0].pk), None)
        if own is not None:
            chosen.insert(0, own)
    return chosen


def _sessions(context: DemoContext, training_class: TrainingClass) -> list[Session]:
    names = context.names
    day1, day2, day3 = (START + datetime.timedelta(days=n) for n in range(3))
    t = datetime.time
    specs = [
        (
            SessionKind.OPENING,
            "开班式",
            day1,
            t(8, 30),
            names.person("M"),
            "区委常委、组织部部长",
            "0.5",
        ),
        (
            SessionKind.LECTURE,
            "以党建引领基层治理现代化",
            day1,
            t(9, 30),
            names.person("F"),
            "市委党校教授",
            "3",
        ),
        (SessionKind.GROUP_DISCUSSION, "分组讨论", day1, t(14, 30), "", "", "3"),
        (
            SessionKind.LECTURE,
            "网格化管理与精细化服务",
            day2,
            t(8, 30),
            names.person("M"),
            "区委党校副校长",
            "3",
        ),
        (
            SessionKind.CASE_EXCHANGE,
            "小院议事厅的实践",
            day2,
            t(14, 30),
            names.person("F"),
            "社区党委书记",
            "2",
        ),
        (SessionKind.EVENING_DISCUSSION, "我为群众办实事", day2, t(19, 30), "", "", "1.5"),
        (SessionKind.VIDEO_CLASS, "全国社区党组织书记视频培训", day3, t(9, 0), "", "", "3"),
        (SessionKind.FILM, "榜样", day3, t(14, 30), "", "", "2"),
    ]
    sessions = Session.objects.bulk_create(
        Session(
            training_class=training_class,
            kind=kind,
            title=title,
            date=day,
            start=start,
            speaker=speaker,
            speaker_post=post,
            hours=Decimal(hours),
            position=n,
        )
        for n, (kind, title, day, start, speaker, post, hours) in enumerate(specs, start=1)
    )
    return sessions


def _attendance(context: DemoContext, sessions: list[Session], enrolments: list[Enrolment]) -> None:
    rng = context.rng
    rows = []
    for session in sessions:
        start = datetime.datetime.combine(
            session.date, session.start, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
        )
        for enrolment in enrolments:
            roll = rng.random()
            if roll < 0.05:
                continue  # absent
            late = roll > 0.93
            at = start + datetime.timedelta(
                minutes=rng.randint(6, 25) if late else -rng.randint(0, 15)
            )
            rows.append(
                Attendance(
                    enrolment=enrolment,
                    session=session,
                    status=AttendanceStatus.LATE if late else AttendanceStatus.PRESENT,
                    method=CheckInMethod.QR,
                    checked_in_at=at,
                )
            )
    Attendance.objects.bulk_create(rows)


def _feedback(context: DemoContext, sessions: list[Session], enrolments: list[Enrolment]) -> None:
    rng = context.rng
    takeaways = ("讲得透彻，贴近基层实际。", "案例鲜活，可学可用。", "希望多安排互动交流。", "")
    Feedback.objects.bulk_create(
        Feedback(
            enrolment=e,
            session=s,
            rating=rng.choice((5, 5, 5, 4, 4, 3)),
            takeaway=rng.choice(takeaways),
        )
        for s in sessions
        if s.is_rated
        for e in enrolments
        if rng.random() < 0.85
    )


def _speeches(context: DemoContext, sessions: list[Session], enrolments: list[Enrolment]) -> None:
    rng = context.rng
    rows = []
    for session in (s for s in sessions if s.is_discussion):
        for n, enrolment in enumerate(rng.sample(enrolments, min(5, len(enrolments))), start=1):
            post = f"{enrolment.person.org_node.name}{enrolment.post}"
            rows.append(
                Speech(
                    session=session,
                    enrolment=enrolment,
                    speaker=enrolment.person.name,
                    post=post,
                    text=_speech_text(rng),
                    position=n,
                )
            )
    Speech.objects.bulk_create(rows)


@demo_seeder(order=160, name="training.reading_class")
def seed_training(context: DemoContext) -> None:
    district = context.district
    if district is None:
        return
    training_class = TrainingClass.objects.create(
        org_node=district,
        title=f"{START.year}年全区党组织书记读书班",
        organizer=f"中共{district.name}委组织部",
        start_date=START,
        end_date=START + datetime.timedelta(days=2),
        place="区委党校",
        required_hours=Decimal("15"),
    )
    sessions = _sessions(context, training_class)
    video = next(s for s in sessions if s.kind == SessionKind.VIDEO_CLASS)
    Classroom.objects.bulk_create(
        [
            Classroom(session=video, name="主课堂", is_main=True),
            Classroom(session=video, name="区委党校分课堂"),
            Classroom(session=video, name="各街道分课堂"),
        ]
    )
    groups = DiscussionGroup.objects.bulk_create(
        DiscussionGroup(training_class=training_class, name=name) for name in GROUPS
    )
    people = _participants(context)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            training_class=training_class, person=p, post=p.post, group=groups[n % len(groups)]
        )
        for n, p in enumerate(people)
    )
    for enrolment in enrolments:
        enrolment.person = next(p for p in people if p.pk == enrolment.person_id)
    _attendance(context, sessions, enrolments)
    _feedback(context, sessions, enrolments)
    _speeches(context, sessions, enrolments)
