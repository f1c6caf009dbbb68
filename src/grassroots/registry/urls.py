from django.urls import path

from grassroots.registry.views import residents, transfer

app_name = "registry"
urlpatterns = [
    path("", residents.resident_list, name="residents"),
    path("new/", residents.resident_create, name="resident_create"),
    path("residents/<int:resident_id>/", residents.resident_detail, name="resident"),
    path("residents/<int:resident_id>/edit/", residents.resident_edit, name="resident_edit"),
    path("residents/<int:resident_id>/move/", residents.resident_move, name="resident_move"),
    path("residents/<int:resident_id>/reveal/", residents.resident_reveal, name="resident_reveal"),
    path("rooms/<int:room_id>/", residents.room_detail, name="room"),
    path("buildings/", residents.building_list, name="buildings"),
    path("buildings/<int:building_id>/", residents.building_detail, name="building"),
    path("import/", transfer.upload, name="import"),
    path("import/template.xlsx", transfer.template, name="template"),
    path("import/<int:job_id>/", transfer.job_detail, name="job"),
    path("import/<int:job_id>/confirm/", transfer.job_confirm, name="job_confirm"),
    path("import/<int:job_id>/errors.xlsx", transfer.job_errors, name="job_errors"),
    path("export/", transfer.export, name="export"),
]
