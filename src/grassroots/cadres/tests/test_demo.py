"""The demo district gets two terms of rosters, so the report page has a comparison."""

import pytest

from grassroots.cadres.models import CadreMember, Term
from grassroots.cadres.selectors import term_report
from grassroots.demo.services import seed_demo_district
from grassroots.kernel.idnumbers import parse_id_number
from grassroots.org.models import Level, OrgNode

pytestmark = pytest.mark.django_db


def rosters():
    return sorted(
        CadreMember.objects.values_list(
            "term__year",
            "unit__code",
            "name",
            "gender",
            "birth_date",
            "education",
            "party_post",
            "committee_post",
        )
    )


def test_every_demo_community_has_a_2021_and_a_2016_team_to_compare():
    seed_demo_district(residents=10_000, seed=3)
    communities = set(OrgNode.objects.filter(level=Level.COMMUNITY).values_list("pk", flat=True))
    for year in (2021, 2016):
        term = Term.objects.get(year=year)
        assert set(term.members.values_list("unit_id", flat=True)) == communities
    report = term_report(None, Term.objects.get(year=2021), compare=Term.objects.get(year=2016))
    assert report.summary["units"] == len(communities)
    assert report.change["average_age"] < 0  # the new teams are younger
    assert report.summary["one_shoulder_units"] > 0 and report.summary["cross_appointed"] > 0
    for member in CadreMember.objects.exclude(id_number_index=""):
        parsed = parse_id_number(member.id_number)
        assert (parsed.birth_date, parsed.gender) == (member.birth_date, member.gender)


def test_the_same_seed_gives_the_same_rosters():
    seed_demo_district(residents=10_000, seed=3)
    first = rosters()
    Term.objects.all().delete()
    seed_demo_district(residents=10_000, seed=3, district_code="420607000000")
    second = [
        (y, "420606" + code[6:], *rest) for y, code, *rest in rosters() if code.startswith("420607")
    ]
    assert [row[:2] + row[3:] for row in second] == [row[:2] + row[3:] for row in first]
