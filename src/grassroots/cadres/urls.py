from django.urls import path

from grassroots.cadres import views

app_name = "cadres"
urlpatterns = [
    path("", views.report, name="report"),
    path("report.docx", views.report_docx, name="report_docx"),
    path("roster/", views.roster, name="roster"),
    path("import/", views.roster_import, name="import"),
    path("roster.xlsx", views.roster_xlsx, name="roster_xlsx"),
    path("by-election/", views.by_election, name="by_election"),
    path("members/<int:member_id>/", views.member, name="member"),
    path("members/<int:member_id>/leave/", views.member_leave, name="member_leave"),
]
