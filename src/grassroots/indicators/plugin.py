"""What the indicator engine adds (考核指标): kept counts of every module's indicators per node
and period, read by the command line and the API, and the criminal case counts it imports.

The engine declares one indicator of its own, 万人刑事案件发案率, whose cases come from the
public-security side by import; 群众满意度 and 安全感 are the surveys' (surveys/plugin.py).
"""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import STAFF
from grassroots.kernel.plugins import (
    NAV_GOVERNANCE,
    AuditDetail,
    HomePanel,
    IndicatorSpec,
    Mount,
    NavEntry,
    Plugin,
    permission,
)

VIEW_INDICATORS = "indicators.view"
EXPORTED = "indicators_exported"

plugin = Plugin(
    name="indicators",
    # A grid worker reads their own grid's figures: the scope keeps the rest from them.
    permissions=(permission(VIEW_INDICATORS, "查看考核指标", roles=STAFF),),
    urls=(Mount("indicators/", include="grassroots.indicators.urls"),),
    navigation=(
        NavEntry(
            _("考核指标"),
            "indicators:scorecard",
            85,
            current=("indicators:",),
            permission=VIEW_INDICATORS,
            group=NAV_GOVERNANCE,
        ),
    ),
    api_routers=("grassroots.indicators.api:router",),
    commands="grassroots.indicators.cli",
    scope_samples="grassroots.indicators.testing",
    demo_seeds="grassroots.indicators.demo_seeds",
    # First on the home page: the unit's results lead, what needs doing follows.
    home_panels=(
        HomePanel(
            "indicators/_glance.html",
            "grassroots.indicators.panels:results_panel",
            permission=VIEW_INDICATORS,
            order=-10,
        ),
    ),
    indicators=(
        IndicatorSpec(
            code="criminal_cases_per_10k",
            name=_("万人刑事案件发案率"),
            unit="per_10k",
            direction="lower",
            counter="grassroots.indicators.counters:criminal_cases",
            rows="grassroots.indicators.counters:criminal_case_rows",
            track_falls=True,
            order=30,
        ),
    ),
    audit_actions=(
        ("indicator_counts_rolled_up", "汇总考核指标"),
        ("criminal_cases_imported", "导入刑事案件数"),
        (EXPORTED, "导出考核指标"),
    ),
    audit_details=(
        AuditDetail("period", _("统计期间"), actions=("indicator_counts_rolled_up", EXPORTED)),
        AuditDetail("indicators", _("指标数"), actions=("indicator_counts_rolled_up",)),
    ),
)
