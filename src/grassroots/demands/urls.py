from django.urls import path

from grassroots.demands.views import demand, lists, own, public, rates

app_name = "demands"
urlpatterns = [
    path("", lists.problem_list, name="list"),
    path("responsibility/", lists.responsibility_list, name="responsibility"),
    path("tasks/", lists.task_list, name="tasks"),
    path("mine/", lists.mine, name="mine"),
    path("new/", demand.create, name="create"),
    path("new/rooms/", demand.building_rooms, name="building_rooms"),
    path("new/buildings/", demand.grid_buildings, name="grid_buildings"),
    path("board/", rates.board, name="board"),
    path("rates/", rates.rates_page, name="rates"),
    path("public/", public.submit, name="public"),
    path("public/track/", public.track, name="public_track"),
    path("public/buildings/", public.buildings, name="public_buildings"),
    path("own/", own.own_list, name="own"),
    path("own/new/", own.own_new, name="own_new"),
    path("own/<int:demand_id>/", own.own_detail, name="own_detail"),
    path("own/photos/<int:photo_id>/", own.own_photo, name="own_photo"),
    path("<int:demand_id>/", demand.detail, name="detail"),
    path("<int:demand_id>/move/", demand.move, name="move"),
    path("<int:demand_id>/reveal/", demand.reveal, name="reveal"),
    path("<int:demand_id>/supervise/", demand.supervise, name="supervise"),
    path("<int:demand_id>/tasks/", demand.task_add, name="task_add"),
    path("<int:demand_id>/repeat/", demand.link_repeat, name="repeat"),
    path("<int:demand_id>/photos/", demand.photo_add, name="photo_add"),
    path("photos/<int:photo_id>/", demand.photo, name="photo"),
    path("tasks/<int:demand_task_id>/done/", demand.task_done, name="task_done"),
]
