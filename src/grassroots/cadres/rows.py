"""Reading one roster row (名册行): each cell cleaned, checked and turned into a value.

Used by the roster import and by the by-election form alike, so a member entered on the page
is held to exactly the rules of a member imported from a file. Problems come back as
(column, reason) pairs in Chinese.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from grassroots.cadres.figures import full_years
from grassroots.cadres.models import CadreMember, CommitteePost, Education, PartyPost
from grassroots.kernel.idnumbers import IdNumberError, parse_id_number
from grassroots.kernel.importing import max_length, too_long
from grassroots.org.models import OrgNode
from grassroots.people.models import Gender

UNIT, NAME, GENDER, BIRTH, ID_NUMBER = "单位", "姓名", "性别", "出生日期", "公民身份号码"
EDUCATION, PARTY_POST, COMMITTEE_POST = "学历", "党组织职务", "村(居)委会职务"
HEADERS = (UNIT, NAME, GENDER, BIRTH, ID_NUMBER, EDUCATION, PARTY_POST, COMMITTEE_POST)
REQUIRED_HEADERS = tuple(h for h in HEADERS if h != ID_NUMBER)
NAME_MAX_LENGTH = max_length(CadreMember, "name")
# A unit the file names may be created (--create-units): its name must fit a node's.
UNIT_MAX_LENGTH = max_length(OrgNode, "name")
MIN_AGE = 18  # 年满十八周岁 to stand for election
MAX_AGE = 100

GENDERS = {"男": Gender.MALE, "男性": Gender.MALE, "女": Gender.FEMALE, "女性": Gender.FEMALE}
EDUCATIONS = {education.label: education.value for education in Education}
EDUCATION_ALIASES = {
    "大学专科": Education.COLLEGE,
    "专科": Education.COLLEGE,
    "高职": Education.COLLEGE,
    "大学本科": Education.BACHELOR,
    "大学": Education.BACHELOR,
    "硕士": Education.MASTER,
    "研究生": Education.MASTER,
    "硕士研究生": Education.MASTER,
    "博士": Education.DOCTOR,
    "博士研究生": Education.DOCTOR,
    "中等专科": Education.SECONDARY_VOCATIONAL,
    "中技": Education.SECONDARY_VOCATIONAL,
    "职高": Education.SENIOR,
    "高中及以下": Education.SENIOR,
}
NONE_WORDS = {"", "无", "—", "－", "-", "/", "／", "没有", "否"}
# Prefixes a clerk may type before a post: 党委书记, 村委会主任, 居委会委员 ...
PARTY_PREFIX = re.compile(r"^(党组织|党委|党总支|总支|党支部|支部|党)")
COMMITTEE_PREFIX = re.compile(
    r"^(村\(居\)委会|村（居）委会|村民委员会|居民委员会|村委会|居委会|村委|居委)"
)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


@dataclass
class RosterRow:
    """One row, its values, and every problem found in it."""

    number: int
    unit_name: str
    name: str = ""
    gender: str = ""
    birth_date: datetime.date | None = None
    id_number: str = ""
    education: str = ""
    party_post: str = ""
    committee_post: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)

    def problem(self, column: str, reason: str) -> None:
        self.problems.append((column, reason))


def clean(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) and no spaces at all."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def parse_date(text: str) -> datetime.date | None:
    text = clean(text).removesuffix("00:00:00")
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_row(
    number: int,
    cells: Mapping[str, str],
    *,
    reference_date: datetime.date,
    today: datetime.date | None = None,
) -> RosterRow:
    """Check one row against the term's reference date; the problems are on ``row.problems``."""
    row = RosterRow(number=number, unit_name=(cells.get(UNIT) or "").strip())
    if not row.unit_name:
        row.problem(UNIT, _("不能为空"))
    elif problem := too_long(UNIT_MAX_LENGTH, row.unit_name):
        row.problem(UNIT, problem)
    _read_name(row, cells.get(NAME, ""))
    _read_gender(row, cells.get(GENDER, ""))
    _read_birth_date(row, cells.get(BIRTH, ""), reference_date)
    _read_education(row, cells.get(EDUCATION, ""))
    _read_posts(row, cells.get(PARTY_POST, ""), cells.get(COMMITTEE_POST, ""))
    _read_id_number(row, cells.get(ID_NUMBER, ""), today or datetime.date.today())
    return row


def _read_name(row: RosterRow, text: str) -> None:
    row.name = "".join(text.split())
    if not row.name:
        row.problem(NAME, _("不能为空"))
    elif problem := too_long(NAME_MAX_LENGTH, row.name):
        row.problem(NAME, problem)


def _read_gender(row: RosterRow, text: str) -> None:
    text = clean(text)
    if not text:
        row.problem(GENDER, _("不能为空"))
    elif text not in GENDERS:
        row.problem(GENDER, _("无法识别“%(text)s”，应为男或女") % {"text": text})
    else:
        row.gender = GENDERS[text]


def _read_birth_date(row: RosterRow, text: str, reference_date: datetime.date) -> None:
    if not clean(text):
        row.problem(BIRTH, _("不能为空"))
        return
    birth_date = parse_date(text)
    if birth_date is None:
        row.problem(BIRTH, _("无法识别“%(text)s”，应为完整日期，如1985-06-12") % {"text": text})
        return
    age = full_years(birth_date, reference_date)
    if birth_date > reference_date or age < MIN_AGE:
        row.problem(
            BIRTH,
            _("按统计基准日%(date)s计算未满%(min)d周岁，请核对")
            % {"date": reference_date.isoformat(), "min": MIN_AGE},
        )
    elif age > MAX_AGE:
        row.problem(BIRTH, _("按统计基准日计算已%(age)d周岁，请核对") % {"age": age})
    else:
        row.birth_date = birth_date


def _read_education(row: RosterRow, text: str) -> None:
    text = clean(text)
    value = EDUCATIONS.get(text) or EDUCATION_ALIASES.get(text)
    if not text:
        row.problem(EDUCATION, _("不能为空"))
    elif value is None:
        row.problem(
            EDUCATION,
            _("无法识别“%(text)s”，应为%(choices)s之一")
            % {"text": text, "choices": "、".join(EDUCATIONS)},
        )
    else:
        row.education = value


# A specific title still names the post: 组织委员, 纪检委员 and 妇联委员 are 委员.
PARTY_SUFFIXES = (
    ("副书记", PartyPost.DEPUTY_SECRETARY),
    ("书记", PartyPost.SECRETARY),
    ("委员", PartyPost.MEMBER),
)
COMMITTEE_SUFFIXES = (
    ("副主任", CommitteePost.DEPUTY_DIRECTOR),
    ("主任", CommitteePost.DIRECTOR),
    ("委员", CommitteePost.MEMBER),
)


def _post(text: str, prefix: re.Pattern, suffixes: tuple) -> str | None:
    text = clean(text).replace("（", "(").replace("）", ")")
    if text in NONE_WORDS:
        return ""
    text = prefix.sub("", text) or text
    for suffix, post in suffixes:
        if text.endswith(suffix):
            return str(post.value)
    return None


def _read_posts(row: RosterRow, party_text: str, committee_text: str) -> None:
    party = _post(party_text, PARTY_PREFIX, PARTY_SUFFIXES)
    committee = _post(committee_text, COMMITTEE_PREFIX, COMMITTEE_SUFFIXES)
    if party is None:
        row.problem(
            PARTY_POST,
            _("无法识别“%(text)s”，应为书记、副书记、委员之一，或留空")
            % {"text": party_text.strip()},
        )
    if committee is None:
        row.problem(
            COMMITTEE_POST,
            _("无法识别“%(text)s”，应为主任、副主任、委员之一，或留空")
            % {"text": committee_text.strip()},
        )
    if party == "" and committee == "":
        row.problem(
            PARTY_POST, _("党组织职务和村(居)委会职务都为空：两委成员至少应在一个委员会任职")
        )
    row.party_post, row.committee_post = party or "", committee or ""


def _read_id_number(row: RosterRow, text: str, today: datetime.date) -> None:
    text = clean(text).upper()
    if not text:
        return
    try:
        parsed = parse_id_number(text, today=today)
    except IdNumberError as error:
        row.problem(ID_NUMBER, str(error))
        return
    row.id_number = parsed.number
    if row.birth_date is not None and parsed.birth_date != row.birth_date:
        row.problem(
            ID_NUMBER,
            _("号码中的出生日期%(id)s与出生日期%(given)s不一致")
            % {"id": parsed.birth_date.isoformat(), "given": row.birth_date.isoformat()},
        )
    if row.gender and parsed.gender != row.gender:
        row.problem(
            ID_NUMBER,
            _("号码表示的性别为%(id)s，与性别“%(given)s”不一致")
            % {"id": Gender(parsed.gender).label, "given": Gender(row.gender).label},
        )
