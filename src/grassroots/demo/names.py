"""Chinese names for the demo district: people, streets, communities, villages, grids, estates.

Personal names are drawn from Faker's zh_CN tables (surnames weighted by frequency, given-name
characters by gender), but through our own ``random.Random`` rather than a Faker instance: one
``choices`` call per character is far cheaper than Faker's format parsing, and the names depend
only on the seed. Place names come from the word tables below; a ``NameMaker`` never hands out
the same place name twice.
"""

from __future__ import annotations

import itertools
import random

from faker.providers.person.zh_CN import Provider as _ZhPerson
from faker.providers.phone_number.zh_CN import Provider as _ZhPhone

SURNAMES: list[str] = list(_ZhPerson.last_names)
_SURNAME_CUM_WEIGHTS: list[float] = list(itertools.accumulate(_ZhPerson.last_names.values()))
# Given names by gender; Faker's table mixes single characters (伟) and whole names (志强).
GIVEN_MALE: list[str] = list(_ZhPerson.first_names_male)
GIVEN_FEMALE: list[str] = list(_ZhPerson.first_names_female)
_SINGLE_MALE = [n for n in GIVEN_MALE if len(n) == 1]
_SINGLE_FEMALE = [n for n in GIVEN_FEMALE if len(n) == 1]
MOBILE_PREFIXES: list[str] = [str(p) for p in _ZhPhone.phonenumber_prefixes]

# Two-character words that read naturally in front of 街道, 镇, 社区, 路, 小区 ...
PLACE_WORDS = (
    "清河 汉江 前进 春园 中原 太平 牛首 柿铺 米公 定中 七里 米庄 王寨 大庆 人民 解放 建设 "
    "友谊 和平 胜利 新华 幸福 光明 团结 东风 红星 迎宾 滨江 柳树 桃园 杏林 梨园 枣林 松鹤 "
    "丹江 长虹 朝阳 向阳 永安 长安 安居 富康 顺安 兴隆 万山 青山 紫贞 鹿门 檀溪 古城 新城 "
    "东津 西湾 南湖 北岗 文化 体育 学府 书香 锦绣 金桥 银河 翠屏 碧水 青龙 白马 金牛 凤凰 "
    "黄龙 龙泉 玉泉 清泉 花园 荷花 牡丹 桂花 樊西 樊东 江华 沿江 江湾 邓城 团山 陈坡 施营 "
    "竹条 卧龙 双沟 张湾 油坊 马集 瓦屋 茶庵 汪集 黄集 程河 峪山 石桥 高庄 杨湾 朱坡 刘集 "
    "赵湾 月湖 星光 晨光 新街 华庭 铁路 机场 航空 钢厂 纺织 电力 水利 园林 丰收 长丰 秀水 "
    "春晖 晓港 泰山 华山 长江 珠江 黄河 兴华 振华 荣华 盛世 和谐 康宁 福寿 瑞丰 德胜"
).split()
COMMUNITY_MIDDLES = ("", "", "", "路", "街", "里", "苑", "湾", "园", "桥", "岗")
VILLAGE_FEATURES = (
    "家湾",
    "家岗",
    "家庄",
    "家营",
    "家集",
    "家寨",
    "家店",
    "家冲",
    "家坡",
    "家台",
    "家河",
    "家桥",
)
ESTATE_SUFFIXES = ("小区", "花园", "家园", "名苑", "华庭", "新村", "公寓", "雅居", "佳苑")
ROAD_SUFFIXES = ("路", "街", "大道", "巷")

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1 ≤ n ≤ 999)."""
    if not 1 <= n <= 999:
        raise ValueError(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    if ones:
        text += _DIGITS[ones]
    return text


class NameMaker:
    """Names drawn with one ``random.Random``; place names (without their 街道/社区/村
    suffix) are unique per maker."""

    def __init__(self, rng: random.Random, used: set[str] | None = None) -> None:
        self.rng = rng
        self.used = used if used is not None else set()

    def person(self, gender: str) -> str:
        """A full name for gender "M" or "F": a surname and a given name of one or two
        characters."""
        rng = self.rng
        surname = rng.choices(SURNAMES, cum_weights=_SURNAME_CUM_WEIGHTS)[0]
        male = gender == "M"
        given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
        if len(given) == 1 and rng.random() < 0.6:
            given += rng.choice(_SINGLE_MALE if male else _SINGLE_FEMALE)
        return surname + given

    def surname(self) -> str:
        return self.rng.choices(SURNAMES, cum_weights=_SURNAME_CUM_WEIGHTS)[0]

    def mobile(self) -> str:
        """An 11-digit mainland mobile number."""
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(100_000_000):08d}"

    def _unique(self, make: object) -> str:
        for _attempt in range(1000):
            name = make()  # type: ignore[operator]
            # 清河社区 and 清河村 would both give grids named 清河第一网格: compare stems.
            stem = short_name(name)
            if stem not in self.used:
                self.used.add(stem)
                return name
        raise RuntimeError("ran out of distinct place names")

    def word(self) -> str:
        return self.rng.choice(PLACE_WORDS)

    def district(self) -> str:
        return self._unique(lambda: self.word()[0] + self.rng.choice("城阳州江山安宁") + "区")

    def street(self, *, town: bool) -> str:
        return self._unique(lambda: self.word() + ("镇" if town else "街道"))

    def community(self) -> str:
        return self._unique(lambda: self.word() + self.rng.choice(COMMUNITY_MIDDLES) + "社区")

    def village(self) -> str:
        if self.rng.random() < 0.7:
            return self._unique(lambda: self.surname() + self.rng.choice(VILLAGE_FEATURES) + "村")
        return self._unique(lambda: self.word() + "村")

    def estate(self) -> str:
        """A residential estate (小区) name, for modules that add estates and buildings."""
        return self._unique(lambda: self.word() + self.rng.choice(ESTATE_SUFFIXES))

    def road(self) -> str:
        """A road name, for addresses: 人民路, 长虹大道 ..."""
        return self.word() + self.rng.choice(ROAD_SUFFIXES)

    def address(self, road: str | None = None) -> str:
        """A street address: 人民路128号."""
        return f"{road or self.road()}{self.rng.randint(1, 399)}号"


def short_name(name: str) -> str:
    """清河口社区 → 清河口, 王家湾村 → 王家湾: the name without its level suffix."""
    for suffix in ("街道", "社区", "镇", "村"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
