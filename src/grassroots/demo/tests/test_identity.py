"""Generated people: valid citizen ID numbers, plausible ages and joining dates, names."""

import datetime
import random

import pytest

from grassroots.demo.identity import (
    MEMBER_AGES,
    REFERENCE_DATE,
    IdNumberMaker,
    birth_date_for_age,
    party_joining_date,
)
from grassroots.demo.names import NameMaker
from grassroots.kernel.idnumbers import parse_id_number


def test_generated_id_numbers_are_valid_and_carry_birth_date_gender_and_region():
    rng = random.Random(1)
    maker = IdNumberMaker("420606", rng)
    for i in range(3000):
        gender = "M" if i % 3 else "F"
        birth = birth_date_for_age(rng, MEMBER_AGES)
        parsed = parse_id_number(maker.issue(birth, gender), today=REFERENCE_DATE)
        assert parsed.birth_date == birth
        assert parsed.gender == gender
        assert parsed.region_code == "420606"


def test_an_id_number_is_never_issued_twice():
    maker = IdNumberMaker("420606", random.Random(2))
    day = datetime.date(1980, 3, 15)
    # 500 order codes per gender and day: every one of them, then no more.
    numbers = [maker.issue(day, "M") for _ in range(500)]
    assert len(set(numbers)) == 500
    with pytest.raises(RuntimeError):
        maker.issue(day, "M")


def test_ages_stay_in_their_bands_on_the_reference_date():
    rng = random.Random(3)
    for _ in range(2000):
        birth = birth_date_for_age(rng, MEMBER_AGES)
        age = (
            REFERENCE_DATE.year
            - birth.year
            - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (birth.month, birth.day))
        )
        assert 18 <= age <= 92


def test_members_join_the_party_at_eighteen_or_later_and_before_the_reference_date():
    rng = random.Random(4)
    for _ in range(2000):
        birth = birth_date_for_age(rng, MEMBER_AGES)
        joined = party_joining_date(rng, birth)
        day = 28 if (birth.month, birth.day) == (2, 29) else birth.day
        assert joined >= birth.replace(year=birth.year + 18, day=day)
        assert joined < REFERENCE_DATE


def test_names_are_chinese_and_mobile_numbers_have_eleven_digits():
    names = NameMaker(random.Random(5))
    for gender in ("M", "F") * 200:
        name = names.person(gender)
        assert 2 <= len(name) <= 4
        assert all("\u4e00" <= ch <= "\u9fff" for ch in name)
        phone = names.mobile()
        assert len(phone) == 11 and phone.isdigit() and phone.startswith("1")
