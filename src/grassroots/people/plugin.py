"""What the people module adds (人员): people of the org tree, and their personal data."""

from django.utils.translation import gettext_lazy as _

from grassroots.kernel.permissions import OFFICE, STAFF
from grassroots.kernel.plugins import (
    NAV_ORGANISATION,
    AuditDetail,
    Mount,
    NavEntry,
    NodeSection,
    Plugin,
    TreeTally,
    permission,
)

VIEW_PEOPLE = "people.view"
MANAGE_PEOPLE = "people.manage"
VIEW_PERSONAL_DATA = "people.view_personal_data"  # unmasked ID numbers and phones

plugin = Plugin(
    name="people",
    personal_data="grassroots.people.personal:personal_data",
    commands="grassroots.people.cli",
    permissions=(
        permission(VIEW_PEOPLE, "查看人员", roles=STAFF),
        permission(MANAGE_PEOPLE, "维护人员", roles=OFFICE),
        permission(VIEW_PERSONAL_DATA, "查看完整证件号码和电话", roles=OFFICE),
    ),
    urls=(Mount("people/", include="grassroots.people.urls"),),
    api_routers=("grassroots.people.api:router",),
    navigation=(
        NavEntry(
            _("人员"),
            "people:list",
            30,
            current=("people:",),
            permission=VIEW_PEOPLE,
            group=NAV_ORGANISATION,
        ),
    ),
    tree_tallies=(
        TreeTally("people", _("人员"), "people.Person", "org_node", order=10),
        TreeTally("members", _("党员"), "people.Person", "party_branch", tree="party"),
    ),
    tree_sections=(
        NodeSection(
            "people/_at_node.html",
            "grassroots.people.selectors:people_at_node_section",
            permission=VIEW_PEOPLE,
        ),
        NodeSection(
            "people/_party_members.html",
            "grassroots.people.selectors:party_members_section",
            tree="party",
            permission=VIEW_PEOPLE,
        ),
    ),
    audit_details=(
        AuditDetail(
            "fields",
            _("字段"),
            values="grassroots.people.models:Person",
            actions=(
                "person_created",
                "person_changed",
                "personal_data_viewed",
                "personal_data_exported",
            ),
        ),
        AuditDetail("person_id", _("人员编号")),
        AuditDetail("sheets", _("导出表数")),
        AuditDetail("subject_index", _("证件号码索引")),
        AuditDetail("org_node", _("单位编码")),
    ),
)
