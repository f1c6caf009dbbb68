"""Demo logins: one per role, at the right level, able to sign in, seeing only their scope."""

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password

from grassroots.accounts.models import Account
from grassroots.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from grassroots.demo.selectors import demo_login_homes
from grassroots.kernel.permissions import HOME_LEVEL, Role
from grassroots.org.models import Level, OrgNode
from grassroots.people.models import Person


def login_named(username):
    return Account.objects.get(username=username)


def test_every_role_has_a_demo_login(seeded):
    assert {login.role for login in DEMO_LOGINS} == set(Role.values)


def test_every_demo_login_signs_in_with_the_documented_password(seeded):
    for login in DEMO_LOGINS:
        account = authenticate(username=login.username, password=DEMO_PASSWORD)
        assert account is not None, login.username
        assert not account.must_change_password
        assert account.two_factor_exempt, login.username  # printed as exempt by the demo
        assert login.role in account.role_codes
        validate_password(DEMO_PASSWORD, user=account)


def test_demo_logins_sit_in_the_first_street_community_and_grid(seeded):
    firsts = {
        level: OrgNode.objects.filter(level=level).order_by("code").first() for level in Level
    }
    for login, node in demo_login_homes():
        assert node.level == HOME_LEVEL[login.role]
        if login.username == "street2":
            assert node.code == "420606002000"
        else:
            assert node == firsts[node.level], login.username


def test_only_the_admin_login_is_a_superuser(seeded):
    supers = Account.objects.filter(is_superuser=True).values_list("username", flat=True)
    assert list(supers) == ["admin"]


def test_the_member_login_is_a_party_member_of_its_grid(seeded):
    account = login_named("member")
    assert account.person is not None
    assert account.person.is_party_member
    assert account.person.org_node == account.org_node
    assert account.person.party_branch.org_node == account.org_node


def test_unit_accounts_are_linked_to_their_cadres(seeded):
    assert login_named("community").person.post.startswith("党组织书记")
    assert login_named("grid").person.post == "专职网格员"
    assert login_named("street").person.org_node == login_named("street").org_node


def test_every_other_grid_has_a_worker_account_that_must_change_its_password(seeded):
    grids = OrgNode.objects.filter(level=Level.GRID)
    workers = Account.objects.filter(role_grants__role=Role.GRID_WORKER)
    assert workers.count() == grids.count()
    generated = workers.exclude(username="grid")
    assert all(a.must_change_password for a in generated)
    assert not any(a.two_factor_exempt for a in generated)  # only the documented demo logins
    sample = generated.order_by("username").last()
    assert sample.username == "wg" + sample.org_node.code
    assert authenticate(username=sample.username, password=DEMO_PASSWORD) == sample


def test_the_first_street_account_sees_its_street_and_never_the_second(seeded):
    street, street2 = login_named("street"), login_named("street2")
    visible = OrgNode.objects.visible_to(street)
    assert visible.filter(pk=street.org_node_id).exists()
    assert not visible.filter(pk=street2.org_node_id).exists()
    assert not visible.filter(path__startswith=street2.org_node.path).exists()
    assert visible.filter(level=Level.GRID).count() > 0
    people = Person.objects.visible_to(street)
    assert people.exists()
    assert not people.filter(org_node__path__startswith=street2.org_node.path).exists()
    assert (
        not Person.objects.visible_to(street2)
        .filter(org_node__path__startswith=street.org_node.path)
        .exists()
    )


def test_a_taken_username_is_reported_and_the_rest_are_created(db):
    from grassroots.demo.services import seed_demo_district

    Account.objects.create_user(username="admin", password="Other-pass-1")
    result = seed_demo_district(residents=2_000, seed=1)
    assert result.seeded
    assert result.skipped_usernames == ["admin"]
    assert not login_named("admin").is_superuser
    assert authenticate(username="district", password=DEMO_PASSWORD) is not None
