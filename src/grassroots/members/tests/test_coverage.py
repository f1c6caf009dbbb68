"""一联十 coverage: occupied households, linked, rate, members against the target, quiet
households; by command and on the staff's page."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grassroots.cli import main
from grassroots.kernel.permissions import Role
from grassroots.members.models import Contact, ContactKind, HouseholdLink, LinkTarget, Member
from grassroots.members.selectors.coverage import Figures, coverage
from grassroots.members.services.contacts import record_contact
from grassroots.members.services.kept import keep_last_contacts, keep_links_held
from grassroots.members.services.linking import link_household, unlink_household
from grassroots.members.tests.roster_data import id_number, member_with_id
from grassroots.registry.services.moves import move_out
from grassroots.registry.testing import SAMPLE_DAY, make_resident

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 30)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def district(tree):
    """清河口社区 (target 2): in its first grid four occupied households and one left empty;
    王 links two, 赵 three (one of them the empty one: over target), 钱 in the second grid
    none. 春园社区: one household, linked by 孙 (default target 10: under)."""
    LinkTarget.objects.create(community=tree.community_a1, households=2)
    homes = {tag: make_resident(tree.grid_a1_1, tag) for tag in ("101", "102", "103", "104", "105")}
    move_out(homes["105"], on=datetime.date(2026, 11, 1))
    wang = member_with_id(tree.grid_a1_1, "王建华", id_number("19800315", "011"))
    zhao = member_with_id(tree.grid_a1_1, "赵志刚", id_number("19750101", "031"))
    member_with_id(tree.grid_a1_2, "钱进", id_number("19700101", "051"))
    sun = member_with_id(tree.grid_b1_1, "孙立", id_number("19720101", "071"))
    spring = make_resident(tree.grid_b1_1, "201")
    for member, tag in ((wang, "101"), (wang, "102"), (zhao, "103"), (zhao, "104"), (zhao, "105")):
        household = homes[tag].residences.get().household
        HouseholdLink.objects.create(
            member=member, household=household, grid=tree.grid_a1_1, linked_on=SAMPLE_DAY
        )
    HouseholdLink.objects.create(
        member=sun, household=spring.household, grid=tree.grid_b1_1, linked_on=SAMPLE_DAY
    )
    contacts = {"101": DAY - datetime.timedelta(days=10), "102": DAY - datetime.timedelta(days=90),
                "104": DAY}  # fmt: skip
    for tag, day in contacts.items():
        household = homes[tag].household
        Contact.objects.create(
            member=wang,
            household=household,
            grid=tree.grid_a1_1,
            kind=ContactKind.VISIT,
            at=_at(day),
        )
    keep_last_contacts(home.household_id for home in homes.values() if home.household_id)
    keep_links_held(HouseholdLink.objects.values_list("member_id", flat=True))
    return tree


def test_the_rate_is_a_percentage_with_one_decimal_rounded_half_up():
    assert Figures(households=16, linked=1).rate == Decimal("6.3")  # 6.25
    assert Figures(households=3, linked=2).rate == Decimal("66.7")
    assert Figures(households=0, linked=0).rate is None


def test_coverage_counts_occupied_households_links_members_and_quiet_households(district):
    report = coverage(None, as_of=DAY)
    grids = {row.node.code: row.figures for row in report.grids}
    first = grids["420606001001001"]
    # 105 moved out on 11-01: not occupied on 11-30, so its link is not counted as coverage.
    assert (first.households, first.linked, first.rate) == (4, 4, Decimal("100.0"))
    # 102's last contact was 90 days before (outside the 90 days up to the day), 103 never.
    assert first.not_contacted_90d == 2
    # 赵 holds three current links against 清河口's target of two; 王 exactly two.
    assert (first.members, first.members_over_target, first.members_under_target) == (2, 1, 0)
    second = grids["420606001001002"]
    assert (second.members, second.members_under_target, second.members_without_households) == (
        1,
        1,
        1,
    )
    assert (second.households, second.rate) == (0, None)
    spring = grids["420606002001001"]
    assert (spring.households, spring.linked, spring.members_under_target) == (1, 1, 1)
    assert (report.total.households, report.total.linked) == (5, 5)
    communities = {row.node.code: row.figures for row in report.communities}
    assert communities["420606001001"].members == 3


def test_coverage_on_an_earlier_day_counts_what_held_then(district):
    before_links = coverage(None, as_of=SAMPLE_DAY - datetime.timedelta(days=1))
    assert before_links.total.households == 0 and before_links.total.linked == 0
    on_sample_day = coverage(None, as_of=datetime.date(2026, 10, 15))
    first = next(r.figures for r in on_sample_day.grids if r.node.code == "420606001001001")
    # 105 still lived there in mid-October; only 102 had been contacted (on 09-01) in the 90
    # days up to then, the later contacts had not happened yet.
    assert (first.households, first.linked, first.not_contacted_90d) == (5, 5, 4)


def _link_of(tag):
    return HouseholdLink.objects.get(household__residents__name=f"巡检居民{tag}")


def _quiet_in_first_grid(day):
    report = coverage(None, as_of=day)
    return next(
        r.figures for r in report.grids if r.node.code == "420606001001001"
    ).not_contacted_90d


def test_a_contact_recorded_through_the_service_takes_the_household_off_the_quiet_count(
    district,
):
    never = _link_of("103")
    assert never.last_contact_at is None and _quiet_in_first_grid(DAY) == 2
    record_contact(link=never, kind=ContactKind.CALL, at=_at(DAY - datetime.timedelta(days=3)))
    never.refresh_from_db()
    assert never.last_contact_at == _at(DAY - datetime.timedelta(days=3))
    assert _quiet_in_first_grid(DAY) == 1
    # An older contact recorded later leaves the latest one standing.
    record_contact(link=never, kind=ContactKind.VISIT, at=_at(DAY - datetime.timedelta(days=40)))
    never.refresh_from_db()
    assert never.last_contact_at == _at(DAY - datetime.timedelta(days=3))


def test_a_household_linked_to_another_member_keeps_its_contacts(district, tree):
    """101 was contacted ten days before the day by 王; handed to 赵 it is not quiet."""
    old = _link_of("101")
    unlink_household(link=old, actor=None, on=DAY - datetime.timedelta(days=2))
    zhao = HouseholdLink.objects.filter(member__person__name="赵志刚").first().member
    new = link_household(
        member=zhao, household=old.household, actor=None, on=DAY - datetime.timedelta(days=1)
    )
    assert new.last_contact_at is None  # the instance made before the column was copied
    new.refresh_from_db()
    assert new.last_contact_at == _at(DAY - datetime.timedelta(days=10))
    assert _quiet_in_first_grid(DAY) == 2


def test_an_earlier_day_is_counted_from_the_contacts_not_the_latest_one(district):
    """On 10-15 the latest contact of 101 (11-20) had not happened; 102's of 09-01 had."""
    assert _quiet_in_first_grid(datetime.date(2026, 10, 15)) == 4
    # On 11-29 102's contact of 09-01 still counts (89 days before), 104's of 11-30 not yet:
    # 103 and 104 are quiet. 105 had moved out.
    assert _quiet_in_first_grid(datetime.date(2026, 11, 29)) == 2
    HouseholdLink.objects.filter(household__residents__name="巡检居民104").update(
        last_contact_at=None
    )
    # Without the latest contact 104 would look never contacted on its own day: the column
    # is what the figure for today reads.
    assert _quiet_in_first_grid(DAY) == 3


def test_linking_and_unlinking_keep_the_members_count_against_the_target(district):
    """赵 (three links, target two) gives one back: on the day after he is at the target."""
    zhao = Member.objects.get(person__name="赵志刚")
    assert (zhao.links_held, zhao.links_changed_on) == (3, SAMPLE_DAY)
    unlink_household(link=_link_of("103"), actor=None, on=DAY)
    zhao.refresh_from_db()
    assert (zhao.links_held, zhao.links_changed_on) == (2, DAY)
    first = next(r.figures for r in coverage(None, as_of=DAY).grids if r.node.code.endswith("1001"))
    assert (first.members_over_target, first.members_under_target) == (0, 0)
    # The day before, the link still held: counted from the links, not the kept figure.
    before = coverage(None, as_of=DAY - datetime.timedelta(days=1))
    first = next(r.figures for r in before.grids if r.node.code.endswith("1001"))
    assert first.members_over_target == 1


def test_the_kept_count_is_what_today_reads(district):
    Member.objects.filter(person__name="赵志刚").update(links_held=0)
    first = next(r.figures for r in coverage(None, as_of=DAY).grids if r.node.code.endswith("1001"))
    assert (first.members_over_target, first.members_without_households) == (0, 1)


def test_the_command_prints_json_for_the_district_or_one_unit(district, capsys):
    assert main(["members", "coverage", "--as-of", DAY.isoformat(), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["households"] == 5 and data["linked"] == 5 and data["rate"] == 100.0
    assert data["members"] == 4 and data["members_over_target"] == 1
    assert data["members_without_households"] == 1 and data["not_contacted_90d"] == 3
    assert data["by_unit"]["420606001001001"]["members_under_target"] == 0
    assert set(data["by_unit"]["420606001001002"]) >= {"households", "linked", "rate", "members"}
    assert (
        main(["members", "coverage", "--unit", "420606002001", "--as-of", "2026-11-30", "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert list(data["by_unit"]) == ["420606002001001"] and data["members"] == 1


def test_the_command_prints_a_table_and_refuses_an_unknown_unit(district, capsys):
    assert main(["members", "coverage", "--as-of", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "一联十覆盖情况：全部，截至2026-11-30" in out
    assert "清河口第一网格（420606001001001）  在住户4 已联系4 覆盖率100.0%" in out
    assert main(["members", "coverage", "--unit", "999"]) == 1
    assert "组织架构中没有编码为999的单位" in capsys.readouterr().err


def test_a_community_secretary_sees_the_coverage_of_their_community_only(district, as_role):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.get(reverse("members:coverage"), {"as_of": DAY.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-node="420606001001001"' in html and 'data-node="420606002001001"' not in html
    assert response.context["report"].total.households == 4
    # A unit outside the scope is a 404, the same as one that does not exist.
    assert client.get(reverse("members:coverage"), {"unit": "420606002001"}).status_code == 404


def test_the_district_drills_down_to_one_community(district, as_role):
    client = as_role(Role.DISTRICT_ADMIN)
    response = client.get(
        reverse("members:coverage"), {"unit": "420606002001", "as_of": "2026-11-30"}
    )
    assert response.status_code == 200
    assert response.context["report"].total.members == 1
    assert "春园第一网格" in response.content.decode()
    response = client.get(reverse("members:coverage"), {"as_of": "not-a-day"})
    assert response.status_code == 200 and "日期应为YYYY-MM-DD" in response.content.decode()


def test_a_party_member_or_resident_cannot_open_the_coverage(district, as_role):
    for role in (Role.PARTY_MEMBER, Role.RESIDENT):
        response = as_role(role).get(reverse("members:coverage"))
        # Without the permission the page does not exist for them (as an id out of scope).
        assert response.status_code == 404


def test_the_roster_filters_by_grid_and_kind_with_masked_phones_and_links(district, as_role):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.get(reverse("members:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "王建华" in html and "钱进" in html and "孙立" not in html
    assert "139****5678" in html and "13912345678" not in html
    rows = {m.person.name: m.linked for m in response.context["page"]}
    assert rows["王建华"] == 2 and rows["赵志刚"] == 3 and rows["钱进"] == 0
    response = client.get(reverse("members:list"), {"grid": "420606001001002"})
    assert [m.person.name for m in response.context["page"]] == ["钱进"]
    response = client.get(reverse("members:list"), {"kind": "in_service"})
    assert list(response.context["page"]) == []


def test_a_grid_worker_sees_their_grid_and_no_unit_above_it(district, as_role):
    response = as_role(Role.GRID_WORKER).get(reverse("members:coverage"), {"as_of": "2026-11-30"})
    assert response.status_code == 200
    report = response.context["report"]
    assert [row.node.code for row in report.grids] == ["420606001001001"]
    assert report.communities == [] and report.streets == []
    assert 'data-node="420606001001"' not in response.content.decode()


def test_a_date_that_is_no_date_is_refused_before_anything_runs(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["members", "coverage", "--as-of", "2026-13-01"])
    assert exit_.value.code == 2
    assert "日期应为YYYY-MM-DD" in capsys.readouterr().err
