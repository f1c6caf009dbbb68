"""Import and export on the web and the command line: preview first, masked out, no formulas."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from grassroots.audit.models import Action, AuditEvent
from grassroots.cli import main as grassroots
from grassroots.kernel.permissions import Role
from grassroots.registry.importer import HEADERS
from grassroots.registry.models import ImportJob, JobStatus, Resident
from grassroots.registry.testing import make_resident
from grassroots.testing.forms import once

pytestmark = pytest.mark.django_db
COLUMNS = [*HEADERS, "证件类型"]
WANG = "420606199001011239"


def _csv_bytes(rows):
    lines = [",".join(COLUMNS)] + [",".join(row.get(c, "") for c in COLUMNS) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _row(**cells):
    return {
        "网格编码": "420606001001001",
        "小区": "清河小区",
        "楼栋": "3栋",
        "单元": "2单元",
        "房号": "502",
        **cells,
    }


def _upload(client, content, name="registry.csv"):
    return client.post(
        reverse("registry:import"),
        once(file=SimpleUploadedFile(name, content, content_type="text/csv")),
    )


def test_an_upload_is_checked_first_and_written_only_when_confirmed(as_role, tree):
    client = as_role(Role.COMMUNITY_SECRETARY)
    response = _upload(client, _csv_bytes([_row(姓名="王小明", 公民身份号码=WANG)]))
    job = ImportJob.objects.get()
    assert response.url == reverse("registry:job", kwargs={"job_id": job.pk})
    assert job.status == JobStatus.VALIDATED and not Resident.objects.exists()
    page = client.get(response.url).content.decode()
    assert "校验通过" in page and "居民新增1" in page
    client.post(reverse("registry:job_confirm", kwargs={"job_id": job.pk}))
    assert ImportJob.objects.get().status == JobStatus.DONE
    assert Resident.objects.get().name == "王小明"
    again = client.post(reverse("registry:job_confirm", kwargs={"job_id": job.pk}))
    assert Resident.objects.count() == 1 and again.status_code == 302


def test_an_upload_with_bad_rows_lists_them_and_offers_all_as_a_workbook(as_role, tree):
    client = as_role(Role.COMMUNITY_SECRETARY)
    bad = _csv_bytes(
        [_row(姓名="王小明", 公民身份号码="420606199001011230"), _row(姓名="", 性别="男")]
    )
    response = _upload(client, bad)
    page = client.get(response.url).content.decode()
    assert "第2行 公民身份号码: 公民身份号码校验位不正确" in page
    assert "第3行 姓名: 缺少姓名" in page and "未写入任何数据" in page
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED and job.error_count == 2
    errors = client.get(reverse("registry:job_errors", kwargs={"job_id": job.pk}))
    assert errors["Content-Type"].startswith("application/vnd.openxmlformats")
    with pytest.raises(Exception):  # noqa: B017 - a failed check cannot be confirmed
        from grassroots.registry.importer.jobs import confirm_import_job

        confirm_import_job(job)
    assert not Resident.objects.exists()


def test_a_job_of_another_unit_is_a_404(as_role, personas, tree):
    job = ImportJob.objects.create(
        owner=personas[Role.STREET_STAFF], node=tree.street_b, name="b.csv", stored_as="b.csv"
    )
    response = as_role(Role.COMMUNITY_SECRETARY).get(
        reverse("registry:job", kwargs={"job_id": job.pk})
    )
    assert response.status_code == 404


def test_a_grid_worker_cannot_upload(as_role, tree):
    assert _upload(as_role(Role.GRID_WORKER), b"x").status_code == 404


def test_the_export_is_masked_and_audited(as_role, tree, tmp_path):
    make_resident(tree.grid_a1_1, "901", id_number=WANG, phone="13800001234")
    make_resident(tree.grid_a2_1, "902")
    response = as_role(Role.COMMUNITY_SECRETARY).post(reverse("registry:export"), {})
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:6] == tuple(COLUMNS[:6])
    names = [row[6] for row in rows[1:]]
    assert names == ["巡检居民901"]  # community A1 only: not A2's grid
    assert rows[1][7] == "420***********1239" and rows[1][11] == "138****1234"
    assert AuditEvent.objects.filter(action=Action.REGISTRY_EXPORTED).count() == 1


def test_an_unmasked_export_needs_the_permission_and_is_audited_as_personal_data(
    as_role, tree, tmp_path
):
    make_resident(tree.grid_a1_1, "901", id_number=WANG)
    response = as_role(Role.COMMUNITY_SECRETARY).post(
        reverse("registry:export"), {"unmasked": "on"}
    )
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheet = load_workbook(path).active
    assert sheet.cell(row=2, column=8).value == WANG
    assert sheet.cell(row=2, column=8).data_type == "s"  # text: Excel keeps all 18 digits
    assert AuditEvent.objects.filter(action=Action.PERSONAL_DATA_EXPORTED).exists()


def test_a_cell_that_looks_like_a_formula_is_exported_as_text(tree, tmp_path, capsys):
    make_resident(tree.grid_a1_1, "901", notes='=HYPERLINK("http://x")')
    xlsx, csv_path = tmp_path / "out.xlsx", tmp_path / "out.csv"
    assert grassroots(["registry", "export", str(xlsx)]) == 0
    cell = load_workbook(xlsx).active.cell(row=2, column=18)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    assert grassroots(["registry", "export", str(csv_path)]) == 0
    with csv_path.open(encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle))[1][17] == '\'=HYPERLINK("http://x")'


def test_the_command_line_import_exits_1_and_writes_every_error_to_a_sheet(tree, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(_csv_bytes([_row(姓名="", 性别="男"), _row(姓名="甲", 性别="X")]))
    errors = tmp_path / "errors.xlsx"
    assert grassroots(["registry", "import", str(path), "--errors", str(errors)]) == 1
    err = capsys.readouterr().err
    assert "第2行 姓名: 缺少姓名" in err and "第3行 性别" in err
    rows = list(load_workbook(errors).active.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列名", "原因") and len(rows) == 3


def test_the_command_line_dry_run_writes_nothing(tree, tmp_path, capsys):
    path = tmp_path / "ok.csv"
    path.write_bytes(_csv_bytes([_row(姓名="王小明", 公民身份号码=WANG)]))
    assert grassroots(["registry", "import", str(path), "--dry-run"]) == 0
    assert "校验通过（未写入）" in capsys.readouterr().out
    assert not Resident.objects.exists()
    assert grassroots(["registry", "import", str(path)]) == 0
    assert Resident.objects.count() == 1


def test_the_template_has_the_headers_and_a_row_explaining_each_and_imports_as_empty(
    tree, tmp_path, capsys
):
    path = tmp_path / "template.xlsx"
    assert grassroots(["registry", "template", str(path)]) == 0
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS and rows[1][0].startswith("必填")
    assert grassroots(["registry", "import", str(path)]) == 1  # the notes row is no data
    assert "没有数据行" in capsys.readouterr().err


def _ended_process_id():
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_job_whose_process_died_reads_as_stopped_and_nothing_written(as_role, personas, tree):
    import os
    import socket

    owner = personas[Role.COMMUNITY_SECRETARY]
    dead = ImportJob.objects.create(
        owner=owner,
        node=owner.org_node,
        name="a.csv",
        stored_as="a.csv",
        dry_run=False,
        status=JobStatus.RUNNING,
        pid=_ended_process_id(),
        host=socket.gethostname(),
    )
    alive = ImportJob.objects.create(
        owner=owner,
        node=owner.org_node,
        name="b.csv",
        stored_as="b.csv",
        dry_run=False,
        status=JobStatus.RUNNING,
        pid=os.getpid(),
        host=socket.gethostname(),
    )
    client = as_role(Role.COMMUNITY_SECRETARY)
    page = client.get(reverse("registry:job", kwargs={"job_id": dead.pk})).content.decode()
    assert "意外中止" in page and "未写入任何数据" in page
    dead.refresh_from_db()
    assert dead.status == JobStatus.CRASHED
    client.get(reverse("registry:job", kwargs={"job_id": alive.pk}))
    alive.refresh_from_db()
    assert alive.status == JobStatus.RUNNING
