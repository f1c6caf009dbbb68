"""The registry's code lists, with the spellings people actually type (标准代码与常见写法).

Each list is a ``TextChoices`` whose labels are the standard names; ``ALIASES`` maps the other
spellings found in street offices' spreadsheets onto them, so an import or a form accepts
"汉" and "汉族", "党员" and "中共党员", "大专" and "大学专科".
"""

from __future__ import annotations

from django.db import models


class RoomUse(models.TextChoices):
    """How a room is used (房屋用途)."""

    OWNER_OCCUPIED = "owner", "自住"
    RENTED = "rented", "出租"
    GROUP_RENTAL = "group_rental", "群租房"
    SHORT_LET = "short_let", "网约房"
    HOME_TO_SHOP = "home_to_shop", "住改商"
    BUSINESS = "business", "经营场所"
    VACANT = "vacant", "空置"


class PopulationType(models.TextChoices):
    """户籍人口 / 流动人口 / 境外人员."""

    REGISTERED = "registered", "户籍人口"
    MIGRANT = "migrant", "流动人口"
    FOREIGN = "foreign", "境外人员"


class IdType(models.TextChoices):
    """Identity documents accepted by the registry (证件类型)."""

    CITIZEN = "citizen", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan", "台湾居民来往大陆通行证"
    HMT_RESIDENCE = "hmt_residence", "港澳台居民居住证"
    FOREIGN_PERMANENT = "foreign_permanent", "外国人永久居留身份证"


class Relation(models.TextChoices):
    """Relation to the head of household (与户主关系)."""

    HEAD = "head", "户主"
    SPOUSE = "spouse", "配偶"
    CHILD = "child", "子女"
    PARENT = "parent", "父母"
    GRANDCHILD = "grandchild", "孙子女"
    GRANDPARENT = "grandparent", "祖父母"
    SIBLING = "sibling", "兄弟姐妹"
    CHILD_IN_LAW = "child_in_law", "儿媳女婿"
    RELATIVE = "relative", "其他亲属"
    NON_RELATIVE = "non_relative", "非亲属"


class PoliticalStatus(models.TextChoices):
    """政治面貌 (GB/T 4762)."""

    CPC_MEMBER = "01", "中共党员"
    CPC_PROBATIONARY = "02", "中共预备党员"
    LEAGUE_MEMBER = "03", "共青团员"
    DEMOCRATIC_PARTY = "04", "民主党派成员"
    NON_PARTISAN = "12", "无党派人士"
    MASSES = "13", "群众"


class Education(models.TextChoices):
    """文化程度, from the highest down."""

    DOCTORATE = "doctorate", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY_VOCATIONAL = "secondary_vocational", "中专"
    HIGH_SCHOOL = "high_school", "高中"
    JUNIOR_HIGH = "junior_high", "初中"
    PRIMARY = "primary", "小学"
    PRESCHOOL = "preschool", "学龄前"
    ILLITERATE = "illiterate", "文盲或半文盲"


class SpecialGroup(models.TextChoices):
    """Special groups that get extra care (特殊人群)."""

    ELDERLY_ALONE = "elderly_alone", "独居老人"
    EMPTY_NEST = "empty_nest", "空巢老人"
    DISABLED = "disabled", "残疾人"
    SUBSISTENCE = "subsistence", "低保"
    VETERAN = "veteran", "退役军人"
    LEFT_BEHIND_CHILD = "left_behind_child", "留守儿童"
    SERIOUS_ILLNESS = "serious_illness", "重病患者"
    COMMUNITY_CORRECTION = "community_correction", "社区矫正人员"


# GB/T 3304-1991 names of China's ethnic groups, in the standard's order (codes 01-56).
ETHNIC_GROUPS = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 "
    "哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 "
    "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
    "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
OTHER_ETHNICITIES = ("其他", "外国血统中国籍人士")
Ethnicity = models.TextChoices(  # type: ignore[misc]
    "Ethnicity",
    [(f"E{i:02d}", (f"{i:02d}", name)) for i, name in enumerate(ETHNIC_GROUPS, start=1)]
    + [("OTHER", ("97", OTHER_ETHNICITIES[0])), ("FOREIGN_BLOOD", ("98", OTHER_ETHNICITIES[1]))],
)

ALIASES: dict[type[models.TextChoices], dict[str, str]] = {
    RoomUse: {
        "自用": "owner",
        "自住房": "owner",
        "租赁": "rented",
        "出租房": "rented",
        "群租": "group_rental",
        "民宿": "short_let",
        "网约": "short_let",
        "商铺": "business",
        "门面": "business",
        "空房": "vacant",
        "闲置": "vacant",
    },
    PopulationType: {
        "户籍": "registered",
        "常住人口": "registered",
        "流动": "migrant",
        "外来人口": "migrant",
        "境外": "foreign",
        "外籍": "foreign",
        "境外人口": "foreign",
    },
    IdType: {
        "身份证": "citizen",
        "公民身份号码": "citizen",
        "回乡证": "hk_macao",
        "港澳通行证": "hk_macao",
        "台胞证": "taiwan",
        "居住证": "hmt_residence",
        "永居证": "foreign_permanent",
        "外国人永久居留证": "foreign_permanent",
    },
    Relation: {
        "本人": "head",
        "户主本人": "head",
        "妻": "spouse",
        "妻子": "spouse",
        "夫": "spouse",
        "丈夫": "spouse",
        "子": "child",
        "女": "child",
        "儿子": "child",
        "女儿": "child",
        "长子": "child",
        "次子": "child",
        "长女": "child",
        "次女": "child",
        "父亲": "parent",
        "母亲": "parent",
        "父": "parent",
        "母": "parent",
        "孙子": "grandchild",
        "孙女": "grandchild",
        "外孙": "grandchild",
        "外孙女": "grandchild",
        "祖父": "grandparent",
        "祖母": "grandparent",
        "兄": "sibling",
        "弟": "sibling",
        "姐": "sibling",
        "妹": "sibling",
        "儿媳": "child_in_law",
        "女婿": "child_in_law",
        "亲属": "relative",
        "其他": "non_relative",
        "租户": "non_relative",
        "租客": "non_relative",
        "合租": "non_relative",
        "保姆": "non_relative",
    },
    PoliticalStatus: {
        "党员": "01",
        "中共正式党员": "01",
        "预备党员": "02",
        "团员": "03",
        "共青团员": "03",
        "民主党派": "04",
        "无党派": "12",
        "群众": "13",
    },
    Education: {
        "博士": "doctorate",
        "硕士": "master",
        "研究生": "master",
        "本科": "bachelor",
        "大专": "college",
        "专科": "college",
        "中专": "secondary_vocational",
        "中技": "secondary_vocational",
        "技校": "secondary_vocational",
        "职高": "secondary_vocational",
        "中等专科": "secondary_vocational",
        "普通高中": "high_school",
        "文盲": "illiterate",
        "半文盲": "illiterate",
    },
    SpecialGroup: {
        "独居": "elderly_alone",
        "空巢": "empty_nest",
        "残疾": "disabled",
        "低保户": "subsistence",
        "最低生活保障": "subsistence",
        "退伍军人": "veteran",
        "复员军人": "veteran",
        "留守": "left_behind_child",
        "重病": "serious_illness",
        "社区矫正": "community_correction",
    },
}


def _lookup_table(choices: type[models.TextChoices]) -> dict[str, str]:
    table = {str(label): value for value, label in choices.choices}
    table.update({value: value for value in choices.values})
    table.update(ALIASES.get(choices, {}))
    if choices is Ethnicity:
        # "汉" for "汉族", and the two-digit codes of the standard.
        table.update(
            {name.removesuffix("族"): code for code, name in choices.choices if name.endswith("族")}
        )
    return table


_TABLES: dict[type[models.TextChoices], dict[str, str]] = {}


def choice_table(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every accepted spelling (without whitespace) → stored value; do not modify."""
    table = _TABLES.get(choices)
    if table is None:
        table = _TABLES[choices] = _lookup_table(choices)
    return table


def parse_choice(choices: type[models.TextChoices], text: str) -> str | None:
    """The stored value for ``text`` (a label, code or known alias), or None if unknown."""
    return choice_table(choices).get("".join(text.split()))


def labels(choices: type[models.TextChoices]) -> str:
    """The standard names, for an error message: 自住、出租、群租房 ..."""
    return "、".join(str(label) for label in choices.labels)


def special_group_labels(stored: str) -> list[str]:
    """``|elderly_alone|disabled|`` → ["独居老人", "残疾人"]."""
    names = dict(SpecialGroup.choices)
    return [str(names[code]) for code in stored.strip("|").split("|") if code in names]


_GROUP_ORDER = tuple(SpecialGroup.values)


def store_special_groups(codes: list[str]) -> str:
    """The stored form, delimited on both sides so ``contains="|code|"`` finds exactly one tag."""
    if not codes:
        return ""
    ordered = [code for code in _GROUP_ORDER if code in codes]
    return f"|{'|'.join(ordered)}|" if ordered else ""
