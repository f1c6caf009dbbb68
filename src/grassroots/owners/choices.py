"""The owners app's fixed vocabularies: kinds of owner, matters and opinions, ballot channels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop


class OwnerKind(models.TextChoices):
    PERSON = "person", "个人"
    ORGANISATION = "organisation", "单位"
    # The developer (建设单位) for its unsold or undelivered rooms: all of them one owner.
    DEVELOPER = "developer", "建设单位"


class MatterKind(models.TextChoices):
    ORDINARY = "ordinary", "一般事项"
    # Civil Code art. 278 items (6)-(8): maintenance funds, rebuilding, changing common parts.
    MAJOR = "major", "重大事项"


class Opinion(models.TextChoices):
    AGREE = "agree", "同意"
    AGAINST = "against", "反对"
    ABSTAIN = "abstain", "弃权"


class Channel(models.TextChoices):
    PAPER = "paper", "纸质表决票"
    ONLINE = "online", "扫码表决"


class CommitteePost(models.TextChoices):
    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"


def parse_label(choices: type[models.TextChoices], text: str) -> str | None:
    """The stored value for a label or value typed in a file or a form, or None."""
    cleaned = "".join(text.split())
    for value, label in choices.choices:
        if cleaned in (value, str(label)):
            return value
    return None


# The labels as pages show them (``|tr``), so the catalogue carries their English.
LABELS = [
    gettext_noop("个人"),
    gettext_noop("单位"),
    gettext_noop("建设单位"),
    gettext_noop("一般事项"),
    gettext_noop("重大事项"),
    gettext_noop("同意"),
    gettext_noop("反对"),
    gettext_noop("弃权"),
    gettext_noop("纸质表决票"),
    gettext_noop("扫码表决"),
    gettext_noop("主任"),
    gettext_noop("副主任"),
    gettext_noop("委员"),
    gettext_noop("业委会成员"),  # the role this module adds (kernel.permissions.Role)
]
