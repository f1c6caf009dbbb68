from django.urls import path

from grassroots.sweeps import hazard_views, record_views, views

app_name = "sweeps"
urlpatterns = [
    path("", record_views.home, name="home"),
    path("tasks/<int:task_id>/", record_views.task_detail, name="task"),
    path("buildings/<int:building_id>/", record_views.building_rooms, name="building"),
    path("rooms/<int:room_id>/", record_views.room_visit, name="room"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/status/", views.campaign_status, name="campaign_status"),
    path("campaigns/<int:campaign_id>/unvisited/", views.campaign_unvisited, name="unvisited"),
    path("campaigns/<int:campaign_id>/quality/", views.campaign_quality, name="quality"),
    path("campaigns/<int:campaign_id>/visits/", views.campaign_visits, name="visits"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit"),
    path("visits/<int:visit_id>/photo/", hazard_views.visit_photo, name="visit_photo"),
    path("hazards/", hazard_views.hazard_list, name="hazards"),
    path("hazards/<int:hazard_id>/", hazard_views.hazard_detail, name="hazard"),
    path("hazards/<int:hazard_id>/photo/", hazard_views.hazard_photo, name="hazard_photo"),
    path("hazards/<int:hazard_id>/rectify/", hazard_views.hazard_rectify, name="rectify"),
]
