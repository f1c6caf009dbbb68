"""Person pages: list, detail with masked personal data, the audited reveal, create and edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.kernel.permissions import has_permission
from grassroots.kernel.scope import get_visible_or_404
from grassroots.org.models import OrgNode, PartyOrganization
from grassroots.people.forms import PersonForm
from grassroots.people.models import Person
from grassroots.people.plugin import MANAGE_PEOPLE, VIEW_PEOPLE, VIEW_PERSONAL_DATA
from grassroots.people.selectors import people_for
from grassroots.people.services import (
    DuplicateIdNumberError,
    create_person,
    reveal_personal_data,
    update_person,
)
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

PAGE_SIZE = 20
MAX_QUERY = 50


@requires(VIEW_PEOPLE)
def person_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    party_only = request.GET.get("party") == "1"
    node = branch = None
    if request.GET.get("node"):
        node = get_visible_or_404(OrgNode, user, pk=request.GET["node"])
    if request.GET.get("branch"):
        branch = get_visible_or_404(PartyOrganization, user, pk=request.GET["branch"])
    people = people_for(user, query=query, party_members_only=party_only, node=node, branch=branch)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/list.html",
        {
            "page": page,
            "query": query,
            "party_only": party_only,
            "node": node,
            "branch": branch,
            "can_manage": has_permission(user, MANAGE_PEOPLE),
        },
    )


def _detail_context(request: HttpRequest, person: Person, **extra: Any) -> dict[str, Any]:
    return {
        "person": person,
        "can_reveal": has_permission(request.user, VIEW_PERSONAL_DATA),
        "can_manage": has_permission(request.user, MANAGE_PEOPLE),
        **extra,
    }


@requires(VIEW_PEOPLE)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_visible_or_404(Person, request.user, pk=person_id)
    return render(request, "people/detail.html", _detail_context(request, person))


@requires(VIEW_PERSONAL_DATA)
@require_POST
def person_reveal(request: HttpRequest, person_id: int) -> HttpResponse:
    """Show the unmasked ID number and phone, once, and leave an audit record of it."""
    person = get_visible_or_404(Person, request.user, pk=person_id)
    revealed = reveal_personal_data(person, actor=request.user, request=request)
    context = _detail_context(request, person, revealed=revealed)
    template = "people/_personal.html" if request.htmx else "people/detail.html"
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"  # never keep unmasked values in a browser cache
    return response


@requires(MANAGE_PEOPLE)
@once_per_form
def person_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial_node = user.org_node
    if request.GET.get("node"):
        initial_node = get_visible_or_404(OrgNode, user, pk=request.GET["node"])
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        user=user,
        initial={"org_node": initial_node.pk if initial_node else None},
    )
    if form.is_bound and form.is_valid():
        try:
            person = create_person(data=form.to_fields(), actor=user, request=request)
        except DuplicateIdNumberError as exc:
            form.add_error("id_number", str(exc))
        else:
            messages.success(request, _("已新增人员：%(name)s") % {"name": person.name})
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/form.html", {"form": form, "person": None})


@requires(MANAGE_PEOPLE)
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_visible_or_404(Person, request.user, pk=person_id)
    form = PersonForm(
        request.POST if request.method == "POST" else None, user=request.user, person=person
    )
    if form.is_bound and form.is_valid():
        try:
            person = update_person(
                person, data=form.to_fields(), actor=request.user, request=request
            )
        except DuplicateIdNumberError as exc:
            form.add_error("id_number", str(exc))
        else:
            messages.success(request, _("已保存：%(name)s") % {"name": person.name})
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/form.html", {"form": form, "person": person})
