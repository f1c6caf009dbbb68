"""What the kernel keeps in the database: the fingerprint of the keys the data was written with,
and the writes already done once (idempotency keys of the API, one-time tokens of forms)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class KeyCheck(models.Model):
    """One key of the data directory's ``keys/``, as this database knows it (``kernel/keys.py``).

    ``fingerprint`` is an HMAC under the key of a fixed text: it tells whether the key on disk
    is the one the data was written with, and reveals nothing of the key."""

    name = models.CharField("密钥", max_length=40, unique=True)
    fingerprint = models.CharField("校验值", max_length=64)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "密钥指纹"
        verbose_name_plural = "密钥指纹"

    def __str__(self) -> str:
        return self.name


class IdempotencyKey(models.Model):
    """An API write asked for under an ``Idempotency-Key`` (``kernel/once.py``): the first
    answer, kept with the write in one transaction, so the same request again gets it back."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="账号"
    )
    key = models.CharField("幂等键", max_length=255)
    method = models.CharField("方法", max_length=10)
    path = models.CharField("路径", max_length=2000)
    body_digest = models.CharField("请求摘要", max_length=64)
    status = models.PositiveSmallIntegerField("响应状态", null=True)
    content_type = models.CharField("响应类型", max_length=200, blank=True)
    body = models.BinaryField("响应内容", default=b"")
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "幂等键"
        verbose_name_plural = "幂等键"
        constraints = [
            models.UniqueConstraint(fields=["account", "key"], name="kernel_idempotency_key_once")
        ]

    def __str__(self) -> str:
        return self.key


class FormSubmission(models.Model):
    """A page's form sent with a one-time token (``{% form_once %}``): where its first submit
    led, so a second submit of the same page writes nothing and goes there too."""

    token = models.CharField("表单令牌", max_length=64, unique=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="账号",
    )
    path = models.CharField("路径", max_length=2000)
    result_url = models.CharField("结果页", max_length=2000, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "表单提交"
        verbose_name_plural = "表单提交"

    def __str__(self) -> str:
        return self.token
