"""The records of registry imports: an uploaded file's job, and each import that ran.

They live beside ``models.py`` (which re-exports them) and hold no registry data themselves:
a job is the web upload followed from its page, a batch is what the residents it registered
point at from their first stay.
"""

from __future__ import annotations

from django.db import models

from grassroots.kernel.scope import ScopedManager, scoped


class RegistryImport(models.Model):
    """One run of the registry import (导入批次): who imported which file, when, with what result.

    A resident the import registers gets no history row of its own: the stay it begins names
    the batch, and the resident's history shows that as its registration. Read only through a
    stay the user may see, so it carries no org node of its own.
    """

    source = models.CharField("导入文件", max_length=200)
    actor = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    effective_on = models.DateField("生效日期")
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rooms_created = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"

    def __str__(self) -> str:
        return f"{self.source} {self.at:%Y-%m-%d %H:%M}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    VALIDATED = "validated", "校验通过"
    FAILED = "failed", "有错误"
    DONE = "done", "已导入"
    CRASHED = "crashed", "意外中止"


@scoped(node="node", url_kwargs=("job_id",))
class ImportJob(models.Model):
    """A registry file uploaded on the web page: checked first, imported once confirmed.

    The work runs in a process of its own (``grassroots registry run-job``); the page follows
    its progress. ``errors`` keeps the first rows' errors for the preview; all of them can be
    downloaded as a workbook.
    """

    owner = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    node = models.ForeignKey(
        "org.OrgNode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("文件名", max_length=200)
    stored_as = models.CharField(max_length=300)
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    summary = models.CharField(max_length=300, blank=True)
    message = models.CharField(max_length=500, blank=True)
    errors = models.JSONField(default=list)
    error_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"

    def __str__(self) -> str:
        return self.name
