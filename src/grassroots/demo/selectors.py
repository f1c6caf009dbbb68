"""What the demo command reports: the demo logins' units and the size of the district.

These are operator reads from the command line, outside any user's scope.
"""

from __future__ import annotations

from django.db.models import Count

from grassroots.accounts.models import Account
from grassroots.demo.logins import DEMO_LOGINS, DemoLogin
from grassroots.org.models import Level, OrgNode, PartyOrganization
from grassroots.people.models import Person


def demo_login_homes() -> list[tuple[DemoLogin, OrgNode | None]]:
    """Each demo login with the unit its account belongs to (None if there is no account)."""
    accounts = Account.objects.select_related("org_node").filter(
        username__in=[login.username for login in DEMO_LOGINS]
    )
    homes = {a.username: a.org_node for a in accounts}
    return [(login, homes.get(login.username)) for login in DEMO_LOGINS]


def district_counts(district: OrgNode) -> dict[str, int]:
    """Rows in the district's subtree: nodes by level, party organisations, people, accounts."""
    by_level = dict(
        OrgNode.objects.filter(path__within=district.path)
        .values_list("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {level.value: by_level.get(level.value, 0) for level in Level}
    counts["party_organizations"] = PartyOrganization.objects.filter(
        org_node__path__within=district.path
    ).count()
    people = Person.objects.filter(org_node__path__within=district.path)
    counts["people"] = people.count()
    counts["party_members"] = people.filter(is_party_member=True).count()
    counts["accounts"] = Account.objects.filter(org_node__path__within=district.path).count()
    return counts
