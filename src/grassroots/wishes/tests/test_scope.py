"""Who sees which wishes: the community's staff their subtree; a member the open wishes of their
own community and their own claims; a liaison the open wishes of the communities its units
pair with and its units' claims. Anything else is a 404."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once
from grassroots.wishes.models import Wish, WishStatus
from grassroots.wishes.services import claim_wish
from grassroots.wishes.testing import wish_in

pytestmark = pytest.mark.django_db


def seen(user):
    return set(Wish.objects.visible_to(user).values_list("text", flat=True))


@pytest.fixture
def wishes(tree, personas):
    """An open wish in each of 清河口's grids, one in 前进 and one in 春园."""
    return {
        "a1_1": wish_in(tree.grid_a1_1, "11", "清河口一网格的心愿"),
        "a1_2": wish_in(tree.grid_a1_2, "12", "清河口二网格的心愿"),
        "a2": wish_in(tree.grid_a2_1, "21", "前进社区的心愿"),
        "b1": wish_in(tree.grid_b1_1, "31", "春园社区的心愿"),
    }


def test_a_member_sees_the_open_wishes_of_their_community_and_their_own_claims(
    wishes, member_user, neighbour
):
    assert seen(member_user) == {"清河口一网格的心愿", "清河口二网格的心愿"}
    claim_wish(wishes["a1_2"], version=1, actor=neighbour)
    assert seen(member_user) == {"清河口一网格的心愿"}  # the neighbour's claim is theirs
    assert seen(neighbour) == {"清河口一网格的心愿", "清河口二网格的心愿"}


def test_a_liaison_sees_the_open_wishes_where_its_units_pair_and_their_claims(
    wishes, unit, personas, tree
):
    liaison = personas[Role.PAIRED_UNIT_LIAISON]
    assert seen(liaison) == {"清河口一网格的心愿", "清河口二网格的心愿"}
    claim_wish(wishes["a1_1"], version=1, actor=liaison, unit=unit)
    Wish.objects.filter(pk=wishes["a1_2"].pk).update(status=WishStatus.CANCELLED)
    assert seen(liaison) == {"清河口一网格的心愿"}


def test_staff_see_their_subtree_whatever_the_status(wishes, personas):
    assert seen(personas[Role.COMMUNITY_SECRETARY]) == {"清河口一网格的心愿", "清河口二网格的心愿"}
    assert seen(personas[Role.GRID_WORKER]) == {"清河口一网格的心愿"}
    assert len(seen(personas[Role.DISTRICT_ADMIN])) == 4


def test_a_wish_of_another_community_is_a_404_on_every_page(
    wishes, client, personas, member_user, far_member
):
    other = wishes["a2"]
    for user in (personas[Role.COMMUNITY_SECRETARY], member_user, far_member):
        client.force_login(user)
        assert client.get(f"/wishes/{other.pk}/").status_code == 404
        assert client.post(f"/wishes/{other.pk}/claim/", {"version": 1}).status_code in (404,)
    other.refresh_from_db()
    assert other.status == WishStatus.OPEN


def test_a_member_cannot_reach_a_wish_another_member_claimed(
    wishes, client, member_user, neighbour
):
    claim_wish(wishes["a1_2"], version=1, actor=neighbour)
    client.force_login(member_user)
    assert client.get(f"/wishes/{wishes['a1_2'].pk}/").status_code == 404
    client.force_login(neighbour)
    assert client.get(f"/wishes/{wishes['a1_2'].pk}/").status_code == 200


def test_a_resident_has_no_wish_pages(wishes, client, personas):
    client.force_login(personas[Role.RESIDENT])
    assert client.get("/wishes/").status_code == 404
    assert client.get(f"/wishes/{wishes['a1_1'].pk}/").status_code == 404


def test_the_secretary_finds_households_to_post_for_only_within_scope(client, personas, tree):
    from grassroots.registry.testing import make_resident

    make_resident(tree.grid_a1_1, "41")
    make_resident(tree.grid_a2_1, "42")
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    page = client.get("/wishes/new/", {"q": "巡检小区"}).content.decode()
    assert "巡检小区41" in page and "巡检小区42" not in page
    outside = make_resident(tree.grid_a2_1, "43").household
    response = client.post(
        "/wishes/new/",
        once({"q": "巡检小区", "household": outside.pk, "text": "一袋米", "value": "50"}),
    )
    assert response.status_code == 200  # not among the choices: refused, nothing posted
    assert not Wish.objects.filter(household=outside).exists()
