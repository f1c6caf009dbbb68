from django.urls import path

from grassroots.members.views import linking, roster

app_name = "members"

urlpatterns = [
    path("", roster.member_list, name="list"),
    path("links/", linking.links_home, name="links"),
    path("links/<int:node_id>/", linking.links_community, name="links_community"),
    path("links/<int:node_id>/assign/", linking.links_assign, name="links_assign"),
    path("links/<int:node_id>/accept/", linking.links_accept, name="links_accept"),
    path("links/<int:node_id>/target/", linking.links_target, name="links_target"),
    path("links/unlink/<int:link_id>/", linking.links_unlink, name="links_unlink"),
]
