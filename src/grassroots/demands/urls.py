from django.urls import path

from grassroots.demands import views, views_demand, views_public, views_rates

app_name = "demands"
urlpatterns = [
    path("", views.problem_list, name="list"),
    path("responsibility/", views.responsibility_list, name="responsibility"),
    path("tasks/", views.task_list, name="tasks"),
    path("mine/", views.mine, name="mine"),
    path("new/", views_demand.create, name="create"),
    path("new/rooms/", views_demand.building_rooms, name="building_rooms"),
    path("board/", views_rates.board, name="board"),
    path("rates/", views_rates.rates_page, name="rates"),
    path("public/", views_public.submit, name="public"),
    path("public/track/", views_public.track, name="public_track"),
    path("<int:demand_id>/", views_demand.detail, name="detail"),
    path("<int:demand_id>/move/", views_demand.move, name="move"),
    path("<int:demand_id>/reveal/", views_demand.reveal, name="reveal"),
    path("<int:demand_id>/supervise/", views_demand.supervise, name="supervise"),
    path("<int:demand_id>/tasks/", views_demand.task_add, name="task_add"),
    path("<int:demand_id>/repeat/", views_demand.link_repeat, name="repeat"),
    path("<int:demand_id>/photos/", views_demand.photo_add, name="photo_add"),
    path("photos/<int:photo_id>/", views_demand.photo, name="photo"),
    path("tasks/<int:demand_task_id>/done/", views_demand.task_done, name="task_done"),
]
