"""Photos from the phone (现场照片): checked, stored under the data directory, never public.

The browser resizes a photo before it is queued or sent (sweep.js: longest side 1280 px, JPEG),
so what arrives is a data URL of a few hundred kilobytes. It is accepted only if it really is a
JPEG, PNG or WebP image (by its first bytes) and not larger than ``SWEEP_PHOTO_MAX_BYTES``.
Files go to ``<data>/uploads/sweeps/...`` through the default storage; pages serve them through
a view that checks the reader's scope, never as a static URL.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

SIGNATURES = (
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


class PhotoError(ValueError):
    """Not a photo we keep; the message says why."""


@dataclass(frozen=True)
class Photo:
    content: bytes
    extension: str

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")


def _extension(content: bytes) -> str | None:
    for signature, extension, _type in SIGNATURES:
        if content.startswith(signature):
            return extension
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    return None


def photo_from_bytes(content: bytes) -> Photo:
    if len(content) > settings.SWEEP_PHOTO_MAX_BYTES:
        raise PhotoError(
            _("照片过大（最大%(n)d KB）") % {"n": settings.SWEEP_PHOTO_MAX_BYTES // 1024}
        )
    extension = _extension(content)
    if extension is None:
        raise PhotoError(_("不是 JPEG、PNG 或 WebP 图片"))
    return Photo(content=content, extension=extension)


def decode_photo(text: str) -> Photo:
    """A photo from a data URL (``data:image/jpeg;base64,...``) or bare base64."""
    payload = text.split(",", 1)[1] if text.startswith("data:") else text
    if len(payload) > settings.SWEEP_PHOTO_MAX_BYTES * 4 // 3 + 4:
        raise PhotoError(
            _("照片过大（最大%(n)d KB）") % {"n": settings.SWEEP_PHOTO_MAX_BYTES // 1024}
        )
    try:
        content = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise PhotoError(_("照片数据无法解码")) from None
    return photo_from_bytes(content)


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
