"""What an import reports: the counts the writer keeps as it goes, and their summary."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from grassroots.kernel.importing import ImportResult


@dataclass
class RegistryImportResult(ImportResult):
    rows: int = 0
    rooms_created: int = 0
    households_created: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        head = _("校验通过（未写入）：") if self.dry_run else ""
        return head + _(
            "共%(rows)d行；居民新增%(created)d 更新%(updated)d 未变%(unchanged)d；"
            "新建房屋%(rooms)d、户%(households)d"
        ) % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rooms": self.rooms_created,
            "households": self.households_created,
        }


__all__ = ["RegistryImportResult"]
