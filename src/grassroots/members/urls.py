from django.urls import path

from grassroots.members.views import mine, roster

app_name = "members"

urlpatterns = [
    path("", roster.member_list, name="list"),
    path("mine/", mine.mine, name="mine"),
    path("mine/households/<int:link_id>/", mine.household, name="mine_household"),
    path("mine/households/<int:link_id>/contact/", mine.contact, name="mine_contact"),
    path("mine/contacts/<int:contact_id>/note/", mine.contact_note, name="mine_contact_note"),
    path("mine/contacts/<int:contact_id>/demand/", mine.raise_demand, name="mine_demand"),
]
