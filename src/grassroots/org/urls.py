from django.urls import path

from grassroots.org import views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:node_id>/", views.node, name="node"),
    path("<int:node_id>/children/", views.node_children, name="node_children"),
    path("party/", views.party_tree, name="party_tree"),
    path("party/<int:party_org_id>/", views.party_org, name="party_org"),
]
