"""The API's documentation is in the navigation of the roles that may use the API only."""

from __future__ import annotations

import pytest

from grassroots.kernel.permissions import Role


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.DISTRICT_ADMIN, True),
        (Role.GRID_WORKER, True),
        (Role.PAIRED_UNIT_LIAISON, True),
        (Role.PARTY_MEMBER, False),
        (Role.RESIDENT, False),
    ],
)
def test_the_api_documentation_link_shows_to_the_roles_that_use_the_api(as_role, role, shown):
    home = as_role(role).get("/").content.decode()
    assert ("API文档" in home) is shown
