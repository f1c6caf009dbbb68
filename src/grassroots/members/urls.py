from django.urls import path

from grassroots.members.views import roster

app_name = "members"

urlpatterns = [
    path("", roster.member_list, name="list"),
    path("coverage/", roster.coverage_page, name="coverage"),
]
