"""What residents' demands add (民情诉求): intake, the workflow, supervision and the rates."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF, Role
from grassroots.kernel.plugins import HomePanel, Mount, NavEntry, Plugin, permission

VIEW_DEMANDS = "demands.view"  # the lists, a demand's page, the rates
RECORD_DEMANDS = "demands.record"  # record a demand, move it on (the workflow says which)
MANAGE_DEMANDS = "demands.manage"  # supervise, import from 12345, export the lists

_HANDLERS = (*STAFF, Role.PAIRED_UNIT_LIAISON)

plugin = Plugin(
    name="demands",
    personal_data="grassroots.demands.personal:personal_data",
    permissions=(
        permission(VIEW_DEMANDS, "查看民情诉求", roles=_HANDLERS),
        permission(RECORD_DEMANDS, "登记和办理民情诉求", roles=_HANDLERS),
        permission(MANAGE_DEMANDS, "督办、导入12345工单、导出清单", roles=OFFICE),
    ),
    urls=(Mount("demands/", include="grassroots.demands.urls"),),
    api_routers=("grassroots.demands.api:router", "grassroots.demands.api:public_router"),
    commands="grassroots.demands.cli",
    demo_seeds="grassroots.demands.demo_seeds",
    scope_samples="grassroots.demands.testing",
    navigation=(
        NavEntry(_("民情诉求"), "demands:mine", 80, current=("demands:",), permission=VIEW_DEMANDS),
    ),
    home_panels=(
        HomePanel(
            "demands/_panel.html",
            "grassroots.demands.workbench:demands_panel",
            permission=VIEW_DEMANDS,
            order=1,
        ),
    ),
)
