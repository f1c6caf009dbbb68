"""The one rule every import words the same way: a cell longer than its field is a row error."""

import pytest
from django.contrib.auth.models import Group

from grassroots.kernel.importing import RowError, max_length, too_long


def test_a_text_within_the_limit_has_no_problem():
    assert too_long(5, "") is None
    assert too_long(5, "五个汉字呀") is None


def test_a_text_over_the_limit_says_the_limit_and_its_length():
    reason = too_long(5, "六个汉字呀呀")

    assert reason == "超过5个字符（实为6个）"
    assert str(RowError(7, "姓名", reason)) == "第7行 姓名: 超过5个字符（实为6个）"


def test_characters_are_counted_not_bytes():
    # A database column counts characters: 50 Chinese characters fit a 50-character field.
    assert too_long(50, "汉" * 50) is None
    assert too_long(50, "𠀀" * 51) == "超过50个字符（实为51个）"


def test_the_limit_is_read_from_the_model_field():
    assert max_length(Group, "name") == Group._meta.get_field("name").max_length


def test_a_field_without_a_limit_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="no max_length"):
        max_length(Group, "id")
