"""What the surveys add (群众满意度、安全感测评): surveys of a unit's households, a sample drawn
from the registry by grid, answers taken by phone or through a one-time QR link, and the two
indicators they feed (群众满意度, 群众安全感), each shown with its sample size and its 95%
confidence interval."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF
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

VIEW_SURVEYS = "surveys.view"  # surveys, samples, progress and rates in scope
RECORD_SURVEYS = "surveys.record"  # record a call: answers, a refusal, unreachable
MANAGE_SURVEYS = "surveys.manage"  # create a survey, draw its sample, start and close it

plugin = Plugin(
    name="surveys",
    permissions=(
        permission(VIEW_SURVEYS, "查看满意度测评", roles=STAFF),
        permission(RECORD_SURVEYS, "记录测评电话回访结果", roles=STAFF),
        permission(MANAGE_SURVEYS, "创建测评、抽样、开始和结束测评", roles=OFFICE),
    ),
    urls=(Mount("surveys/", include="grassroots.surveys.urls"),),
    api_routers=("grassroots.surveys.api:router",),
    commands="grassroots.surveys.cli",
    demo_seeds="grassroots.surveys.demo_seeds",
    scope_samples="grassroots.surveys.testing",
    navigation=(
        NavEntry(
            _("满意度测评"),
            "surveys:list",
            58,
            current=("surveys:",),
            permission=VIEW_SURVEYS,
            group=NAV_GOVERNANCE,
        ),
    ),
    home_panels=(
        HomePanel(
            "surveys/_panel.html",
            "grassroots.surveys.selectors:home_panel",
            permission=VIEW_SURVEYS,
            order=40,
        ),
    ),
    audit_actions=(
        ("survey_created", "创建测评"),
        ("survey_sample_drawn", "测评抽样"),
        ("survey_status_changed", "测评状态变更"),
        ("survey_contact_recorded", "记录测评回访结果"),
        ("survey_answers_imported", "导入测评回答"),
    ),
    audit_details=(
        AuditDetail("survey_id", _("测评编号")),
        AuditDetail("sampled_id", _("样本户编号")),
        AuditDetail("sample_size", _("样本量")),
        AuditDetail("population", _("在住户数")),
        AuditDetail("seed", _("抽样种子")),
        AuditDetail(
            "status",
            _("状态"),
            values="grassroots.surveys.models:SurveyStatus",
            actions=("survey_status_changed",),
            change=True,
        ),
        AuditDetail("contact", _("联系结果"), values="grassroots.surveys.models:Outcome"),
        AuditDetail("channel", _("方式"), values="grassroots.surveys.models:Channel"),
        AuditDetail("answers", _("回答数")),
    ),
    indicators=(
        IndicatorSpec(
            code="satisfaction_rate",
            name=_("群众满意度"),
            unit="percent",
            direction="higher",
            counter="grassroots.surveys.indicators:satisfaction",
            targets={level: Decimal(98) for level in ("district", "street", "community")},
            sampled=True,
            order=40,
        ),
        IndicatorSpec(
            code="safety_rate",
            name=_("群众安全感"),
            unit="percent",
            direction="higher",
            counter="grassroots.surveys.indicators:safety",
            sampled=True,
            order=41,
        ),
    ),
)
