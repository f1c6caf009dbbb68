"""The kept counts of the indicators (考核指标) and the criminal case counts they read.

``IndicatorCount`` holds, for each indicator, node of the tree and period, the numerator and
the denominator as the last rollup found them: every node, leaves and the units above them,
so a district's page of twenty indicators is one indexed read, never a count of raw rows.
``CriminalCaseCount`` is what the public-security side reports per community and month.
"""

from __future__ import annotations

from django.db import models

from grassroots.kernel.db.around import written_around_orm
from grassroots.kernel.scope import ScopedManager, scoped


class PeriodKind(models.TextChoices):
    MONTH = "month", "月"
    QUARTER = "quarter", "季度"
    YEAR = "year", "年"


@scoped(node="node")
class IndicatorCount(models.Model):
    """One indicator's numerator and denominator for one node and period (kept by the rollup)."""

    code = models.CharField("指标", max_length=60)
    node = models.ForeignKey(
        "org.OrgNode", on_delete=models.CASCADE, related_name="+", verbose_name="组织节点"
    )
    period_kind = models.CharField("期间类型", max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField("期间开始")
    numerator = models.PositiveBigIntegerField("分子")
    denominator = models.PositiveBigIntegerField("分母")
    computed_at = models.DateTimeField("汇总时间")

    objects = ScopedManager()

    class Meta:
        verbose_name = "指标计数"
        verbose_name_plural = "指标计数"
        constraints = [
            models.UniqueConstraint(
                fields=["period_kind", "period_start", "node", "code"],
                name="indicators_count_one_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.period_start} {self.numerator}/{self.denominator}"


@scoped(node="community")
class CriminalCaseCount(models.Model):
    """Criminal cases filed in one community in one month (刑事案件数), as imported."""

    community = models.ForeignKey(
        "org.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name="社区"
    )
    month = models.DateField("月份")  # the first day of the month
    cases = models.PositiveIntegerField("刑事案件数")
    imported_at = models.DateTimeField("导入时间", auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = "刑事案件数"
        verbose_name_plural = "刑事案件数"
        constraints = [
            models.UniqueConstraint(
                fields=["community", "month"], name="indicators_cases_one_per_month"
            )
        ]
        indexes = [models.Index(fields=["month"], name="indicators_cases_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.cases}"


# The rollup writes a period's counts (every indicator of every node) as raw rows
# (kernel/db/rows.py): no save() override or save signal may appear on them.
written_around_orm(IndicatorCount)
