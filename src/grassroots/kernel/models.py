"""What the kernel keeps in the database: the fingerprint of the keys the data was written with."""

from __future__ import annotations

from django.db import models


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
