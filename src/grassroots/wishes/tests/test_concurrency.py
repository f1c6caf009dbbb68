"""Two claims of the same wish at once: one wins, the other is told."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from grassroots.wishes.models import Wish, WishChange, WishStatus
from grassroots.wishes.services import StaleWish, WishError, claim_wish


def test_a_claim_on_a_wish_someone_else_just_claimed_is_refused(wish, member_user, neighbour):
    stale = Wish.objects.get(pk=wish.pk)
    claim_wish(wish, version=1, actor=neighbour)
    with pytest.raises(StaleWish, match="已被他人认领"):
        claim_wish(stale, version=1, actor=member_user)
    wish.refresh_from_db()
    assert wish.claimed_by_member.person.name == "赵党员"
    assert WishChange.objects.filter(wish=wish, to_status=WishStatus.CLAIMED).count() == 1


@pytest.mark.usefixtures("real_transactions")
def test_two_members_claiming_at_once_one_wins_and_the_other_is_told_in_chinese():
    from grassroots.kernel.permissions import Role
    from grassroots.members.testing import make_member
    from grassroots.registry.testing import make_resident
    from grassroots.testing.personas import build_tree, make_personas
    from grassroots.wishes.services import post_wish
    from grassroots.wishes.testing import member_account

    tree = build_tree()
    personas = make_personas(tree)
    first = member_account(make_member(tree.grid_a1_1, "1"), "m1")
    second = member_account(make_member(tree.grid_a1_2, "2"), "m2")
    wish = post_wish(
        household=make_resident(tree.grid_a1_1, "9").household,
        text="想要一副老花镜",
        value=Decimal("80"),
        actor=personas[Role.COMMUNITY_SECRETARY],
    )
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def run(index, actor):
        try:
            barrier.wait()
            claim_wish(Wish.objects.get(pk=wish.pk), version=1, actor=actor)
            outcomes[index] = "ok"
        except WishError as exc:
            outcomes[index] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    assert any("已被他人认领" in o or "已被他人处理" in o for o in outcomes if o != "ok"), outcomes
    current = Wish.objects.get(pk=wish.pk)
    assert current.status == WishStatus.CLAIMED and current.version == 2
    assert WishChange.objects.filter(wish=wish, to_status=WishStatus.CLAIMED).count() == 1
