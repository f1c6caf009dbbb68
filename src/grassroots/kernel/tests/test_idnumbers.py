"""Citizen ID number checks shared by every module that takes one from a user."""

import datetime

import pytest
from stdnum.cn import ric

from grassroots.kernel.idnumbers import IdNumberError, is_valid_id_number, parse_id_number


def valid(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def test_a_valid_number_gives_its_birth_date_and_gender():
    info = parse_id_number(valid("42060619850612123"))
    assert info.birth_date == datetime.date(1985, 6, 12)
    assert info.gender == "M"  # 17th digit 3 is odd
    assert parse_id_number(valid("42060619850612124")).gender == "F"


def test_spaces_and_a_lower_case_x_are_accepted():
    assert parse_id_number("110105 19491231 002x").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("4206061985061212", "应为18位"),
        ("42060619850612A234", "前17位应为数字"),
        ("420606198506121230", "校验位不正确"),
    ],
)
def test_malformed_numbers_are_refused_with_the_reason(text, reason):
    with pytest.raises(IdNumberError, match=reason):
        parse_id_number(text)


def test_an_impossible_birth_date_is_refused():
    with pytest.raises(IdNumberError, match="不是有效日期"):
        parse_id_number(valid("42060619850230123"))


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(IdNumberError, match="不合理"):
        parse_id_number(valid("42060620300101123"), today=datetime.date(2026, 1, 1))


def test_an_unknown_region_is_refused():
    with pytest.raises(IdNumberError, match="不是有效的行政区划代码"):
        parse_id_number(valid("99999919850612123"))


def test_a_region_created_after_the_holders_birth_is_still_valid():
    # 樊城区 has had code 420606 since 1995; people born before then hold it too.
    assert is_valid_id_number(valid("42060619700101123"))
