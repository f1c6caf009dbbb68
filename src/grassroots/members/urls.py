from django.urls import path

from grassroots.members.views import linking, mine, roster

app_name = "members"

urlpatterns = [
    path("", roster.member_list, name="list"),
    path("mine/", mine.mine, name="mine"),
    path("mine/households/<int:link_id>/", mine.household, name="mine_household"),
    path("mine/households/<int:link_id>/contact/", mine.contact, name="mine_contact"),
    path("mine/contacts/<int:contact_id>/note/", mine.contact_note, name="mine_contact_note"),
    path("mine/contacts/<int:contact_id>/demand/", mine.raise_demand, name="mine_demand"),
    path("links/", linking.links_home, name="links"),
    path("links/<int:node_id>/", linking.links_community, name="links_community"),
    path("links/<int:node_id>/assign/", linking.links_assign, name="links_assign"),
    path("links/<int:node_id>/accept/", linking.links_accept, name="links_accept"),
    path("links/<int:node_id>/target/", linking.links_target, name="links_target"),
    path("links/unlink/<int:link_id>/", linking.links_unlink, name="links_unlink"),
    path("coverage/", roster.coverage_page, name="coverage"),
]
