"""Seeding the demo district: same seed, same data; valid codes, ID numbers and trees."""

from django.db.models import Count

from grassroots.accounts.models import Account
from grassroots.demo.identity import REFERENCE_DATE
from grassroots.demo.selectors import district_counts
from grassroots.demo.services import seed_demo_district
from grassroots.kernel.idnumbers import parse_id_number
from grassroots.org.codes import code_problem, parent_prefix_problem
from grassroots.org.models import Level, OrgNode, PartyOrganization, PartyOrgKind
from grassroots.people.models import Person
from grassroots.testing.personas import wipe_district


def snapshot():
    nodes = list(OrgNode.objects.values_list("path", "code", "name", "level"))
    party = list(
        PartyOrganization.objects.values_list(
            "path", "name", "kind", "org_node__code", "secretary_name"
        )
    )
    people = sorted(
        (
            p.org_node.code,
            p.name,
            p.gender,
            p.birth_date,
            p.id_number,
            p.phone,
            p.post,
            p.is_party_member,
            p.party_joined_on,
            p.party_branch.name if p.party_branch else "",
        )
        for p in Person.objects.select_related("org_node", "party_branch")
    )
    accounts = sorted(
        (
            a.username,
            a.org_node.code,
            a.person.id_number if a.person else "",
            a.display_name,
            a.role_codes,
        )
        for a in Account.objects.select_related("org_node", "person")
    )
    return nodes, party, people, accounts


def wipe():
    wipe_district()


def test_the_same_seed_gives_the_same_district_and_another_seed_a_different_one(db):
    seed_demo_district(residents=10_000, seed=5, modules=False)
    first = snapshot()
    wipe()
    seed_demo_district(residents=10_000, seed=5, modules=False)
    assert snapshot() == first
    wipe()
    seed_demo_district(residents=10_000, seed=6, modules=False)
    other = snapshot()
    assert [n[1] for n in other[0]] == [n[1] for n in first[0]]  # same codes ...
    assert [n[2] for n in other[0]] != [n[2] for n in first[0]]  # ... other names
    assert [p[4] for p in other[2]] != [p[4] for p in first[2]]


def test_the_district_has_the_counts_its_population_calls_for(seeded):
    counts = district_counts(seeded.district)
    assert (
        counts[Level.DISTRICT],
        counts[Level.STREET],
        counts[Level.COMMUNITY],
        counts[Level.GRID],
    ) == (1, 2, 4, 17)
    grid_members = Person.objects.filter(org_node__level=Level.GRID, is_party_member=True)
    assert grid_members.exclude(post="专职网格员").count() == 600  # 6 % of 10,000
    # Cadres: 3 district, 5 per street, a team per community, one grid worker per grid.
    cadres = Person.objects.exclude(pk__in=grid_members.exclude(post="专职网格员"))
    assert cadres.filter(org_node__level=Level.GRID).count() == 17
    assert cadres.filter(org_node__level=Level.STREET).count() == 10
    assert cadres.filter(org_node__level=Level.COMMUNITY).count() >= 4 * 5


def test_every_id_number_is_valid_unique_and_matches_birth_date_gender_and_district(seeded):
    people = list(Person.objects.all())
    assert len(people) > 600
    for person in people:
        parsed = parse_id_number(person.id_number, today=REFERENCE_DATE)
        assert parsed.birth_date == person.birth_date
        assert parsed.gender == person.gender
        assert parsed.region_code == "420606"
    assert len({p.id_number for p in people}) == len(people)
    assert Person.objects.values("id_number_index").distinct().count() == len(people)
    assert all(len(p.phone) == 11 for p in people)


def test_personal_data_is_stored_encrypted(seeded):
    from django.db import connection

    person = Person.objects.filter(is_party_member=True).first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM people_person WHERE id = %s", [person.pk])
        stored_id, stored_phone = cursor.fetchone()
    assert person.id_number not in stored_id
    assert person.phone not in stored_phone


def test_party_members_have_a_joining_date_and_the_branch_of_their_grid(seeded):
    members = Person.objects.filter(org_node__level=Level.GRID, is_party_member=True)
    for person in members.select_related("party_branch__org_node"):
        assert person.party_joined_on is not None
        assert person.party_branch.org_node_id == person.org_node_id
        assert person.party_branch.kind == PartyOrgKind.GRID_BRANCH


def test_every_code_follows_the_statistical_division_code_rules(seeded):
    by_path = {n.path: n for n in OrgNode.objects.all()}
    for node in by_path.values():
        assert code_problem(node.code, Level(node.level)) is None, node
        parent = by_path.get(node.path[: -OrgNode.steplen])
        if parent is not None:
            assert parent_prefix_problem(node.code, parent.code, Level(parent.level)) is None


def test_both_trees_are_sound_and_browsable(seeded):
    assert all(not problems for problems in OrgNode.objects.find_problems())
    assert all(not problems for problems in PartyOrganization.objects.find_problems())
    district = seeded.district
    streets = list(OrgNode.objects.get_children(district))
    assert [s.code for s in streets] == ["420606001000", "420606002000"]
    communities = list(OrgNode.objects.get_children(streets[0]))
    assert {c.level for c in communities} == {Level.COMMUNITY}
    assert OrgNode.objects.get_descendant_count(district) == 2 + 4 + 17
    names = [c.name for c in OrgNode.objects.get_children(communities[0])]
    assert names[0].endswith("第一网格")


def test_the_party_tree_mirrors_the_org_tree(seeded):
    kind_of_level = {
        Level.DISTRICT: {PartyOrgKind.DISTRICT_COMMITTEE},
        Level.STREET: {PartyOrgKind.STREET_WORKING_COMMITTEE},
        Level.COMMUNITY: {PartyOrgKind.COMMUNITY_COMMITTEE, PartyOrgKind.COMMUNITY_GENERAL_BRANCH},
        Level.GRID: {
            PartyOrgKind.GRID_BRANCH,
            PartyOrgKind.PARTY_GROUP,
            PartyOrgKind.CENTRAL_HOUSEHOLD,
        },
    }
    orgs = {o.path: o for o in PartyOrganization.objects.select_related("org_node")}
    for org in orgs.values():
        assert org.kind in kind_of_level[org.org_node.level], org
        parent = orgs.get(org.path[:-4])
        if parent is None:
            assert org.kind == PartyOrgKind.DISTRICT_COMMITTEE
        elif org.kind in (PartyOrgKind.PARTY_GROUP, PartyOrgKind.CENTRAL_HOUSEHOLD):
            assert parent.org_node_id == org.org_node_id
        else:  # led node's parent is the parent organisation's node
            assert org.org_node.path[:-4] == parent.org_node.path
    led = PartyOrganization.objects.exclude(
        kind__in=[PartyOrgKind.PARTY_GROUP, PartyOrgKind.CENTRAL_HOUSEHOLD]
    )
    per_node = led.values("org_node").annotate(n=Count("pk"))
    assert per_node.count() == OrgNode.objects.count()
    assert {row["n"] for row in per_node} == {1}
    assert not led.filter(secretary_name="").exists()


def test_seeding_a_database_that_already_has_the_demo_district_changes_nothing(seeded):
    before = district_counts(seeded.district)
    again = seed_demo_district(residents=50_000, seed=99)
    assert not again.seeded
    assert again.district.pk == seeded.district.pk
    assert district_counts(seeded.district) == before
    assert OrgNode.objects.filter(level=Level.DISTRICT).count() == 1
