import pytest

from grassroots.kernel.permissions import Role


@pytest.fixture
def household(tree):
    """王秀兰's household in 清河口 grid A1-2: a resident with an ID number and a phone."""
    from grassroots.registry.services import ensure_room, register_resident
    from grassroots.registry.testing import SAMPLE_DAY
    from grassroots.registry.validation import ResidentData

    room = ensure_room(
        grid=tree.grid_a1_2, estate="清河小区", building="3栋", unit="2单元", number="501"
    )
    data = ResidentData(
        name="王秀兰",
        gender="F",
        id_number="420606195003150027",
        phone="13907105566",
        relation="head",
        birth_date=None,
    )
    return register_resident(room=room, data=data, on=SAMPLE_DAY).household


@pytest.fixture
def wish(household, personas):
    from decimal import Decimal

    from grassroots.wishes.services import post_wish

    return post_wish(
        household=household,
        text="冬天需要一床厚棉被",
        value=Decimal("200"),
        category="daily",
        actor=personas[Role.COMMUNITY_SECRETARY],
    )


@pytest.fixture
def member(tree):
    """A party member of 清河口 (grid A1-1) with an account."""
    from grassroots.members.testing import make_member
    from grassroots.wishes.testing import member_account

    found = make_member(tree.grid_a1_1, "1", name="李党员")
    member_account(found, "li_member")
    return found


@pytest.fixture
def member_user(member):
    return member.person.account


@pytest.fixture
def neighbour(tree):
    """Another member of 清河口 (grid A1-2)."""
    from grassroots.members.testing import make_member
    from grassroots.wishes.testing import member_account

    found = make_member(tree.grid_a1_2, "2", name="赵党员")
    return member_account(found, "zhao_member")


@pytest.fixture
def far_member(tree):
    """A member of 春园 (community B1), another community."""
    from grassroots.members.testing import make_member
    from grassroots.wishes.testing import member_account

    found = make_member(tree.grid_b1_1, "3", name="孙党员")
    return member_account(found, "sun_member")


@pytest.fixture
def unit(tree, personas):
    """区住建局 paired with 清河口; the liaison persona is its liaison."""
    import datetime

    from grassroots.pairing.testing import pair

    pairing = pair("ZJJ", "区住建局", tree.community_a1, started_on=datetime.date(2020, 1, 1))
    pairing.unit.liaisons.add(personas[Role.PAIRED_UNIT_LIAISON])
    return pairing.unit
