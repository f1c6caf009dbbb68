"""The code lists of the group-rental campaign (群租房整治): the five methods, outcomes, status.

The labels are stored Chinese, translated where a page shows them (``|tr``); ``gettext_noop`` only
marks them for the catalogue.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop


class Method(models.TextChoices):
    """The five methods of "五个一批", in the order they escalate."""

    PHONE = "phone", gettext_noop("电话沟通")
    INTERVIEW = "interview", gettext_noop("集中约谈")
    HOME_VISIT = "home_visit", gettext_noop("入户动员")
    OFFICIALS_FIRST = "officials_first", gettext_noop("公职人员带头整改")
    JOINT_ENFORCEMENT = "joint_enforcement", gettext_noop("联合执法")


class Outcome(models.TextChoices):
    IN_PROGRESS = "in_progress", gettext_noop("进行中")
    RECTIFIED = "rectified", gettext_noop("已整改")


class CaseStatus(models.TextChoices):
    OPEN = "open", gettext_noop("整治中")
    RECTIFIED = "rectified", gettext_noop("已整改")


class ChangeKind(models.TextChoices):
    """What one change of a case was: found, rectified, or gone back (反弹)."""

    OPENED = "opened", gettext_noop("发现")
    RECTIFIED = "rectified", gettext_noop("整改")
    REBOUND = "rebound", gettext_noop("反弹")


def parse_label(choices: type[models.TextChoices], text: str) -> str | None:
    """The stored value for a label or value typed in a file or a form, or None."""
    cleaned = "".join(text.split())
    for value, label in choices.choices:
        if cleaned in (value, str(label)) or (cleaned.endswith("一批") and cleaned[:-2] == label):
            return value
    return None
