from django.urls import path

from grassroots.registry import transfer_views, views

app_name = "registry"
urlpatterns = [
    path("", views.resident_list, name="residents"),
    path("new/", views.resident_create, name="resident_create"),
    path("residents/<int:resident_id>/", views.resident_detail, name="resident"),
    path("residents/<int:resident_id>/edit/", views.resident_edit, name="resident_edit"),
    path("residents/<int:resident_id>/move/", views.resident_move, name="resident_move"),
    path("residents/<int:resident_id>/reveal/", views.resident_reveal, name="resident_reveal"),
    path("rooms/<int:room_id>/", views.room_detail, name="room"),
    path("buildings/", views.building_list, name="buildings"),
    path("buildings/<int:building_id>/", views.building_detail, name="building"),
    path("import/", transfer_views.upload, name="import"),
    path("import/template.xlsx", transfer_views.template, name="template"),
    path("import/<int:job_id>/", transfer_views.job_detail, name="job"),
    path("import/<int:job_id>/confirm/", transfer_views.job_confirm, name="job_confirm"),
    path("import/<int:job_id>/errors.xlsx", transfer_views.job_errors, name="job_errors"),
    path("export/", transfer_views.export, name="export"),
]
