"""Pages of the grid roster and the notice boards.

Staff see the grids of their unit with their gaps, one grid's roster, and download the notices
(per building, or one document per grid or community). The office appoints and ends posts,
sets a building's party organisation and records a member's published phone. The building's
public page needs no sign-in: the signed token in its address is all it reads.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grassroots.demands import public
from grassroots.demands.models import Channel
from grassroots.demands.services import DemandInput, DemandInputError
from grassroots.grids import boards as documents
from grassroots.grids import selectors, services
from grassroots.grids.forms import (
    BoardPhoneForm,
    BuildingBranchForm,
    BuildingDemandForm,
    EndPostForm,
    PostForm,
)
from grassroots.grids.plugin import MANAGE_GRIDS, MY_SCORECARD, VIEW_GRIDS, WORKER_SCORECARDS
from grassroots.grids.selectors import Board, WorkerCard
from grassroots.indicators.periods import Period, PeriodError, parse_period
from grassroots.kernel.exports import write_table
from grassroots.kernel.permissions import has_permission
from grassroots.org.models import OrgNode
from grassroots.web.decorators import requires
from grassroots.web.once import once_per_form

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit(request: HttpRequest) -> OrgNode | None:
    """The unit asked for in ``?unit=`` (a node id), else the user's own; out of scope: 404."""
    raw = request.GET.get("unit", "")
    if raw.isdigit():
        return selectors.unit(request.user, int(raw))
    return getattr(request.user, "org_node", None)


def _list_page(request: HttpRequest, node: OrgNode | None) -> HttpResponse:
    lines = selectors.overview(request.user, node)
    return render(
        request,
        "grids/list.html",
        {
            "node": node,
            "lines": lines,
            "gap_count": sum(1 for line in lines if line.gaps),
            "units": selectors.units(request.user),
        },
    )


@requires(VIEW_GRIDS)
def grid_list(request: HttpRequest) -> HttpResponse:
    """The grids of a unit: who serves each, and what each lacks."""
    return _list_page(request, _unit(request))


@requires(VIEW_GRIDS)
def check(request: HttpRequest) -> HttpResponse:
    """The grids without a chief, a worker or a party branch."""
    node = _unit(request)
    return render(
        request,
        "grids/check.html",
        {"node": node, "lines": selectors.gaps(request.user, node)},
    )


def _grid_context(request: HttpRequest, node_id: int, **forms: object) -> dict:
    roster = selectors.roster(request.user, node_id)
    grid = roster.grid
    manage = has_permission(request.user, MANAGE_GRIDS)
    buildings = selectors.boards(request.user, grid)
    context = {
        "roster": roster,
        "grid": grid,
        "boards": buildings,
        "manage": manage,
        "members": selectors.grid_members(request.user, grid) if manage else [],
        "party_orgs": selectors.grid_party_orgs(request.user, grid.pk) if manage else [],
    }
    if manage:
        context["post_form"] = forms.get("post_form") or PostForm(
            people=selectors.grid_people(request.user, grid)
        )
    return context


@requires(VIEW_GRIDS)
def grid_detail(request: HttpRequest, node_id: int) -> HttpResponse:
    """One grid's roster (一格多员) and its buildings' notices; a unit above grids shows the
    list of its grids."""
    node = selectors.unit(request.user, node_id)
    if not selectors.is_grid(node):
        return _list_page(request, node)
    return render(request, "grids/grid.html", _grid_context(request, node_id))


@requires(MANAGE_GRIDS)
@require_POST
@once_per_form
def post_add(request: HttpRequest, node_id: int) -> HttpResponse:
    grid = selectors.grid(request.user, node_id)
    form = PostForm(request.POST, people=selectors.grid_people(request.user, grid))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.appoint_post(
                grid=grid,
                role=data["role"],
                since=data["since"],
                person=data["person"],
                name=data["name"],
                work_phone=data["work_phone"],
                actor=request.user,
                request=request,
            )
        except services.GridError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("已登记任职"))
            return redirect("grids:grid", node_id=grid.pk)
    context = _grid_context(request, node_id, post_form=form)
    return render(request, "grids/grid.html", context, status=400)


@requires(MANAGE_GRIDS)
@require_POST
def post_end(request: HttpRequest, grid_post_id: int) -> HttpResponse:
    post = selectors.post(request.user, grid_post_id)
    form = EndPostForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的离任日期"))
        return redirect("grids:grid", node_id=post.grid_id)
    try:
        services.end_post(
            post,
            version=form.cleaned_data["version"],
            until=form.cleaned_data["until"],
            actor=request.user,
            request=request,
        )
    except services.GridError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已登记离任"))
    return redirect("grids:grid", node_id=post.grid_id)


@requires(MANAGE_GRIDS)
@require_POST
def building_branch(request: HttpRequest, building_id: int) -> HttpResponse:
    building = selectors.building(request.user, building_id)
    form = BuildingBranchForm(
        request.POST, party_orgs=selectors.building_party_orgs(request.user, building)
    )
    if form.is_valid():
        try:
            services.set_building_branch(
                building,
                party_org=form.cleaned_data["party_org"],
                actor=request.user,
                request=request,
            )
        except services.GridError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已设置楼栋党组织"))
    else:
        messages.error(request, _("请选择本网格的党组织"))
    return redirect("grids:grid", node_id=building.grid_id)


@requires(MANAGE_GRIDS)
@require_POST
def member_phone(request: HttpRequest, party_member_id: int) -> HttpResponse:
    member = selectors.member(request.user, party_member_id)
    form = BoardPhoneForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("grids:grid", node_id=member.grid_id)
    phone = form.cleaned_data["work_phone"]
    if phone:
        services.agree_board_phone(
            member,
            work_phone=phone,
            agreed_on=form.cleaned_data["agreed_on"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("已登记党员同意公开的工作电话"))
    else:
        services.withdraw_board_phone(member, actor=request.user, request=request)
        messages.success(request, _("已撤回，公示牌只印姓名"))
    return redirect("grids:grid", node_id=member.grid_id)


# --- the notices -----------------------------------------------------------------------------


def public_url(request: HttpRequest, board: Board) -> str:
    """The absolute address the QR code of a notice opens."""
    path = reverse("grids:public_board")
    return request.build_absolute_uri(f"{path}?k={quote(board.token)}")


def _docx(request: HttpRequest, found: list[Board], node: OrgNode, filename: str) -> HttpResponse:
    body = documents.notice_bytes(found, lambda b: public_url(request, b))
    services.record_boards_download(
        actor=request.user, request=request, node=node, buildings=len(found)
    )
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@requires(VIEW_GRIDS)
def board_docx(request: HttpRequest, building_id: int) -> HttpResponse:
    """One building's notice (.docx)."""
    board = selectors.board(request.user, building_id)
    return _docx(request, [board], board.grid, f"亮身份公示牌-{board.title}.docx")


@requires(VIEW_GRIDS)
def boards_docx(request: HttpRequest, node_id: int) -> HttpResponse:
    """Every building's notice under a grid or a community: one page each, one document."""
    node = selectors.unit(request.user, node_id)
    found = selectors.boards(request.user, node)
    if not found:
        messages.error(request, _("该范围内没有楼栋"))
        return redirect(f"{reverse('grids:list')}?unit={node.pk}")
    return _docx(request, found, node, f"亮身份公示牌-{node.name}.docx")


def _too_many(request: HttpRequest, board: Board, form: BuildingDemandForm) -> HttpResponse:
    context = {"board": board, "form": form, "error": _("提交过于频繁，请一小时后再试")}
    response = render(request, "grids/public_board.html", context, status=429)
    response["Retry-After"] = "3600"
    return response


def public_board(request: HttpRequest) -> HttpResponse:
    """A building's public page (no sign-in): who serves it, and a demand form whose grid and
    building are the notice's. The public demand page's own service and limits apply."""
    board = selectors.public_board(request.GET.get("k", ""))
    form = BuildingDemandForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        data = DemandInput(
            title=c["title"],
            description=c["description"],
            category=c["category"],
            channel=Channel.WEB,
            grid=board.grid,
            building=board.building,
            address=f"{board.title}{c['address']}"[:200],
            reporter_name=c["reporter_name"],
            reporter_phone=c["reporter_phone"],
        )
        try:
            demand = public.submit_public_demand(data, request=request)
        except public.TooManyRequests:
            return _too_many(request, board, form)
        except DemandInputError as exc:
            form.add_error(None, exc.message)
        else:
            return render(request, "grids/public_done.html", {"board": board, "demand": demand})
    status = 400 if form.is_bound else 200
    return render(request, "grids/public_board.html", {"board": board, "form": form}, status=status)


# --- the grid worker's scorecard (网格员考核) ---------------------------------------------------


def _period(request: HttpRequest) -> tuple[Period, str]:
    """The period asked for in ``?period=`` (2026-11, 2026-Q4, 2026), else this month; a period
    written otherwise is this month and the reason."""
    text = request.GET.get("period", "").strip()
    this_month = parse_period(f"{timezone.localdate():%Y-%m}")
    if not text:
        return this_month, ""
    try:
        return parse_period(text), ""
    except PeriodError as error:
        return this_month, str(error)


def _worker_page(request: HttpRequest, account_id: int) -> HttpResponse:
    all_workers = has_permission(request.user, WORKER_SCORECARDS)
    account = selectors.worker(request.user, account_id, all_workers=all_workers)
    period, problem = _period(request)
    card = selectors.worker_card(account, period)
    return render(
        request,
        "grids/worker.html",
        {"card": card, "problem": problem, "all_workers": all_workers},
    )


@requires(MY_SCORECARD)
def worker_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    """One grid worker's scorecard for a month, a quarter or a year: their own, or any in the
    office's unit."""
    return _worker_page(request, account_id)


@requires(MY_SCORECARD)
def my_scorecard(request: HttpRequest) -> HttpResponse:
    """The signed-in grid worker's own scorecard (我的考核)."""
    return _worker_page(request, request.user.pk)


def _cards(request: HttpRequest) -> tuple[OrgNode | None, Period, str, list[WorkerCard]]:
    node = _unit(request)
    period, problem = _period(request)
    cards = [selectors.worker_card(a, period) for a in selectors.workers(request.user, node)]
    return node, period, problem, cards


@requires(WORKER_SCORECARDS)
def worker_list(request: HttpRequest) -> HttpResponse:
    """The grid workers of a unit and their figures for a period (网格员考核)."""
    node, period, problem, cards = _cards(request)
    return render(
        request,
        "grids/workers.html",
        {
            "node": node,
            "period": period,
            "problem": problem,
            "cards": cards,
            "units": selectors.units(request.user),
        },
    )


@requires(WORKER_SCORECARDS)
def workers_xlsx(request: HttpRequest) -> HttpResponse:
    """The list as a workbook: a row per worker, a column per figure."""
    node, period, _problem, cards = _cards(request)
    figures = cards[0].figures if cards else []
    headers = [_("网格"), _("网格员"), *[f"{f.label}（{f.unit}）" for f in figures]]
    rows = [
        [c.account.org_node.name if c.account.org_node else "", str(c.account)]
        + [f.value for f in c.figures]
        for c in cards
    ]
    with tempfile.TemporaryDirectory(prefix="workers-") as folder:
        path = Path(folder) / "workers.xlsx"
        write_table(path, headers, rows, title=_("网格员考核"))
        content = path.read_bytes()
    unit = node.name if node else _("全部")
    response = HttpResponse(content, content_type=XLSX)
    filename = quote(f"{unit}{_('网格员考核')}{period.label}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
