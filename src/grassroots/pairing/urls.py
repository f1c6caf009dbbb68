from django.urls import path

from grassroots.pairing import views

app_name = "pairing"

urlpatterns = [
    path("", views.pairing_list, name="list"),
    path("board/", views.board_page, name="board"),
    path("board/export.xlsx", views.board_xlsx, name="board_xlsx"),
    path("board/export.docx", views.board_docx, name="board_docx"),
    path("<int:pairing_id>/", views.pairing_detail, name="detail"),
    path("<int:pairing_id>/agreements/", views.agreement_add, name="agreement_add"),
    path("<int:pairing_id>/pledges/", views.pledge_add, name="pledge_add"),
    path("agreements/<int:agreement_id>/file/", views.agreement_file, name="agreement_file"),
    path("pledges/<int:pledge_id>/", views.pledge_detail, name="pledge"),
    path("pledges/<int:pledge_id>/progress/", views.progress, name="progress"),
    path("pledges/<int:pledge_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("pledges/<int:pledge_id>/close/", views.close, name="close"),
    path("pledges/<int:pledge_id>/reopen/", views.reopen, name="reopen"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
]
