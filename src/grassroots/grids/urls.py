from django.urls import path

from grassroots.grids import views

app_name = "grids"
urlpatterns = [
    path("", views.grid_list, name="list"),
    path("check/", views.check, name="check"),
    path("workers/", views.worker_list, name="workers"),
    path("workers/mine/", views.my_scorecard, name="my_scorecard"),
    path("workers.xlsx", views.workers_xlsx, name="workers_xlsx"),
    path("workers/<int:account_id>/", views.worker_detail, name="worker"),
    path("<int:node_id>/", views.grid_detail, name="grid"),
    path("<int:node_id>/posts/", views.post_add, name="post_add"),
    path("<int:node_id>/boards.docx", views.boards_docx, name="boards"),
    path("posts/<int:grid_post_id>/end/", views.post_end, name="post_end"),
    path("buildings/<int:building_id>/branch/", views.building_branch, name="building_branch"),
    path("buildings/<int:building_id>/board.docx", views.board_docx, name="board"),
    path("members/<int:party_member_id>/phone/", views.member_phone, name="member_phone"),
    # The building's public page (no sign-in): its signed key travels as ?k=.
    path("b/", views.public_board, name="public_board"),
]
