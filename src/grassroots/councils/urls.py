from django.urls import path

from grassroots.councils import views

app_name = "councils"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/decisions/", views.decision_add, name="decision_add"),
    path("meetings/<int:meeting_id>/hands/", views.hands, name="hands"),
    path("meetings/<int:meeting_id>/notice.docx", views.notice, name="notice"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision"),
    path("decisions/<int:decision_id>/progress/", views.decision_progress, name="progress"),
    path("decisions/<int:decision_id>/upload/", views.decision_upload, name="upload"),
    path("decisions/<int:decision_id>/close/", views.decision_close, name="close"),
    path("decisions/<int:decision_id>/reopen/", views.decision_reopen, name="reopen"),
    path("evidence/<int:decision_evidence_id>/", views.evidence_file, name="evidence"),
    path("conventions/", views.convention_list, name="conventions"),
    path("conventions/<int:convention_id>/", views.convention_detail, name="convention"),
    path(
        "conventions/<int:convention_id>/propose/",
        views.convention_propose,
        name="convention_propose",
    ),
]
