"""The 一联十 page: a community secretary sees each grid's members and households, assigns by
hand, accepts the suggestion in one click and sets the target; anyone else gets a 404."""

import re

import pytest

from grassroots.kernel.permissions import Role
from grassroots.members.models import HouseholdLink, LinkTarget
from grassroots.members.services.linking import link_household
from grassroots.members.tests.link_world import household, member
from grassroots.testing.personas import make_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    grid = tree.grid_a1_1
    homes = [household(grid, "清河小区", "1栋", f"10{n}", head=f"户主{n}") for n in range(1, 5)]
    zhang = member(grid, "张党员", home=homes[0])
    wang = member(tree.grid_a1_2, "王党员")
    far = household(tree.grid_a2_1, "前进小区", "1栋", "101")
    far_member = member(tree.grid_a2_1, "远党员")
    return {"homes": homes, "zhang": zhang, "wang": wang, "far": far, "far_member": far_member}


def _page(client, tree, **params):
    return client.get(f"/members/links/{tree.community_a1.pk}/", params)


def test_the_secretary_s_own_community_opens_from_the_menu(as_role, tree, world):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.get("/members/links/")
    assert response.status_code == 302
    assert response["Location"] == f"/members/links/{tree.community_a1.pk}/"
    page = _page(client, tree).content.decode()
    assert "张党员" in page and "清河小区1栋1单元102" in page and "户主2" in page
    assert "接受建议" in page and "清河口第二网格" in page


def test_a_street_chooses_among_its_communities(as_role, tree, world):
    page = as_role(Role.STREET_STAFF).get("/members/links/").content.decode()
    assert "清河口社区" in page and "前进社区" in page and "春园社区" not in page


def test_the_secretary_assigns_a_household_and_sees_it_under_the_member(as_role, tree, world):
    client = as_role(Role.COMMUNITY_SECRETARY)
    target = world["homes"][2]
    response = client.post(
        f"/members/links/{tree.community_a1.pk}/assign/",
        {"member": world["zhang"].pk, "household": target.pk},
        follow=True,
    )
    assert response.status_code == 200
    link = HouseholdLink.objects.get(household=target)
    assert link.member == world["zhang"] and link.ended_on is None
    page = response.content.decode()
    assert "已将清河小区1栋1单元103分配给党员张党员" in page
    assert f"/members/links/unlink/{link.pk}/" in page
    assert "已联系1户，目标10户" in page


def test_a_household_taken_already_is_refused_next_to_the_field(as_role, tree, world, personas):
    client = as_role(Role.COMMUNITY_SECRETARY)
    target = world["homes"][1]
    li = member(tree.grid_a1_1, "李党员")
    link_household(member=li, household=target, actor=personas[Role.STREET_STAFF])
    response = client.post(
        f"/members/links/{tree.community_a1.pk}/assign/",
        {"member": world["zhang"].pk, "household": target.pk},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r'has-error">\s*<label for="assign-household"', page)
    assert "该户已是党员李党员的联系户" in page
    assert HouseholdLink.objects.get(household=target).member == li


def test_accepting_the_suggestion_links_every_proposed_pair(as_role, tree, world):
    client = as_role(Role.COMMUNITY_SECRETARY)
    page = _page(client, tree).content.decode()
    pairs = re.search(r'name="pairs" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/members/links/{tree.community_a1.pk}/accept/", {"pairs": pairs}, follow=True
    )
    made = HouseholdLink.objects.filter(ended_on__isnull=True)
    assert sorted(made.values_list("household_id", flat=True)) == sorted(
        h.pk for h in world["homes"][1:]
    )
    assert set(made.values_list("member_id", flat=True)) == {world["zhang"].pk}
    page = response.content.decode()
    assert "已接受建议，新增3个联系户" in page
    assert "暂无建议" in page


def test_accepting_tells_which_pairs_were_taken_meanwhile(as_role, tree, world, personas):
    client = as_role(Role.COMMUNITY_SECRETARY)
    page = _page(client, tree).content.decode()
    pairs = re.search(r'name="pairs" value="([^"]+)"', page).group(1)
    li = member(tree.grid_a1_1, "李党员")
    link_household(member=li, household=world["homes"][1], actor=personas[Role.STREET_STAFF])
    response = client.post(
        f"/members/links/{tree.community_a1.pk}/accept/", {"pairs": pairs}, follow=True
    )
    page = response.content.decode()
    assert "新增2个联系户" in page
    assert "以下1条建议未分配" in page and "清河小区1栋1单元102" in page and "李党员" in page


def test_the_target_is_set_and_a_wrong_number_is_shown_at_the_field(as_role, tree, world):
    client = as_role(Role.COMMUNITY_SECRETARY)
    url = f"/members/links/{tree.community_a1.pk}/target/"
    bad = client.post(url, {"households": "0", "expected": "10"})
    assert bad.status_code == 400
    assert re.search(r'has-error">\s*<label for="id_households"', bad.content.decode())
    ok = client.post(url, {"households": "2", "expected": "10"}, follow=True)
    assert LinkTarget.objects.get(community=tree.community_a1).households == 2
    assert "每名党员联系户数已设为2户" in ok.content.decode()
    # The suggestion now stops at two.
    assert len(re.search(r'name="pairs" value="([^"]+)"', ok.content.decode())[1].split(",")) == 2


def test_unlinking_ends_the_link_and_keeps_it(as_role, tree, world, personas):
    client = as_role(Role.COMMUNITY_SECRETARY)
    link = link_household(
        member=world["zhang"], household=world["homes"][1], actor=personas[Role.STREET_STAFF]
    )
    response = client.post(f"/members/links/unlink/{link.pk}/", follow=True)
    link.refresh_from_db()
    assert link.ended_on is not None
    assert "已解除党员张党员与清河小区1栋1单元102的联系" in response.content.decode()
    again = client.post(f"/members/links/unlink/{link.pk}/", follow=True)
    assert "已被他人解除" in again.content.decode()


def test_a_grid_is_shown_by_its_id_and_a_grid_outside_is_a_404(as_role, tree, world):
    client = as_role(Role.COMMUNITY_SECRETARY)
    page = _page(client, tree, grid=tree.grid_a1_2.pk).content.decode()
    assert "王党员" in page and "张党员</span>" not in page
    assert _page(client, tree, grid=tree.grid_a2_1.pk).status_code == 404
    assert _page(client, tree, grid="x").status_code == 404
    by_grid = client.get(f"/members/links/{tree.grid_a1_2.pk}/").content.decode()
    assert "王党员" in by_grid


@pytest.mark.parametrize("role", [Role.GRID_WORKER, Role.PARTY_MEMBER, Role.RESIDENT])
def test_anyone_but_the_office_gets_a_404(as_role, tree, world, role):
    client = as_role(role)
    assert client.get("/members/links/").status_code == 404
    assert _page(client, tree).status_code == 404
    home = world["homes"][1]
    response = client.post(
        f"/members/links/{tree.community_a1.pk}/assign/",
        {"member": world["zhang"].pk, "household": home.pk},
    )
    assert response.status_code == 404
    assert not HouseholdLink.objects.exists()


def test_another_community_s_secretary_gets_a_404_everywhere(client, tree, world, personas):
    other = make_account(tree.community_a2, Role.COMMUNITY_SECRETARY, username="sec_a2")
    client.force_login(other)
    community = tree.community_a1.pk
    link = link_household(
        member=world["zhang"], household=world["homes"][1], actor=personas[Role.STREET_STAFF]
    )
    assert _page(client, tree).status_code == 404
    for action in ("assign", "accept", "target"):
        body = {"member": world["zhang"].pk, "household": world["homes"][2].pk}
        body |= {"pairs": f"{world['zhang'].pk}:{world['homes'][2].pk}", "households": "3"}
        assert client.post(f"/members/links/{community}/{action}/", body).status_code == 404
    assert client.post(f"/members/links/unlink/{link.pk}/").status_code == 404
    link.refresh_from_db()
    assert link.ended_on is None and HouseholdLink.objects.count() == 1
    assert not LinkTarget.objects.exists()


def test_ids_outside_the_community_in_a_form_are_a_404(as_role, tree, world):
    client = as_role(Role.COMMUNITY_SECRETARY)
    url = f"/members/links/{tree.community_a1.pk}/assign/"
    far = client.post(url, {"member": world["zhang"].pk, "household": world["far"].pk})
    assert far.status_code == 404
    stranger = client.post(
        url, {"member": world["far_member"].pk, "household": world["homes"][1].pk}
    )
    assert stranger.status_code == 404
    # An outside pair in an accepted suggestion is skipped, never made.
    accept = f"/members/links/{tree.community_a1.pk}/accept/"
    client.post(accept, {"pairs": f"{world['far_member'].pk}:{world['far'].pk}"})
    assert not HouseholdLink.objects.exists()


def test_a_long_suggestion_lists_the_first_pairs_and_accepts_them_all(
    as_role, tree, world, monkeypatch
):
    from grassroots.members.selectors import linking

    monkeypatch.setattr(linking, "PROPOSALS_SHOWN", 1)
    client = as_role(Role.COMMUNITY_SECRETARY)
    page = _page(client, tree).content.decode()
    assert "另有2对未列出，接受建议时一并分配。" in page
    pairs = re.search(r'name="pairs" value="([^"]+)"', page).group(1)
    client.post(f"/members/links/{tree.community_a1.pk}/accept/", {"pairs": pairs})
    assert HouseholdLink.objects.filter(member=world["zhang"]).count() == 3


def test_the_reselected_choices_survive_a_refusal(as_role, tree, world, personas):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(
        f"/members/links/{tree.community_a1.pk}/assign/",
        {"member": world["zhang"].pk, "household": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<option value="{world["zhang"].pk}" selected>' in page
    assert "请选择一户" in page


def test_ids_beyond_64_bits_in_the_query_or_a_form_are_a_404(as_role, tree, world):
    client = as_role(Role.COMMUNITY_SECRETARY)
    huge = "9" * 30
    assert _page(client, tree, grid=huge).status_code == 404
    url = f"/members/links/{tree.community_a1.pk}/assign/"
    assert client.post(url, {"member": huge, "household": world["homes"][1].pk}).status_code == 404
    assert client.post(url, {"member": world["zhang"].pk, "household": huge}).status_code == 404
    accept = f"/members/links/{tree.community_a1.pk}/accept/"
    client.post(accept, {"pairs": f"{huge}:{huge},{world['zhang'].pk}:{huge}"}, follow=True)
    assert not HouseholdLink.objects.exists()
