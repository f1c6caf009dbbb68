"""The building notice board (亮身份): a .docx page per building, with a QR code, naming its
party organisation, its members and the grid's chief and worker with their work phones, and
nothing about its residents."""

import io
import zipfile
from urllib.parse import quote

import pytest
from docx import Document

from grassroots.audit.models import Action, AuditEvent
from grassroots.cli import main
from grassroots.grids.boards import qr_png
from grassroots.grids.models import BuildingBranch
from grassroots.grids.selectors import board_token
from grassroots.grids.services import agree_board_phone
from grassroots.kernel.permissions import Role
from grassroots.org.models import PartyOrganization, PartyOrgKind

from .conftest import CHIEF_PHONE, MEMBER_PRIVATE_PHONE, RESIDENT_PHONE, SINCE, WORKER_PHONE

pytestmark = pytest.mark.django_db


def text_of(body: bytes) -> str:
    """Every word of the document: paragraphs, tables and the raw XML (nothing hides)."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return archive.read("word/document.xml").decode()


def images_of(body: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def download(client, building):
    response = client.get(f"/grids/buildings/{building.pk}/board.docx")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def test_the_notice_names_the_branch_members_chief_and_worker_with_work_phones(
    as_role, tree, buildings, member, posts
):
    agree_board_phone(member, work_phone="13700009999", agreed_on=SINCE)
    building = buildings["rooms"]["b1"].building
    body = download(as_role(Role.COMMUNITY_SECRETARY), building)
    text = text_of(body)
    assert "党员亮身份公示牌" in text and "清河小区1栋" in text
    assert "清河口第一网格党支部" in text  # no own organisation: the grid's branch
    assert "赵红梅" in text and "13700009999" in text
    assert "孙国强" in text and CHIEF_PHONE in text
    assert "周丽" in text and WORKER_PHONE in text
    assert "扫码" in text


def test_the_qr_code_is_an_image_of_the_building_public_address(
    as_role, tree, buildings, member, posts
):
    building = buildings["rooms"]["b1"].building
    body = download(as_role(Role.COMMUNITY_SECRETARY), building)
    url = f"http://testserver/grids/b/?k={quote(board_token(building.pk))}"
    assert url in text_of(body)
    assert images_of(body) == [qr_png(url)]
    assert qr_png(url).startswith(b"\x89PNG")


def test_no_resident_data_and_no_private_phone_of_a_member_is_on_the_notice(
    as_role, tree, buildings, member, posts
):
    building = buildings["rooms"]["b1"].building
    text = text_of(download(as_role(Role.COMMUNITY_SECRETARY), building))
    assert "王小明" not in text and RESIDENT_PHONE not in text
    assert MEMBER_PRIVATE_PHONE not in text
    assert "1单元" not in text  # no room of any household
    assert "赵红梅" in text  # the member, named with no phone: they agreed to none
    Document(io.BytesIO(download(as_role(Role.COMMUNITY_SECRETARY), building)))  # opens


def test_a_building_with_its_own_central_household_names_it(as_role, tree, buildings, posts):
    building = buildings["rooms"]["b2"].building
    org = PartyOrganization.objects.add_child(
        PartyOrganization.objects.get(pk=tree.party["grid_a1_1"].pk),
        {
            "org_node": tree.grid_a1_1,
            "kind": PartyOrgKind.CENTRAL_HOUSEHOLD,
            "name": "李桂兰党员中心户",
        },
    )
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.post(f"/grids/buildings/{building.pk}/branch/", {"party_org": org.pk})
    assert response.status_code == 302
    assert BuildingBranch.objects.get(building=building).party_org == org
    text = text_of(download(client, building))
    assert "李桂兰党员中心户" in text and "清河口第一网格党支部" not in text
    page = client.get(f"/grids/{tree.grid_a1_1.pk}/").content.decode()
    assert "李桂兰党员中心户" in page


def test_a_party_organisation_of_another_grid_cannot_answer_for_a_building(
    as_role, tree, buildings
):
    building = buildings["rooms"]["b2"].building
    other = tree.party["grid_a1_2"]
    client = as_role(Role.COMMUNITY_SECRETARY)
    client.post(f"/grids/buildings/{building.pk}/branch/", {"party_org": other.pk})
    assert not BuildingBranch.objects.exists()


def test_a_grid_download_has_one_page_per_building(as_role, tree, buildings, member, posts):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.get(f"/grids/{tree.grid_a1_1.pk}/boards.docx")
    assert response.status_code == 200
    text = text_of(response.content)
    assert "清河小区1栋" in text and "清河小区2栋" in text and "前进小区" not in text
    assert text.count('w:type="page"') == 1  # two pages
    assert len(images_of(response.content)) == 2


def test_a_community_download_holds_every_grid_of_it_and_is_audited(
    as_role, tree, buildings, posts
):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = client.get(f"/grids/{tree.community_a1.pk}/boards.docx")
    assert "清河小区2栋" in text_of(response.content)
    event = AuditEvent.objects.filter(action=Action.PERSONAL_DATA_EXPORTED).get()
    assert event.detail["buildings"] == 2 and event.username.startswith("persona_")


def test_a_member_phone_is_shown_only_after_the_member_agreed(as_role, tree, buildings, member):
    client = as_role(Role.COMMUNITY_SECRETARY)
    building = buildings["rooms"]["b1"].building
    assert "13700001111" not in text_of(download(client, building))
    response = client.post(
        f"/grids/members/{member.pk}/phone/",
        {"work_phone": "13700001111", "agreed_on": "2026-03-01"},
    )
    assert response.status_code == 302
    assert "13700001111" in text_of(download(client, building))
    client.post(f"/grids/members/{member.pk}/phone/", {"work_phone": "", "agreed_on": "2026-03-01"})
    assert "13700001111" not in text_of(download(client, building))


def test_boards_command_writes_one_document_per_grid(
    tree, buildings, member, posts, tmp_path, capsys
):
    status = main(
        [
            "grids",
            "boards",
            "--unit",
            tree.street_a.code,
            "--out",
            str(tmp_path),
            "--base-url",
            "https://grid.example.cn/",
        ]
    )
    assert status == 0
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["420606001001001-清河口第一网格.docx", "420606001002001-前进第一网格.docx"]
    body = (tmp_path / files[0]).read_bytes()
    assert "https://grid.example.cn/grids/b/?k=" in text_of(body)
    assert "2个文件，3个楼栋" in capsys.readouterr().out


def test_boards_command_with_an_unknown_unit_says_so(tree, tmp_path, capsys):
    assert main(["grids", "boards", "--unit", "1", "--out", str(tmp_path)]) == 1
