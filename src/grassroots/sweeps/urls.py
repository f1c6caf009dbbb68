from django.urls import path

from grassroots.sweeps.views import campaigns, hazards, records

app_name = "sweeps"
urlpatterns = [
    path("", records.home, name="home"),
    path("tasks/<int:task_id>/", records.task_detail, name="task"),
    path("buildings/<int:building_id>/", records.building_rooms, name="building"),
    path("rooms/<int:room_id>/", records.room_visit, name="room"),
    path("offline/", records.offline_page, name="offline"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/status/", campaigns.campaign_status, name="campaign_status"),
    path("campaigns/<int:campaign_id>/finish/", campaigns.campaign_finish, name="campaign_finish"),
    path("campaigns/<int:campaign_id>/unvisited/", campaigns.campaign_unvisited, name="unvisited"),
    path("campaigns/<int:campaign_id>/quality/", campaigns.campaign_quality, name="quality"),
    path("campaigns/<int:campaign_id>/visits/", campaigns.campaign_visits, name="visits"),
    path("visits/<int:visit_id>/", campaigns.visit_detail, name="visit"),
    path("visits/<int:visit_id>/photo/", hazards.visit_photo, name="visit_photo"),
    path("hazards/", hazards.hazard_list, name="hazards"),
    path("hazards/<int:hazard_id>/", hazards.hazard_detail, name="hazard"),
    path("hazards/<int:hazard_id>/photo/", hazards.hazard_photo, name="hazard_photo"),
    path("hazards/<int:hazard_id>/rectify/", hazards.hazard_rectify, name="rectify"),
]
