"""An estate of grid A1-1 with its owners and areas, and a file writer for the imports.

翠湖小区 (grid A1-1): 1号楼 1单元 101-104 and 2号楼 1单元 201-202.
- 101 张伟 89.25, 102 and 103 王芳 (a buyer of two rooms) 100.00 + 120.50,
- 104 李明 and 李红 (co-owners) 75.00,
- 201 and 202 the developer's unsold rooms (建设单位) 130.00 each.
Heads: 张伟, 王芳, 李明李红, the developer = 4; area 644.75 m².
"""

import pytest
from stdnum.cn import ric

from grassroots.owners.services.importing import OWNER_HEADERS, import_owners
from grassroots.registry.services import ensure_room

GRID = "420606001001001"


def citizen(n: int) -> str:
    body = f"42060619800101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


ESTATE_ROWS = [
    (GRID, "翠湖小区", "1号楼", "1单元", "101", "89.25", "张伟", citizen(11), "个人"),
    (GRID, "翠湖小区", "1号楼", "1单元", "102", "100", "王芳", citizen(22), "个人"),
    (GRID, "翠湖小区", "1号楼", "1单元", "103", "120.50", "王芳", citizen(22), "个人"),
    (GRID, "翠湖小区", "1号楼", "1单元", "104", "75.00", "李明", citizen(33), "个人"),
    (GRID, "翠湖小区", "1号楼", "1单元", "104", "75.00", "李红", citizen(44), "个人"),
    (GRID, "翠湖小区", "2号楼", "1单元", "201", "130.00", "汉江置业有限公司", "", "建设单位"),
    (GRID, "翠湖小区", "2号楼", "1单元", "202", "130.00", "汉江置业有限公司", "", "建设单位"),
]


def write_csv(path, headers, rows, encoding="utf-8-sig"):
    lines = [",".join(headers), *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


@pytest.fixture
def estate_rooms(tree):
    return {
        number: ensure_room(
            grid=tree.grid_a1_1,
            estate="翠湖小区",
            building="1号楼" if number.startswith("1") else "2号楼",
            unit="1单元",
            number=number,
        )
        for number in ("101", "102", "103", "104", "201", "202")
    }


@pytest.fixture
def estate(estate_rooms, tmp_path):
    import_owners(write_csv(tmp_path / "owners.csv", OWNER_HEADERS, ESTATE_ROWS))
    return estate_rooms["101"].building.estate


@pytest.fixture
def vote(estate):
    from grassroots.owners.services import open_vote

    return open_vote(estate=estate, title="更换物业服务企业", kind="ordinary")


@pytest.fixture
def major_vote(estate):
    from grassroots.owners.services import open_vote

    return open_vote(estate=estate, title="使用专项维修资金更换电梯", kind="major")
