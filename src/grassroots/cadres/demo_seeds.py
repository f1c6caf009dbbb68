"""Demo seeder (order 110): two terms of two-committee rosters for every demo community.

The 2021 term is the demo's own community cadres (people seeded by ``core.people``): their
posts ("党组织书记、居委会主任", "两委委员" ...) become party and committee posts, and they keep
their ID numbers. The 2016 term re-elects about half of them (five years younger, some with
less schooling then) and fills the rest with older newcomers, fewer women and fewer
one-shoulder secretaries, so the report page has a last term to compare with.
"""

from __future__ import annotations

import datetime
import random

from grassroots.cadres.figures import full_years
from grassroots.cadres.models import CadreMember, Education, Term
from grassroots.demo import bulk
from grassroots.demo.hooks import DemoContext, demo_seeder
from grassroots.demo.identity import IdNumberMaker
from grassroots.org.models import Level
from grassroots.people.models import Person

TERMS = {2021: datetime.date(2021, 6, 30), 2016: datetime.date(2016, 12, 31)}
E = Education
EDUCATION_2021 = (
    (E.JUNIOR, 5),
    (E.SENIOR, 13),
    (E.SECONDARY_VOCATIONAL, 10),
    (E.COLLEGE, 37),
    (E.BACHELOR, 32),
    (E.MASTER, 3),
)
EDUCATION_2016 = (
    (E.PRIMARY, 3),
    (E.JUNIOR, 17),
    (E.SENIOR, 25),
    (E.SECONDARY_VOCATIONAL, 15),
    (E.COLLEGE, 27),
    (E.BACHELOR, 13),
)
LOWER = {E.BACHELOR: E.COLLEGE, E.COLLEGE: E.SENIOR, E.MASTER: E.BACHELOR}


def _pick(rng: random.Random, weighted: tuple) -> str:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def posts_of(post: str, rng: random.Random) -> tuple[str, str]:
    """(party post, committee post) for a demo cadre's post text."""
    if post.startswith("党组织书记"):
        return "secretary", "director" if "主任" in post else ""
    if post == "党组织副书记":
        return "deputy_secretary", "member" if rng.random() < 0.4 else ""
    if post.endswith("委会主任"):
        return ("member" if rng.random() < 0.5 else ""), "director"
    if post.endswith("委会副主任"):
        return ("member" if rng.random() < 0.4 else ""), "deputy_director"
    return rng.choice((("member", "member"), ("member", ""), ("", "member")))


def _member(term: Term, unit_id: int, row: int, **values: object) -> CadreMember:
    id_number = str(values.pop("id_number", ""))
    member = CadreMember(term=term, unit_id=unit_id, row=row, **values)
    member.set_id_number(id_number)
    return member


def _term_2021(term: Term, cadres: list[Person], rng: random.Random) -> list[CadreMember]:
    members = []
    for row, person in enumerate(cadres, start=1):
        party, committee = posts_of(person.post, rng)
        members.append(
            _member(
                term,
                person.org_node_id,
                row,
                name=person.name,
                gender=person.gender,
                birth_date=person.birth_date,
                education=_pick(rng, EDUCATION_2021),
                party_post=party,
                committee_post=committee,
                id_number=person.id_number,
            )
        )
    return members


def _newcomer(context: DemoContext, ids: IdNumberMaker, day: datetime.date) -> dict:
    rng = context.rng
    gender = "F" if rng.random() < 0.2 else "M"
    age = rng.randint(33, 62)
    birth = day.replace(year=day.year - age - 1) + datetime.timedelta(days=rng.randint(1, 364))
    return {
        "name": context.names.person(gender),
        "gender": gender,
        "birth_date": birth,
        "education": _pick(rng, EDUCATION_2016),
        "id_number": ids.issue(birth, gender),
    }


def _term_2016(
    context: DemoContext, term: Term, units: dict[int, list[CadreMember]], ids: IdNumberMaker
) -> list[CadreMember]:
    rng, members = context.rng, []
    for unit_id, later in units.items():
        one_shoulder = rng.random() < 0.45
        posts = [("secretary", "director" if one_shoulder else ""), ("deputy_secretary", "")]
        posts += [] if one_shoulder else [("", "director")]
        posts += [("", "deputy_director")] + [
            rng.choice((("member", "member"), ("member", ""), ("", "member")))
            for _ in range(rng.randint(2, 4))
        ]
        for party, committee in posts:
            kept = [m for m in later if full_years(m.birth_date, term.reference_date) >= 25]
            if kept and rng.random() < 0.5:
                old = later.pop(later.index(rng.choice(kept)))
                who = {
                    "name": old.name,
                    "gender": old.gender,
                    "birth_date": old.birth_date,
                    "id_number": old.id_number,
                    "education": LOWER.get(old.education, old.education),
                }
            else:
                who = _newcomer(context, ids, term.reference_date)
            members.append(
                _member(
                    term,
                    unit_id,
                    len(members) + 1,
                    party_post=party,
                    committee_post=committee,
                    **who,
                )
            )
    return members


@demo_seeder(order=110, name="cadres.rosters")
def seed_rosters(context: DemoContext) -> None:
    """The 2021 and 2016 rosters of every community of the demo district."""
    cadres = list(
        Person.objects.filter(
            pk__in=context.people.get("cadre", []), org_node__level=Level.COMMUNITY
        ).order_by("org_node__path", "pk")
    )
    # A second demo district joins the same terms (a term is one election, district-wide).
    terms = {
        year: Term.objects.get_or_create(year=year, defaults={"reference_date": day})[0]
        for year, day in TERMS.items()
    }
    with context.progress("两委名册 / cadre rosters", total=2 * len(cadres)) as advance:
        recent = _term_2021(terms[2021], cadres, context.rng)
        bulk.insert(CadreMember, recent, advance)
        units: dict[int, list[CadreMember]] = {}
        for member in recent:
            units.setdefault(member.unit_id, []).append(member)
        ids = IdNumberMaker(
            context.district_code[:6], context.rng, taken={m.id_number[:17] for m in recent}
        )
        bulk.insert(CadreMember, _term_2016(context, terms[2016], units, ids), advance)
