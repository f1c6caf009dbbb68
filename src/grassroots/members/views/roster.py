"""Pages of party members at work (党员作用发挥)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grassroots.members import selectors
from grassroots.members.plugin import VIEW_MEMBERS
from grassroots.web.decorators import requires


@requires(VIEW_MEMBERS)
def member_list(request: HttpRequest) -> HttpResponse:
    """The roster of the members the user sees."""
    members = selectors.roster(request.user)
    return render(request, "members/list.html", {"members": members})
