"""Time the training module's two busy moments: a whole class checking in at once, and the
brief of a long discussion day.

    .venv/bin/python bench/training_brief.py [--participants 300] [--speeches 60]

In a fresh SQLite data dir: loads a class whose first day has ``--speeches`` speeches of about
600 characters, enrols ``--participants`` people, checks every one of them in through the QR
code service, then builds that day's brief and writes the .docx. Targets: the whole class
checked in within 30 s, one after another (a room scanning the code within its first minutes
needs about one a second), the brief within 2 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time

CHECK_IN_TARGET = 30.0
BRIEF_TARGET = 2.0
PARAGRAPH = "要把党组织建在网格上，让党员在群众身边亮身份、作表率，推动小事不出网格、大事不出社区。"


def _class_json(speeches: int) -> dict:
    text = "\n".join([PARAGRAPH * 3] * 3)
    return {
        "title": "2020年全区党组织书记读书班",
        "organizer": "中共樊城区委组织部",
        "start_date": "2020-09-21",
        "end_date": "2020-09-21",
        "sessions": [
            {
                "kind": "opening",
                "title": "开班式",
                "date": "2020-09-21",
                "start": "08:30",
                "speaker": "王建华",
                "speaker_post": "区委常委、组织部部长",
            },
            {
                "kind": "group_discussion",
                "title": "分组讨论",
                "date": "2020-09-21",
                "start": "14:30",
                "speeches": [
                    {"speaker": f"学员{n}", "post": "社区党委书记", "text": text}
                    for n in range(speeches)
                ],
            },
        ],
    }


def _participants(node: object, count: int) -> list:
    from grassroots.accounts.models import Account
    from grassroots.people.models import Person

    people = Person.objects.bulk_create(
        Person(org_node=node, name=f"学员{n}", gender="M", post="社区党委书记")
        for n in range(count)
    )
    return Account.objects.bulk_create(
        Account(username=f"learner{n}", org_node=node, person=p, password="!")
        for n, p in enumerate(people)
    )


def run(participants: int, speeches: int) -> tuple[float, float]:
    from django.core.management import call_command

    from grassroots.org.models import Level, OrgNode
    from grassroots.training.brief import build_brief
    from grassroots.training.documents import write_docx
    from grassroots.training.loading import parse_class
    from grassroots.training.models import Enrolment
    from grassroots.training.services import create_class
    from grassroots.training.services.checkin import check_in, make_code

    call_command("migrate", interactive=False, verbosity=0)
    node = OrgNode.objects.add_root(
        {"code": "420606000000", "name": "樊城区", "level": Level.DISTRICT}
    )
    spec, _ = parse_class(_class_json(speeches))
    training_class = create_class(spec=spec, node=node)
    accounts = _participants(node, participants)
    Enrolment.objects.bulk_create(
        Enrolment(training_class=training_class, person=a.person) for a in accounts
    )
    session = training_class.sessions.get(kind="opening")
    code = make_code(session)
    started = time.perf_counter()
    for account in accounts:
        check_in(code=code, account=account)
    checking_in = time.perf_counter() - started
    started = time.perf_counter()
    brief = build_brief(training_class, number=1)
    write_docx(brief, os.path.join(os.environ["GRASSROOTS_DATA"], "brief.docx"))
    return checking_in, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--speeches", type=int, default=60)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="grassroots-bench-")
    os.environ["GRASSROOTS_DATA"] = data
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "grassroots.settings.base"
    import django

    django.setup()
    try:
        checking_in, brief = run(args.participants, args.speeches)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    print(
        f"{args.participants} check-ins: {checking_in:.2f} s "
        f"({checking_in / args.participants * 1000:.1f} ms each); brief of "
        f"{args.speeches} speeches (.docx): {brief:.2f} s "
        f"(Python {platform.python_version()}, {os.cpu_count()} cores)"
    )
    return 0 if checking_in < CHECK_IN_TARGET and brief < BRIEF_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
