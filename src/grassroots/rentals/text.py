"""The campaign report as readable Chinese text, for the command line."""

from __future__ import annotations

from django.utils.translation import gettext as _

from grassroots.rentals.selectors import Figures, Report


def _rate(figures: Figures) -> str:
    rate = figures.rate
    return "—" if rate is None else f"{rate}%"


def figures_line(figures: Figures) -> str:
    methods = "，".join(f"{name}{n}" for name, n in figures.method_rows())
    return _(
        "发现%(found)d套，已整改%(done)d套，整改率%(rate)s，反弹%(rebounds)d次（%(methods)s）"
    ) % {
        "found": figures.identified,
        "done": figures.rectified,
        "rate": _rate(figures),
        "rebounds": figures.rebounds,
        "methods": methods,
    }


def report_text(report: Report) -> str:
    lines = [
        _("%(title)s（截至%(day)s）") % {"title": report.campaign.title, "day": report.as_of},
        figures_line(report.total),
    ]
    for row in report.streets + report.communities:
        lines.append(f"{row.node.name}（{row.node.code}）：{figures_line(row.figures)}")
    return "\n".join(lines)
