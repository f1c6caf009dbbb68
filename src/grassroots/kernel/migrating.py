"""Operations that several apps' migrations share."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models.functions import Length, Substr


def cut_blind_indexes(
    app_label: str, model_name: str, *fields: str, length: int = 32
) -> migrations.RunPython:
    """Cut the stored blind indexes of ``fields`` to their first ``length`` hex characters: the
    index of a value computed now is the leading part of the one stored before. Run it before
    the fields' ``max_length`` shrinks. Going back leaves the short indexes, which the longer
    fields hold as well (but the earlier code would not find them)."""

    def cut(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        rows = model.objects.using(schema_editor.connection.alias)
        for field in fields:
            rows.alias(stored=Length(field)).filter(stored__gt=length).update(
                **{field: Substr(field, 1, length)}
            )

    return migrations.RunPython(cut, migrations.RunPython.noop)
