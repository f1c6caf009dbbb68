"""The pages: lists per status, posting, one wish and its moves, the home-page panel."""

import pytest

from grassroots.kernel.permissions import Role
from grassroots.testing.forms import once
from grassroots.wishes.models import Wish, WishStatus
from grassroots.wishes.services import cancel_wish, claim_wish, fulfil_wish
from grassroots.wishes.testing import photo, wish_in

pytestmark = pytest.mark.django_db


def test_the_secretary_posts_a_wish_for_a_household_found_by_address(household, client, personas):
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    found = client.get("/wishes/new/", {"q": "清河小区 3栋"}).content.decode()
    assert "清河小区3栋2单元501" in found
    response = client.post(
        "/wishes/new/",
        once(
            {
                "q": "清河小区",
                "household": household.pk,
                "text": "冬天需要一床厚棉被",
                "value": "200.5",
                "category": "daily",
            }
        ),
    )
    wish = Wish.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/wishes/{wish.pk}/"
    assert wish.value == 200.5 and wish.status == WishStatus.OPEN


def test_a_bad_post_shows_chinese_errors_next_to_the_fields(household, client, personas):
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    response = client.post(
        "/wishes/new/",
        once(
            {"q": "清河小区", "household": household.pk, "text": "请打13907105566", "value": "-5"}
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "心愿价值" in page and "has-error" in page
    assert not Wish.objects.exists()
    response = client.post(
        "/wishes/new/",
        once({"q": "清河小区", "household": household.pk, "text": "请打13907105566", "value": "5"}),
    )
    assert "不能包含电话号码、身份证号等个人信息" in response.content.decode()
    assert not Wish.objects.exists()


def test_the_lists_per_status_show_each_wish_under_its_own_tab(tree, client, personas, member_user):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    open_ = wish_in(tree.grid_a1_1, "1", "想要一台电饭煲")
    claimed = claim_wish(
        wish_in(tree.grid_a1_1, "2", "想要一副老花镜"), version=1, actor=member_user
    )
    fulfilled = claim_wish(
        wish_in(tree.grid_a1_1, "3", "想要一个血压计"), version=1, actor=member_user
    )
    fulfil_wish(fulfilled, version=2, upload=photo(), actor=member_user)
    cancel_wish(
        wish_in(tree.grid_a1_1, "4", "想要一床棉被"), version=1, actor=secretary, reason="重复"
    )
    client.force_login(secretary)
    expected = {
        "open": open_.text,
        "claimed": claimed.text,
        "fulfilled": "想要一个血压计",
        "confirmed": None,
        "cancelled": "想要一床棉被",
    }
    texts = {"想要一台电饭煲", "想要一副老花镜", "想要一个血压计", "想要一床棉被"}
    for status, text in expected.items():
        page = client.get("/wishes/", {"status": status}).content.decode()
        shown = {t for t in texts if t in page}
        assert shown == ({text} if text else set()), status
    tabs = client.get("/wishes/").content.decode()
    for label in ("待认领 1", "已认领 1", "待确认 1", "已完成 0", "已取消 1"):
        assert label in tabs


def test_a_member_claims_on_the_page_and_a_second_claim_is_told(
    wish, client, member_user, neighbour
):
    client.force_login(member_user)
    page = client.get(f"/wishes/{wish.pk}/").content.decode()
    assert 'data-testid="claim-form"' in page
    assert "王女士" in page and "清河小区 3栋" in page
    for secret in ("王秀兰", "501", "13907105566", "420606195003150027", "5566"):
        assert secret not in page
    response = client.post(f"/wishes/{wish.pk}/claim/", {"version": 1}, follow=True)
    assert "认领成功" in response.content.decode()
    client.force_login(neighbour)
    response = client.post(f"/wishes/{wish.pk}/claim/", {"version": 1})
    assert response.status_code == 404  # claimed by another member: out of the neighbour's sight
    wish.refresh_from_db()
    assert wish.claimed_by_member.person.account == member_user


def test_a_stale_claim_by_a_liaison_is_told_on_the_page(wish, client, unit, personas, member_user):
    liaison = personas[Role.PAIRED_UNIT_LIAISON]
    client.force_login(liaison)
    page = client.get(f"/wishes/{wish.pk}/").content.decode()
    assert "区住建局" in page and 'data-testid="claim-form"' in page
    claim_wish(wish, version=1, actor=member_user)
    # The wish left the liaison's sight: claimed by a member, it is no longer open to units.
    assert (
        client.post(f"/wishes/{wish.pk}/claim/", {"version": 1, "unit": unit.pk}).status_code == 404
    )


def test_the_secretary_confirms_or_returns_on_the_page(wish, client, member_user, personas):
    claim_wish(wish, version=1, actor=member_user)
    wish.refresh_from_db()
    fulfil_wish(wish, version=2, upload=photo(), actor=member_user)
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    page = client.get(f"/wishes/{wish.pk}/").content.decode()
    assert 'data-testid="confirm-form"' in page and 'data-testid="return-form"' in page
    assert "清河小区3栋2单元501" in page  # staff see the door
    response = client.post(f"/wishes/{wish.pk}/return/", {"return-version": 3, "return-reason": ""})
    assert "请填写原因" in response.content.decode()
    response = client.post(f"/wishes/{wish.pk}/confirm/", {"version": 3}, follow=True)
    assert "已确认完成" in response.content.decode()
    wish.refresh_from_db()
    assert wish.status == WishStatus.CONFIRMED
    response = client.post(f"/wishes/{wish.pk}/confirm/", {"version": 3}, follow=True)
    assert "已被他人处理" in response.content.decode()


def test_the_home_page_shows_a_member_the_wishes_to_claim_and_their_own(tree, client, member_user):
    wish_in(tree.grid_a1_2, "1", "想要一台电饭煲")
    wish_in(tree.grid_a1_1, "2", "想要一副老花镜")
    mine = claim_wish(wish_in(tree.grid_a1_1, "3", "想要一个血压计"), version=1, actor=member_user)
    wish_in(tree.grid_b1_1, "4", "春园的心愿")
    client.force_login(member_user)
    page = client.get("/").content.decode()
    assert 'data-testid="wishes-panel"' in page
    assert "2 个微心愿待认领" in page
    assert "想要一台电饭煲" in page and "春园的心愿" not in page
    own = page[page.index('data-testid="wishes-own"') :]
    assert mine.text in own


def test_the_home_page_has_no_wish_panel_for_staff(tree, client, personas):
    wish_in(tree.grid_a1_1, "1")
    client.force_login(personas[Role.COMMUNITY_SECRETARY])
    assert 'data-testid="wishes-panel"' not in client.get("/").content.decode()
