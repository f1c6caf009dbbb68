"""What the report page draws (the slides of a briefing): data for Chart.js, plain JSON.

Age bands, education, women per unit, one-shoulder units and cross-appointments, each for this
term and, when compared, the last.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grassroots.cadres.figures import Figures, round_half_up
from grassroots.cadres.models import Education
from grassroots.cadres.selectors import TermReport

# (label, lowest age, highest age): "35岁及以下" includes 35.
AGE_BANDS = (
    (gettext_lazy("35岁及以下"), 0, 35),
    (gettext_lazy("36—45岁"), 36, 45),
    (gettext_lazy("46—55岁"), 46, 55),
    (gettext_lazy("56—60岁"), 56, 60),
    (gettext_lazy("61岁及以上"), 61, 200),
)


def age_bands(figures: Figures) -> list[int]:
    return [sum(low <= age <= high for age in figures.ages) for _label, low, high in AGE_BANDS]


def education(figures: Figures) -> list[int]:
    return [figures.education.get(level.value, 0) for level in Education]


def _series(report: TermReport, values: object) -> list[dict]:
    series = [
        {"label": _("%(year)d年") % {"year": report.term.year}, "data": values(report.figures)}
    ]  # type: ignore[operator]
    if report.previous is not None:
        series.append(
            {
                "label": _("%(year)d年") % {"year": report.previous.term.year},
                "data": values(report.previous.figures),
            }
        )  # type: ignore[operator]
    return series


def _shares(figures: Figures) -> list[float | None]:
    """一肩挑 as a share of units, cross-appointment as a share of members, in per cent."""
    rates = figures.exact_rates
    values = (
        round_half_up(rates["one_shoulder_rate"]),
        round_half_up(rates["cross_appointed_rate"]),
    )
    return [float(value) if value is not None else None for value in values]


def chart_data(report: TermReport) -> dict:
    """Everything report.js needs, labels already in the page's language."""
    per_unit = report.figures.per_unit
    return {
        "ages": {
            "labels": [str(label) for label, _low, _high in AGE_BANDS],
            "series": _series(report, age_bands),
        },
        "education": {
            "labels": [str(level.label) for level in Education],
            "series": _series(report, education),
        },
        "women": {
            "labels": [row["unit"] for row in per_unit],
            "series": [
                {"label": _("女性成员"), "data": [row["women"] for row in per_unit]},
                {
                    "label": _("男性成员"),
                    "data": [row["members"] - row["women"] for row in per_unit],
                },
            ],
        },
        "posts": {
            "labels": [_("“一肩挑”村(社区)占比（%）"), _("交叉任职成员占比（%）")],
            "series": _series(report, _shares),
        },
    }


CARDS = (
    (gettext_lazy("村(社区)"), "units", None, None, ""),
    (gettext_lazy("两委成员"), "members", None, "members", ""),
    (gettext_lazy("“一肩挑”"), "one_shoulder_units", "one_shoulder_rate", None, ""),
    (gettext_lazy("平均年龄"), "average_age", None, "average_age", gettext_lazy("岁")),
    (
        gettext_lazy("35岁以下"),
        "aged_35_and_under",
        "aged_35_and_under_rate",
        "aged_35_and_under_rate",
        "",
    ),
    (
        gettext_lazy("大专及以上"),
        "college_or_above",
        "college_or_above_rate",
        "college_or_above_rate",
        "",
    ),
    (gettext_lazy("女性"), "women", "women_rate", "women_rate", ""),
    (gettext_lazy("交叉任职"), "cross_appointed", "cross_appointed_rate", None, ""),
)


def _signed(value: object, suffix: str) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:+d}{suffix}"
    return f"{value:+.1f}{suffix}"


def cards(report: TermReport) -> list[dict]:
    """The key figures as the page shows them: value, share, change since the last term."""
    summary, change = report.summary, report.change or {}
    shown = []
    for label, key, rate, changed, unit in CARDS:
        value = summary[key]
        suffix = _("个百分点") if changed and changed.endswith("_rate") else str(unit)
        shown.append(
            {
                "label": str(label),
                "key": key,
                "value": "—"
                if value is None
                else (f"{value:.1f}" if hasattr(value, "quantize") else str(value)),
                "unit": str(unit),
                "rate": f"{summary[rate]:.1f}%" if rate and summary[rate] is not None else "",
                "change": _signed(change.get(changed), suffix) if changed else "",
            }
        )
    return shown


def women_chart_height(report: TermReport) -> int:
    """Pixels for the per-unit bar chart: a readable bar for every unit."""
    return max(160, 60 + 22 * len(report.figures.per_unit))
