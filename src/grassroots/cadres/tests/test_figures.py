"""The figures themselves, on rosters small enough to count by hand."""

import datetime
from decimal import Decimal
from fractions import Fraction

from grassroots.cadres.figures import (
    MemberFacts,
    change,
    compose,
    full_years,
    round_half_up,
    summary,
)

DAY = datetime.date(2021, 10, 31)


def member(unit, name, gender, born, education, party="", committee="", unit_id=None):
    return MemberFacts(
        unit_id=unit_id or hash(unit) % 1000,
        unit_name=unit,
        name=name,
        gender=gender,
        birth_date=datetime.date.fromisoformat(born),
        education=education,
        party_post=party,
        committee_post=committee,
    )


def test_age_is_full_years_one_less_until_the_birthday():
    assert full_years(datetime.date(1986, 10, 31), DAY) == 35  # birthday that very day
    assert full_years(datetime.date(1986, 11, 1), DAY) == 34  # birthday tomorrow
    assert full_years(datetime.date(1986, 10, 30), DAY) == 35
    # Born on 29 February: on 28 February of a common year the birthday has not come yet.
    assert full_years(datetime.date(2000, 2, 29), datetime.date(2021, 2, 28)) == 20
    assert full_years(datetime.date(2000, 2, 29), datetime.date(2021, 3, 1)) == 21


def test_rounding_is_half_up_at_every_x5_boundary_unlike_python_round():
    assert round_half_up(Fraction(4125, 100)) == Decimal("41.3")  # round() gives 41.2
    assert round(41.25, 1) == 41.2
    assert round_half_up(Fraction(3325, 100)) == Decimal("33.3")
    assert round_half_up(Fraction(5, 100)) == Decimal("0.1")
    assert round_half_up(Fraction(-685, 100)) == Decimal("-6.9")  # halves away from zero
    assert round_half_up(Fraction(200, 3)) == Decimal("66.7")
    assert round_half_up(Fraction(100, 3)) == Decimal("33.3")
    assert round_half_up(Fraction(1249, 100)) == Decimal("12.5")
    assert round_half_up(Fraction(12449, 1000)) == Decimal("12.4")


def test_a_rate_of_33_out_of_80_is_41_3_percent():
    rows = [
        member("甲村", f"成员{i}", "F" if i < 33 else "M", "1980-01-01", "bachelor", party="member")
        for i in range(80)
    ]
    assert summary(compose(rows, DAY))["women_rate"] == Decimal("41.3")


def test_an_average_age_of_38_25_is_shown_as_38_3():
    born = ["1983-01-01", "1983-01-01", "1983-01-01", "1982-01-01"]  # 38, 38, 38, 39
    rows = [
        member("甲村", f"成员{i}", "M", b, "senior", committee="member") for i, b in enumerate(born)
    ]
    assert summary(compose(rows, DAY))["average_age"] == Decimal("38.3")


def test_changes_come_from_the_unrounded_figures():
    # This term 1 woman of 3 (33.333…%), last term 1 of 6 (16.666…%): 16.666… points → 16.7,
    # where the rounded figures would give 33.3 - 16.7 = 16.6.
    now = [
        member("甲村", f"今{i}", "F" if i == 0 else "M", "1980-01-01", "college", party="member")
        for i in range(3)
    ]
    before = [
        member("甲村", f"昔{i}", "F" if i == 0 else "M", "1980-01-01", "college", party="member")
        for i in range(6)
    ]
    delta = change(compose(now, DAY), compose(before, DAY))
    assert delta["women_rate"] == Decimal("16.7")
    assert delta["members"] == -3


def test_a_person_on_two_rows_of_a_unit_is_one_member_with_both_posts():
    rows = [
        member("甲村", "张三", "M", "1970-05-01", "senior", party="secretary"),
        member("甲村", "张三", "M", "1970-05-01", "senior", committee="director"),
        member("甲村", "李四", "F", "1990-05-01", "bachelor", committee="member"),
    ]
    figures = summary(compose(rows, DAY))
    assert figures["members"] == 2
    assert figures["one_shoulder_units"] == 1
    assert figures["cross_appointed"] == 1
