"""Password rules for a government intranet: 8+ characters mixing three character classes."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_LENGTH = 8
MIN_CLASSES = 3


def character_classes(password: str) -> int:
    classes = [
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(c in string.punctuation or (not c.isalnum() and not c.isspace()) for c in password),
    ]
    return sum(classes)


class ComplexityValidator:
    """At least 8 characters and at least three of: upper case, lower case, digits, symbols."""

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        if len(password) < MIN_LENGTH:
            errors.append(
                ValidationError(
                    _("密码至少需要%(n)d个字符。") % {"n": MIN_LENGTH}, code="password_too_short"
                )
            )
        if character_classes(password) < MIN_CLASSES:
            errors.append(
                ValidationError(
                    _("密码须包含大写字母、小写字母、数字、符号中的至少三类。"),
                    code="password_too_simple",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("至少8个字符，且包含大写字母、小写字母、数字、符号中的至少三类。")
