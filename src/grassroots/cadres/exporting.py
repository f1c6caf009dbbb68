"""Exporting a term's roster (两委名册导出) to xlsx, in the import's own columns.

The file imports back with ``cadres import``. ID numbers leave masked unless the caller asks
for them unmasked (a user holding the personal-data permission); the caller audits the export.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.db.models import QuerySet

from grassroots.cadres.models import CadreMember
from grassroots.cadres.rows import HEADERS
from grassroots.kernel.tabular import write_table
from grassroots.people.models import Gender

EXTRA_HEADERS = ("补选日期", "离任日期", "离任原因")


def _rows(members: QuerySet[CadreMember], *, unmasked: bool) -> Iterator[list[str]]:
    for member in members:
        id_number = member.id_number if unmasked else member.masked_id_number
        yield [
            member.unit.name,
            member.name,
            str(Gender(member.gender).label),
            member.birth_date.isoformat(),
            id_number or "",
            member.get_education_display(),
            member.get_party_post_display() if member.party_post else "",
            member.get_committee_post_display() if member.committee_post else "",
            member.joined_on.isoformat() if member.joined_on else "",
            member.left_on.isoformat() if member.left_on else "",
            member.left_reason,
        ]


def export_roster(
    members: QuerySet[CadreMember], path: str | Path, *, unmasked: bool = False
) -> int:
    """Write ``members`` (already scoped by the caller's selector) to ``path``."""
    return write_table(path, [*HEADERS, *EXTRA_HEADERS], _rows(members, unmasked=unmasked))
