"""The checks an organisation department runs on a new term (班子结构预警).

Each ``Warning`` names a problem and the units or members it concerns: units without a
woman, without a party secretary or a committee director (or with more than one), a person
holding two posts in the same committee, and members older than the configured age limit.
They are shown on the report page and in the text report.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from grassroots.cadres.figures import DIRECTOR, SECRETARY, Unit, full_years
from grassroots.cadres.models import CommitteePost, PartyPost

NO_WOMAN = "no_woman"
NO_SECRETARY = "no_secretary"
NO_DIRECTOR = "no_director"
SEVERAL_SECRETARIES = "several_secretaries"
SEVERAL_DIRECTORS = "several_directors"
TWO_POSTS = "two_posts_in_one_committee"
OVER_AGE = "over_age"


@dataclass(frozen=True)
class Warning:
    kind: str
    message: str
    items: tuple[str, ...]


def _units_warning(kind: str, units: list[str], message: str) -> list[Warning]:
    if not units:
        return []
    return [Warning(kind, message % {"n": len(units), "units": "、".join(units)}, tuple(units))]


def run_checks(units: list[Unit], *, on: datetime.date, age_limit: int) -> list[Warning]:
    """Every warning for the units' members in office on ``on``."""
    warnings: list[Warning] = []
    secretaries = {u.name: sum(p.party_posts.count(SECRETARY) for p in u.people) for u in units}
    directors = {u.name: sum(p.committee_posts.count(DIRECTOR) for p in u.people) for u in units}
    warnings += _units_warning(
        NO_WOMAN,
        [u.name for u in units if u.women == 0],
        _("%(n)d个村(社区)“两委”班子中没有女性成员：%(units)s"),
    )
    warnings += _units_warning(
        NO_SECRETARY,
        [n for n, c in secretaries.items() if c == 0],
        _("%(n)d个村(社区)未配备党组织书记：%(units)s"),
    )
    warnings += _units_warning(
        NO_DIRECTOR,
        [n for n, c in directors.items() if c == 0],
        _("%(n)d个村(社区)未配备村(居)委会主任：%(units)s"),
    )
    warnings += _units_warning(
        SEVERAL_SECRETARIES,
        [n for n, c in secretaries.items() if c > 1],
        _("%(n)d个村(社区)有不止一名党组织书记：%(units)s"),
    )
    warnings += _units_warning(
        SEVERAL_DIRECTORS,
        [n for n, c in directors.items() if c > 1],
        _("%(n)d个村(社区)有不止一名村(居)委会主任：%(units)s"),
    )
    warnings += _two_posts(units)
    warnings += _over_age(units, on=on, age_limit=age_limit)
    return warnings


def _two_posts(units: list[Unit]) -> list[Warning]:
    found = []
    for unit in units:
        for person in unit.people:
            for posts, labels, committee in (
                (person.party_posts, PartyPost, _("党组织")),
                (person.committee_posts, CommitteePost, _("村(居)委会")),
            ):
                if len(posts) > 1:
                    names = "、".join(str(labels(post).label) for post in posts)
                    found.append(
                        _("%(name)s（%(unit)s）在%(committee)s中同时担任%(posts)s")
                        % {
                            "name": person.first.name,
                            "unit": unit.name,
                            "committee": committee,
                            "posts": names,
                        }
                    )
    if not found:
        return []
    return [
        Warning(
            TWO_POSTS,
            _("%(n)d人在同一委员会中担任两个职务：%(items)s")
            % {"n": len(found), "items": "；".join(found)},
            tuple(found),
        )
    ]


def _over_age(units: list[Unit], *, on: datetime.date, age_limit: int) -> list[Warning]:
    found = []
    for unit in units:
        for person in unit.people:
            age = full_years(person.first.birth_date, on)
            if age > age_limit:
                found.append(
                    _("%(name)s（%(unit)s，%(age)d岁）")
                    % {"name": person.first.name, "unit": unit.name, "age": age}
                )
    if not found:
        return []
    return [
        Warning(
            OVER_AGE,
            _("%(n)d名成员年龄超过%(limit)d周岁：%(items)s")
            % {"n": len(found), "limit": age_limit, "items": "、".join(found)},
            tuple(found),
        )
    ]


def count_by_kind(warnings: list[Warning]) -> Counter:
    return Counter({warning.kind: len(warning.items) for warning in warnings})
