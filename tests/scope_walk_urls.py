"""A deliberately careless URL map: proves the scope walk notices what it is there to notice."""

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from grassroots.org.models import OrgNode
from grassroots.people.models import Person
from grassroots.sweeps.models import Campaign


def every_code(request: HttpRequest) -> HttpResponse:
    # No visible_to: lists the whole tree to whoever asks.
    return HttpResponse(" ".join(OrgNode.objects.values_list("code", flat=True)))


def any_node(request: HttpRequest, node_id: int) -> JsonResponse:
    node = OrgNode.objects.filter(pk=node_id).first()
    if node is None:
        return JsonResponse({"detail": "not found"}, status=404)
    return JsonResponse({"code": node.code})


def forbidden_outside(request: HttpRequest, person_id: int) -> HttpResponse:
    # Tells "exists but not yours" (403) apart from "no such id" (404).
    if not Person.objects.filter(pk=person_id).exists():
        return HttpResponse(status=404)
    if not Person.objects.visible_to(request.user).filter(pk=person_id).exists():
        return HttpResponse(status=403)
    return HttpResponse("ok")


def hides_own(request: HttpRequest, node_id: int) -> HttpResponse:
    return HttpResponse(status=404)


def crashes_on_big_ids(request: HttpRequest, node_id: int) -> HttpResponse:
    if node_id > 2**63:
        raise OverflowError("id too large for the database")
    return HttpResponse(
        status=200 if OrgNode.objects.visible_to(request.user).filter(pk=node_id).exists() else 404
    )


def whole_campaign(request: HttpRequest, campaign_id: int) -> HttpResponse:
    # Reads the campaign through its scope (a street may read its district's), then lists its
    # whole subtree, the other streets included, instead of the reader's part.
    campaign = Campaign.objects.visible_to(request.user).filter(pk=campaign_id).first()
    if campaign is None:
        return HttpResponse(status=404)
    nodes = OrgNode.objects.filter(path__startswith=campaign.node.path)
    return HttpResponse(" ".join(nodes.values_list("code", flat=True)))


def signs_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponse("bye")


def unregistered(request: HttpRequest, widget_id: int) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("codes/", every_code, name="every_code"),
    path("nodes/<int:node_id>/", any_node, name="any_node"),
    path("people/<int:person_id>/", forbidden_outside, name="forbidden_outside"),
    path("hidden/<int:node_id>/", hides_own, name="hides_own"),
    path("big/<int:node_id>/", crashes_on_big_ids, name="crashes_on_big_ids"),
    path("bye/", signs_out, name="signs_out"),
    path("above/<int:campaign_id>/", whole_campaign, name="whole_campaign"),
    path("widgets/<int:widget_id>/", unregistered, name="unregistered"),
]
