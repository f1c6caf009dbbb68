from django.urls import path

from grassroots.branchlife import views

app_name = "branchlife"
urlpatterns = [
    path("", views.index, name="index"),
    path("orgs/<int:party_org_id>/", views.org_page, name="org"),
    path("orgs/<int:party_org_id>/new/", views.meeting_new, name="new"),
    path("meetings/<int:branch_meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:branch_meeting_id>/edit/", views.meeting_edit, name="edit"),
]
