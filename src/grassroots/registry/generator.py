"""Registry rows as a street office's spreadsheet would hold them, generated for a grid.

The demo seeder and the benchmarks both use it, so the benchmark imports the same kind of data
a real district has: estates of six-storey buildings with two units, rooms of one to five
people, mostly owner-occupied with rentals, group rentals, short lets, shops and vacant rooms;
registered residents with citizen numbers of the district, migrants from elsewhere, a few
foreigners with passports, special groups. Everything comes from the ``random.Random`` given.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator

from grassroots.demo.identity import IdNumberMaker
from grassroots.demo.names import NameMaker

USES = (
    ("自住", 74),
    ("出租", 14),
    ("群租房", 1),
    ("网约房", 1),
    ("住改商", 1),
    ("经营场所", 2),
    ("空置", 7),
)
HOUSEHOLD_SIZES = ((1, 14), (2, 28), (3, 30), (4, 18), (5, 10))
MIGRANT_REGIONS = (
    "420106",
    "420111",
    "420683",
    "421002",
    "411302",
    "500101",
    "510104",
    "440305",
    "330106",
    "110105",
)
ESTATE_WORDS = (
    "幸福",
    "和谐",
    "阳光",
    "锦绣",
    "翠苑",
    "金桥",
    "滨江",
    "春华",
    "书香",
    "怡景",
    "紫荆",
    "丽都",
    "华府",
    "御景",
    "东方",
    "南湖",
    "清河",
    "汉江",
    "长虹",
    "明珠",
)
ESTATE_SUFFIXES = ("小区", "花园", "家园", "苑", "新村", "公寓", "名居")
RELATIONS = ("户主", "配偶", "子女", "子女", "父母", "孙子女")
EDUCATION = ("大学本科", "大学专科", "高中", "初中", "小学", "中专", "硕士研究生")
POLITICAL = (("群众", 80), ("中共党员", 8), ("共青团员", 11), ("民主党派成员", 1))
ROOMS_PER_BUILDING = 24  # six storeys, two units, two rooms a landing


def _weighted(rng: random.Random, table: tuple[tuple[object, int], ...]) -> object:
    return rng.choices([v for v, _w in table], weights=[w for _v, w in table])[0]


class RegistryRows:
    """Rows (header → text) for grids of a district, one resident or empty room a row."""

    def __init__(
        self,
        rng: random.Random,
        district_code: str,
        reference: datetime.date = datetime.date(2026, 1, 1),
    ) -> None:
        self.rng = rng
        self.names = NameMaker(rng)
        self.reference = reference
        taken: set[str] = set()
        self.ids = {
            code: IdNumberMaker(code, rng, taken) for code in (district_code[:6], *MIGRANT_REGIONS)
        }
        self.district_region = district_code[:6]
        self.passports = 0

    def for_grid(self, grid_code: str, residents: int) -> Iterator[dict[str, str]]:
        """About ``residents`` people (and some empty rooms) living in ``grid_code``."""
        placed = 0
        estate_number = 0
        while placed < residents:
            estate_number += 1
            estate = self._estate_name(estate_number)
            for building in range(1, self.rng.randint(4, 12) + 1):
                for room in range(ROOMS_PER_BUILDING):
                    if placed >= residents:
                        return
                    unit = f"{room // 12 + 1}单元"
                    number = f"{room % 12 // 2 + 1}0{room % 2 + 1}"
                    rows = self._room_rows(grid_code, estate, f"{building}栋", unit, number)
                    placed += sum(1 for r in rows if r["姓名"])
                    yield from rows

    def _estate_name(self, number: int) -> str:
        word = self.rng.choice(ESTATE_WORDS)
        name = word + self.rng.choice(ESTATE_SUFFIXES)
        return name if number == 1 else f"{name}{number}期"

    def _room_rows(
        self, grid: str, estate: str, building: str, unit: str, number: str
    ) -> list[dict[str, str]]:
        use = str(_weighted(self.rng, USES))
        place = {
            "网格编码": grid,
            "小区": estate,
            "楼栋": building,
            "单元": unit,
            "房号": number,
            "房屋用途": use,
        }
        if use in ("空置", "经营场所"):
            return [place | {"姓名": ""}]
        size = int(_weighted(self.rng, HOUSEHOLD_SIZES))
        if use == "群租房":
            size = self.rng.randint(6, 10)
        migrant = use in ("出租", "群租房", "网约房") or self.rng.random() < 0.05
        return [place | self._person(i, migrant, alone=size == 1) for i in range(size)]

    def _person(self, position: int, migrant: bool, *, alone: bool) -> dict[str, str]:
        rng = self.rng
        gender = "M" if rng.random() < 0.51 else "F"
        age = rng.randint(20, 88) if position < 2 else rng.randint(0, 60)
        birth = self.reference - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        foreign = migrant and rng.random() < 0.03
        kind = "境外人员" if foreign else ("流动人口" if migrant else "户籍人口")
        region = rng.choice(MIGRANT_REGIONS) if migrant else self.district_region
        groups = []
        if alone and age >= 70:
            groups.append("独居老人")
        if rng.random() < 0.02:
            groups.append(rng.choice(("残疾人", "低保", "退役军人")))
        document = self._passport() if foreign else self.ids[region].issue(birth, gender)
        return {
            "姓名": self.names.person(gender),
            "证件类型": "护照" if foreign else "居民身份证",
            "公民身份号码": document,
            "性别": "男" if gender == "M" else "女",
            "民族": "汉族" if rng.random() < 0.95 else rng.choice(("回族", "土家族", "满族")),
            "出生日期": birth.isoformat(),
            "联系电话": self.names.mobile() if age >= 16 else "",
            "与户主关系": RELATIONS[min(position, len(RELATIONS) - 1)],
            "人口类型": kind,
            "政治面貌": str(_weighted(rng, POLITICAL)) if age >= 14 else "",
            "文化程度": rng.choice(EDUCATION) if age >= 18 else "",
            "特殊人群": "、".join(groups),
            "备注": "",
        }

    def _passport(self) -> str:
        self.passports += 1
        return f"P{self.rng.randrange(10**7):07d}{self.passports % 100:02d}"
