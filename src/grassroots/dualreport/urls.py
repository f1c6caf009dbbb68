from django.urls import path

from grassroots.dualreport import views

app_name = "dualreport"
urlpatterns = [
    path("", views.index, name="index"),
    path("posts/", views.post_list, name="posts"),
    path("posts/<int:service_post_id>/", views.post_edit, name="post"),
    path("units/", views.unit_list, name="units"),
    path("units/<int:unit_report_id>/confirm/", views.unit_confirm, name="unit_confirm"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:member_report_id>/", views.report_detail, name="report"),
    path("records/", views.record_list, name="records"),
    path("records/<int:service_record_id>/", views.record_detail, name="record"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/xlsx/", views.feedback_xlsx, name="feedback_xlsx"),
    path("feedback/zip/", views.feedback_zip, name="feedback_zip"),
    path("my/", views.my, name="my"),
    path("my/report/", views.my_report, name="my_report"),
    path("my/log/", views.my_log, name="my_log"),
    path("my/records/<int:service_record_id>/", views.my_record, name="my_record"),
]
