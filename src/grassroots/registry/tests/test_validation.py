"""What a browser is told to check of a resident: the server's own rules and words."""

import re

from django.utils import translation

from grassroots.kernel import phones
from grassroots.registry.validation import C_BIRTH, C_ID, C_PHONE, browser_rules, parse_resident


def _problems(**cells):
    return dict(parse_resident(cells)[1])


def test_the_browser_gets_the_messages_the_server_gives():
    messages = browser_rules()["messages"]
    assert _problems(姓名="张三", 公民身份号码="420606198506121230")[C_ID] == messages["id_check"]
    assert (
        _problems(姓名="张三", 性别="男", 出生日期="2099-01-01")[C_BIRTH]
        == (messages["birth_future"])
    )
    assert _problems(姓名="张三", 公民身份号码="123")[C_ID] == messages["id_length"] % {"n": 3}
    assert _problems(姓名="张三", 性别="男", 联系电话="abc")[C_PHONE] == (
        messages["phone"] % {"text": "abc"}
    )


def test_the_browser_gets_the_phone_pattern_and_each_documents_format():
    rules = browser_rules()
    assert rules["phone"] == phones.PATTERN
    assert rules["citizen"] == "居民身份证"
    passport = rules["documents"]["护照"]
    assert re.fullmatch(passport["pattern"], "E12345678")
    assert (
        passport["message"]
        == _problems(姓名="张三", 性别="男", 证件类型="护照", 公民身份号码="A1")[C_ID]
    )


def test_the_browser_gets_the_messages_in_the_users_language():
    with translation.override("en"):
        messages = browser_rules()["messages"]
    assert messages["id_check"].startswith("The check character of the citizen ID number")
