"""A wish's life: posted, claimed, fulfilled with a photo, confirmed; returned or cancelled on
the way. Every move recorded and audited; only the right people may make each one."""

from decimal import Decimal

import pytest

from grassroots.audit.models import AuditEvent
from grassroots.kernel.permissions import Role
from grassroots.wishes.models import WishStatus
from grassroots.wishes.services import (
    WishError,
    cancel_wish,
    claim_wish,
    confirm_wish,
    fulfil_wish,
    post_wish,
    return_fulfilment,
)
from grassroots.wishes.testing import photo

pytestmark = pytest.mark.django_db


def history(wish):
    return [(c.from_status, c.to_status, c.actor_name) for c in wish.changes.order_by("pk")]


def test_a_wish_goes_from_open_to_confirmed_and_every_step_is_recorded(wish, member_user, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    assert wish.status == WishStatus.OPEN and wish.version == 1
    wish = claim_wish(wish, version=1, actor=member_user)
    assert wish.status == WishStatus.CLAIMED
    assert wish.claimed_by_member.person.name == "李党员"
    wish = fulfil_wish(wish, version=2, upload=photo(), actor=member_user, note="已送到")
    assert wish.status == WishStatus.FULFILLED and wish.photos.count() == 1
    wish = confirm_wish(wish, version=3, actor=secretary)
    assert wish.status == WishStatus.CONFIRMED and wish.confirmed_at is not None
    assert [h[:2] for h in history(wish)] == [
        ("", "open"),
        ("open", "claimed"),
        ("claimed", "fulfilled"),
        ("fulfilled", "confirmed"),
    ]
    audited = AuditEvent.objects.filter(action="wish_changed", detail__wish_id=wish.pk)
    assert audited.count() == 4
    assert audited.filter(actor=member_user).count() == 2


def test_the_recipient_and_place_tell_a_claimer_no_more_than_surname_and_building(wish):
    assert wish.recipient == "王女士"
    assert wish.place == "清河小区 3栋"
    assert "501" not in wish.place and "2单元" not in wish.place


def test_a_text_with_a_phone_or_id_number_is_refused(household, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    for text in ("联系电话13907105566", "身份证420606195003150027", "座机0710-3456789"):
        with pytest.raises(WishError, match="个人信息") as refused:
            post_wish(household=household, text=text, value=Decimal("10"), actor=secretary)
        assert refused.value.field == "text"
    with pytest.raises(WishError, match="心愿价值"):
        post_wish(household=household, text="一袋米", value=Decimal("-1"), actor=secretary)


def test_only_the_community_posts_confirms_returns_and_cancels(household, wish, member_user):
    with pytest.raises(WishError):
        post_wish(household=household, text="一袋米", value=Decimal("50"), actor=member_user)
    claim_wish(wish, version=1, actor=member_user)
    wish.refresh_from_db()
    fulfil_wish(wish, version=2, upload=photo(), actor=member_user)
    wish.refresh_from_db()
    for move, extra in ((confirm_wish, {}), (return_fulfilment, {"reason": "照片不清楚"})):
        with pytest.raises(WishError, match="党组织书记"):
            move(wish, version=3, actor=member_user, **extra)


def test_a_returned_fulfilment_goes_back_to_its_claimer_with_the_reason(
    wish, member_user, personas
):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    wish = claim_wish(wish, version=1, actor=member_user)
    wish = fulfil_wish(wish, version=2, upload=photo(), actor=member_user)
    with pytest.raises(WishError, match="原因"):
        return_fulfilment(wish, version=3, actor=secretary, reason="  ")
    wish = return_fulfilment(wish, version=3, actor=secretary, reason="照片看不清，请重拍")
    assert wish.status == WishStatus.CLAIMED and wish.fulfilled_at is None
    assert wish.changes.last().note == "照片看不清，请重拍"
    wish = fulfil_wish(wish, version=4, upload=photo("重拍.png"), actor=member_user)
    assert wish.status == WishStatus.FULFILLED
    assert wish.photos.count() == 2  # the returned photo stays on record


def test_the_community_cancels_a_wish_but_not_a_confirmed_one(wish, member_user, personas):
    secretary = personas[Role.COMMUNITY_SECRETARY]
    wish = claim_wish(wish, version=1, actor=member_user)
    wish = cancel_wish(wish, version=2, actor=secretary, reason="居民已搬走")
    assert wish.status == WishStatus.CANCELLED
    assert history(wish)[-1][:2] == ("claimed", "cancelled")
    with pytest.raises(WishError, match="已被社区取消"):
        claim_wish(wish, version=3, actor=member_user)


def test_a_member_of_another_community_or_off_the_roster_cannot_claim(wish, far_member, personas):
    with pytest.raises(WishError, match="本社区党员"):
        claim_wish(wish, version=1, actor=far_member)
    with pytest.raises(WishError, match="本社区党员"):
        claim_wish(wish, version=1, actor=personas[Role.PARTY_MEMBER])  # no roster row
    wish.refresh_from_db()
    assert wish.status == WishStatus.OPEN and wish.changes.count() == 1


def test_a_liaison_claims_for_a_unit_paired_with_the_community_and_fulfils(
    wish, unit, personas, tree
):
    from grassroots.pairing.testing import pair

    liaison = personas[Role.PAIRED_UNIT_LIAISON]
    elsewhere = pair("CGJ", "区城管局", tree.community_b1).unit
    elsewhere.liaisons.add(liaison)
    with pytest.raises(WishError, match="结对"):
        claim_wish(wish, version=1, actor=liaison, unit=elsewhere)
    wish = claim_wish(wish, version=1, actor=liaison, unit=unit)
    assert wish.claimed_by_unit == unit and wish.claimer_name == "区住建局"
    wish = fulfil_wish(wish, version=2, upload=photo(), actor=liaison)
    assert wish.status == WishStatus.FULFILLED


def test_only_the_claimer_uploads_the_fulfilment_photo(wish, member_user, neighbour):
    wish = claim_wish(wish, version=1, actor=member_user)
    with pytest.raises(WishError, match="认领人"):
        fulfil_wish(wish, version=2, upload=photo(), actor=neighbour)
    assert wish.photos.count() == 0
